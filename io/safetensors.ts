// .safetensors files: an 8-byte little-endian header length, a JSON header of {name: {dtype, shape,
// data_offsets}}, then the raw little-endian tensors. Parsed from bytes; every defect names the file and tensor.
import { BF16, FP16 } from '../pe/float-format.js';
import { InputError } from '../core/input-error.js';

export interface Tensor {
  dtype: string;
  shape: number[];
  data: Float64Array;
}

const DTYPES: Record<string, { size: number; read: (v: DataView, at: number) => number }> = {
  F64: { size: 8, read: (v, at) => v.getFloat64(at, true) },
  F32: { size: 4, read: (v, at) => v.getFloat32(at, true) },
  F16: { size: 2, read: (v, at) => FP16.decode(v.getUint16(at, true)) },
  BF16: { size: 2, read: (v, at) => BF16.decode(v.getUint16(at, true)) },
};

export function parseSafetensors(bytes: Uint8Array, name: string): Map<string, Tensor> {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}`);
  };
  if (bytes.length < 8) fail('truncated: shorter than the 8-byte header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > bytes.length - 8) fail(`truncated header: it declares ${headerLen} bytes, the file has ${bytes.length - 8}`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLen)));
  } catch {
    return fail('the header is not valid JSON; not a .safetensors file?');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header is not a JSON object');
  const dataStart = 8 + headerLen;
  const out = new Map<string, Tensor>();
  for (const [tensorName, entry] of Object.entries(header)) {
    if (tensorName === '__metadata__') continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const where = `tensor ${tensorName}`;
    const dtype = DTYPES[String(e.dtype)];
    if (!dtype) fail(`${where}: dtype ${JSON.stringify(e.dtype)} is not supported; allowed ${Object.keys(DTYPES).join(', ')}`);
    if (!Array.isArray(e.shape) || e.shape.some((d) => !Number.isInteger(d) || d < 0)) fail(`${where}: shape ${JSON.stringify(e.shape)} is not a list of sizes`);
    const offsets = e.data_offsets as number[];
    if (!Array.isArray(offsets) || offsets.length !== 2 || !(offsets[0]! <= offsets[1]!)) fail(`${where}: data_offsets ${JSON.stringify(e.data_offsets)} is not [begin, end]`);
    const count = (e.shape as number[]).reduce((a, b) => a * b, 1);
    const [begin, end] = offsets as [number, number];
    if (end - begin !== count * dtype!.size) fail(`${where}: ${end - begin} bytes do not hold shape [${(e.shape as number[]).join(', ')}] of ${String(e.dtype)}`);
    if (dataStart + end > bytes.length) fail(`truncated data: ${where} ends at byte ${dataStart + end}, the file has ${bytes.length}`);
    const data = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const v = dtype!.read(view, dataStart + begin + i * dtype!.size);
      if (!Number.isFinite(v)) fail(`${where}: value at flat index ${i} is ${v}; allowed finite numbers only`);
      data[i] = v;
    }
    out.set(tensorName, { dtype: String(e.dtype), shape: e.shape as number[], data });
  }
  return out;
}

/** A .safetensors file of F32 tensors (what the tests and examples write). */
export function encodeSafetensors(tensors: Record<string, { shape: number[]; data: ArrayLike<number> }>): Uint8Array {
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const t of Object.values(tensors)) {
    for (let i = 0; i < t.data.length; i++, at += 4) view.setFloat32(at, t.data[i] as number, true);
  }
  return out;
}
