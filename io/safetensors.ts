// .safetensors files: an 8-byte little-endian header length, a UTF-8 JSON header (rules in safetensors-header.ts),
// then the tensors' little-endian bytes back to back. Parsed from bytes; every defect names the file and tensor.
import { InputError } from '../core/input-error.js';
import { echo } from './echo.js';
import { BF16, F16, F32, F64, I16, I32, I8, U16, U32, U8, readElements, writeElements, type ElementType } from './element-types.js';
import { parseSafetensorsHeader } from './safetensors-header.js';

export interface Tensor {
  dtype: string;
  shape: number[];
  data: Float64Array;
}

const TYPES = { F64, F32, F16, BF16, I32, U32, I16, U16, I8, U8 };
export type SafetensorsDtype = keyof typeof TYPES;
const BY_NAME = new Map<string, ElementType>(Object.entries(TYPES));

/** The reference implementation refuses larger headers. */
const MAX_HEADER_BYTES = 100_000_000;

export function parseSafetensors(bytes: Uint8Array, name: string): Map<string, Tensor> {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}`);
  };
  if (bytes.length < 8) fail('truncated: shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = view.getBigUint64(0, true);
  if (headerLen > BigInt(bytes.length - 8)) fail(`truncated header: it declares ${headerLen} bytes, the file has ${bytes.length - 8}`);
  if (headerLen > MAX_HEADER_BYTES) fail(`the header is ${headerLen} bytes; the format allows at most ${MAX_HEADER_BYTES}`);
  const dataStart = 8 + Number(headerLen);
  const raw = bytes.subarray(8, dataStart);
  if (raw[0] !== 0x7b) fail('the header is not a JSON object (it must start with "{"); not a .safetensors file?');
  let json = '';
  try {
    json = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(raw);
  } catch {
    fail('the header is not valid UTF-8');
  }
  const out = new Map<string, Tensor>();
  for (const e of parseSafetensorsHeader(json, BY_NAME, bytes.length - dataStart, fail)) {
    const data = readElements(e.type, view, dataStart + e.begin, (e.end - e.begin) / e.type.size, true);
    const bad = data.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) fail(`tensor ${echo(e.name)}: value at flat index ${bad} is ${data[bad]}; allowed finite numbers only`);
    out.set(e.name, { dtype: e.dtype, shape: e.shape, data });
  }
  return out;
}

export interface TensorToWrite {
  shape: number[];
  data: ArrayLike<number>;
  /** F32 unless given. */
  dtype?: SafetensorsDtype;
}

/** A .safetensors file of the tensors in the order given, with the header padded to 8 bytes as the reference writer does. */
export function encodeSafetensors(tensors: Record<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  let offset = 0;
  const placed = Object.entries(tensors).map(([name, { shape, data, dtype = 'F32' }]) => {
    const count = shape.reduce((a, b) => a * b, 1);
    if (count !== data.length) throw new InputError(`tensor ${name}: ${data.length} values do not fill shape [${shape.join(', ')}]`);
    const begin = offset;
    offset += count * TYPES[dtype].size;
    return { name, data, type: TYPES[dtype], begin, info: { dtype, shape, data_offsets: [begin, offset] } };
  });
  // fromEntries, not assignment, so that a tensor named __proto__ stays a key.
  const header = Object.fromEntries([...(metadata ? [['__metadata__', metadata]] : []), ...placed.map((p) => [p.name, p.info])]);
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = 8 + json.length + ((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(dataStart + offset).fill(0x20, 8, dataStart);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(dataStart - 8), true);
  out.set(json, 8);
  for (const p of placed) writeElements(p.type, view, dataStart + p.begin, p.data, true);
  return out;
}
