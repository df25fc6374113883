// `--config exp.json|exp.yaml`: the same fields as the flags (camelCase), each checked by its flag's own schema;
// unknown and repeated fields are refused by name. Flags given on the command line win over the file. A config is
// small, so the file is bounded in bytes before it is parsed and in fields before they are checked, and a message
// shows at most ~100 characters of it: a damaged or hostile file is refused in milliseconds with one short line.
import { createRequire } from 'node:module';
import type { Command } from 'commander';
import type * as Yaml from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { echo } from '../io/echo.js';
import { duplicateJsonKey } from '../io/json-duplicate-keys.js';
import { readBytes, type Io } from './common.js';
import { unwrapOption, type OptionShape } from './options.js';

/** The YAML parser, loaded by the first YAML config: loading it would cost every command's start ~30 ms. */
const yaml = (): typeof Yaml => createRequire(import.meta.url)('yaml') as typeof Yaml;

/** A few hundred bytes hold every option; 8 KiB leave room for comments and keep the YAML parser under ~40 ms. */
export const MAX_CONFIG_BYTES = 8 * 1024;
/** Far deeper than a flat config needs, far shallower than the YAML parser's stack allows. */
const MAX_NESTING = 64;
/** Unknown fields a message names before "and N more". */
const NAMED = 3;

/** Every field optional and without its default: a field the file leaves out keeps the flag's value. */
export function configSchema(shape: OptionShape) {
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, unwrapOption(schema).inner.optional()])));
}
export type ConfigSchema = ReturnType<typeof configSchema>;

function parseJson(text: string, where: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${where}: not valid JSON (${echo((e as Error).message)})`);
  }
  // JSON.parse keeps the last of two equal keys; a config that sets a field twice is a mistake either way.
  const duplicate = duplicateJsonKey(text);
  if (duplicate) throw new InputError(`${where}: field ${echo([...duplicate.path, duplicate.key].join('.'))} appears twice; allowed each field once`);
  return raw;
}

/**
 * An upper bound on how deep a YAML text nests beyond its indentation, without parsing it: the flow brackets open
 * at each line plus its compact indicators (`- - a`, `? a`, `a: `, `"a":`). Nesting by indentation alone stays shallow in
 * MAX_CONFIG_BYTES (level d is indented d spaces: d(d+1)/2 bytes).
 */
function nestingBound(text: string): number {
  let flow = 0;
  let deepest = 0;
  for (const line of text.split('\n')) {
    const indicators = line.match(/(?:^|[\s[{,])[-?:](?=\s|$)|["'\]}]:/g)?.length ?? 0;
    let open = flow;
    for (const c of line) {
      flow = c === '[' || c === '{' ? flow + 1 : c === ']' || c === '}' ? Math.max(0, flow - 1) : flow;
      open = Math.max(open, flow);
    }
    deepest = Math.max(deepest, open + indicators);
  }
  return deepest;
}

function parseYaml(text: string, where: string): unknown {
  // The parser recurses per level: thousands of `[` or `- ` overflow the stack, or abort V8 in a regexp compile.
  if (nestingBound(text) > MAX_NESTING) throw new InputError(`${where}: nested more than ${MAX_NESTING} levels deep; allowed a flat mapping of fields`);
  // The library's own duplicate-key check is quadratic in the keys (40,000 keys: 27 s): check the top level here.
  const { isMap, isScalar, parseDocument } = yaml();
  let doc: ReturnType<typeof parseDocument>;
  // The parser makes an Error per problem, thousands in a damaged file, and capturing their stack traces is most of
  // its time there; only the first message is shown, so no traces while it parses.
  const traces = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false });
  } finally {
    Error.stackTraceLimit = traces;
  }
  const error = doc.errors[0];
  if (error) throw new InputError(`${where}: not valid YAML (${echo(error.message.split('\n')[0]!)})`);
  if (isMap(doc.contents)) {
    const seen = new Set<string>();
    for (const { key } of doc.contents.items) {
      const name = String(isScalar(key) ? key.value : key);
      if (seen.has(name)) throw new InputError(`${where}: field ${echo(name)} appears twice; allowed each field once`);
      seen.add(name);
    }
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // Aliases past the count (a "billion laughs" file) or to an undefined anchor.
    throw new InputError(`${where}: not valid YAML (${echo((e as Error).message.split('\n')[0]!)})`);
  }
}

/** A value as a message shows it: scalars as JSON (echoed), lists and objects by kind (they may nest thousands deep). */
function shown(value: unknown): string {
  if (value !== null && typeof value === 'object') return Array.isArray(value) ? 'a list' : 'an object';
  return echo(String(JSON.stringify(value)));
}

/** The config's fields, checked by the schema; bytes, fields and messages bounded as above. */
export function parseConfig(bytes: Uint8Array, path: string, schema: ConfigSchema): Record<string, unknown> {
  const where = `--config ${echo(path)}`;
  if (bytes.length > MAX_CONFIG_BYTES) throw new InputError(`${where}: ${bytes.length} bytes is too large; allowed at most ${MAX_CONFIG_BYTES} bytes`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputError(`${where}: not UTF-8 text; allowed a JSON or YAML file in UTF-8`);
  }
  const raw = /\.ya?ml$/i.test(path) ? parseYaml(text, where) : parseJson(text, where);
  const fields = Object.keys(schema.shape).length;
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.keys(raw).length > fields) {
    throw new InputError(`${where}: ${Object.keys(raw).length} fields is too many; allowed at most ${fields}, one per option`);
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const more = issue.keys.length > NAMED ? ` and ${issue.keys.length - NAMED} more` : '';
    const [fields, what] = issue.keys.length > 1 ? ['fields', 'not options of this command'] : ['field', 'not an option of this command'];
    throw new InputError(`${where}: ${fields} ${echo(issue.keys.slice(0, NAMED).join(', '))}${more}: ${what}; allowed the flags' names in camelCase (see --help)`);
  }
  const field = issue.path.length ? echo(issue.path.join('.')) : '(top level)';
  const value = issue.path.length ? ` = ${shown(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], raw))}` : '';
  throw new InputError(`${where}: field ${field}${value}: ${issue.message}`);
}

/** The flags' values with the file's fields in place of every option not given on the command line. */
export function withConfigFile<T extends { config?: string | undefined }>(flags: T, cmd: Command, io: Io, schema: ConfigSchema): T {
  if (!flags.config) return flags;
  const file = parseConfig(readBytes(io, '--config', flags.config), flags.config, schema);
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(file)) if (cmd.getOptionValueSource(key) !== 'cli') merged[key] = value;
  return merged as T;
}
