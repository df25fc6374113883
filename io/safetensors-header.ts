// The JSON header of a .safetensors file, held to the format's rules (huggingface/safetensors): an object of tensors
// {dtype, shape, data_offsets} and an optional "__metadata__" map of strings, no key twice, and offsets that cover
// the data buffer from 0 to its end without overlap or holes, each range the size of its shape and dtype.
import { echo } from './echo.js';
import type { ElementType } from './element-types.js';
import { duplicateJsonKey } from './json-duplicate-keys.js';

export interface TensorEntry {
  name: string;
  dtype: string;
  type: ElementType;
  shape: number[];
  begin: number;
  end: number;
}

const FIELDS = ['dtype', 'shape', 'data_offsets'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSizeList = (v: unknown): v is number[] => Array.isArray(v) && v.every((d) => Number.isSafeInteger(d) && d >= 0);
const show = (v: unknown) => echo(JSON.stringify(v));

/** The tensors in header order, checked against each other and against the dataBytes that follow the header. */
export function parseSafetensorsHeader(json: string, types: ReadonlyMap<string, ElementType>, dataBytes: number, fail: (what: string) => never): TensorEntry[] {
  let header: unknown;
  try {
    header = JSON.parse(json);
  } catch {
    return fail('the header is not valid JSON; not a .safetensors file?');
  }
  const duplicate = duplicateJsonKey(json);
  if (duplicate && duplicate.path.length === 0) fail(`tensor ${echo(duplicate.key)} appears twice in the header`);
  if (duplicate) fail(`key "${echo(duplicate.key)}" appears twice in ${echo(duplicate.path.join(' → '))}`);
  if (!isObject(header)) return fail('the header is not a JSON object');

  const entries: TensorEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name !== '__metadata__') entries.push(tensorEntry(name, value, types, dataBytes, fail));
    else if (!isObject(value) || Object.values(value).some((v) => typeof v !== 'string')) fail(`"__metadata__" is ${show(value)}; allowed an object of strings`);
  }
  let covered = 0;
  let last: TensorEntry | undefined;
  for (const e of [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end)) {
    if (e.begin > covered) fail(`bytes ${covered}..${e.begin} of the data belong to no tensor; the format allows no holes`);
    if (last && e.begin < covered) fail(`tensor ${echo(e.name)}: bytes ${e.begin}..${e.end} overlap tensor ${echo(last.name)} (bytes ${last.begin}..${last.end})`);
    covered = e.end;
    last = e;
  }
  if (covered !== dataBytes) fail(`the last ${dataBytes - covered} bytes of the file belong to no tensor; the format allows no holes`);
  return entries;
}

function tensorEntry(name: string, value: unknown, types: ReadonlyMap<string, ElementType>, dataBytes: number, fail: (what: string) => never): TensorEntry {
  const where = `tensor ${echo(name)}`;
  if (!isObject(value)) return fail(`${where}: the entry is ${show(value)}; expected {"dtype", "shape", "data_offsets"}`);
  const unknown = Object.keys(value).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) fail(`${where}: unknown field "${echo(unknown)}"; allowed dtype, shape, data_offsets`);
  const missing = FIELDS.find((f) => !Object.hasOwn(value, f));
  if (missing !== undefined) fail(`${where}: "${missing}" is missing`);
  const { dtype, shape, data_offsets: offsets } = value;
  if (typeof dtype !== 'string') return fail(`${where}: dtype ${show(dtype)} is not a string`);
  const type = types.get(dtype) ?? fail(`${where}: dtype "${echo(dtype)}" is not supported; allowed ${[...types.keys()].join(', ')}`);
  if (!isSizeList(shape)) return fail(`${where}: shape ${show(shape)} is not a list of non-negative integers`);
  if (!isSizeList(offsets) || offsets.length !== 2 || offsets[0]! > offsets[1]!) return fail(`${where}: data_offsets ${show(offsets)} is not [begin, end] of integers with 0 ≤ begin ≤ end`);
  const [begin, end] = offsets as [number, number];
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (!Number.isSafeInteger(count)) fail(`${where}: shape ${show(shape)} has more elements than a file can hold`);
  }
  if (end - begin !== count * type.size) fail(`${where}: ${end - begin} bytes do not hold shape [${echo(shape.join(', '))}] of ${dtype}`);
  if (end > dataBytes) fail(`truncated data: ${where} ends at byte ${end} of the data, which has ${dataBytes}`);
  return { name, dtype, type, shape, begin, end };
}
