// `--config exp.json|exp.yaml`: the same fields as the flags (camelCase), each checked by its flag's own schema;
// unknown fields are refused by name. Flags given on the command line win over the file.
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { readBytes, type Io } from './common.js';
import { unwrapOption, type OptionShape } from './options.js';

/** Every field optional and without its default: a field the file leaves out keeps the flag's value. */
export function configSchema(shape: OptionShape) {
  return z.strictObject(Object.fromEntries(Object.entries(shape).map(([key, schema]) => [key, unwrapOption(schema).inner.optional()])));
}

export function parseConfig(text: string, path: string, schema: z.ZodType<Record<string, unknown>>): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new InputError(`--config ${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(e as Error).message.split('\n')[0]})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join(', ') ?? '(top level)';
    const value = issue.path.length ? JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], raw)) : '';
    throw new InputError(`--config ${path}: field ${field}${value ? ` = ${value}` : ''}: ${issue.message}`);
  }
  return parsed.data;
}

/** The flags' values with the file's fields in place of every option not given on the command line. */
export function withConfigFile<T extends { config?: string | undefined }>(flags: T, cmd: Command, io: Io, schema: z.ZodType<Record<string, unknown>>): T {
  if (!flags.config) return flags;
  const file = parseConfig(new TextDecoder().decode(readBytes(io, '--config', flags.config)), flags.config, schema);
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(file)) if (cmd.getOptionValueSource(key) !== 'cli') merged[key] = value;
  return merged as T;
}
