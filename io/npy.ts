// NumPy .npy files (format versions 1–3), parsed from and written to bytes. 2-D arrays of float16/32/64 and
// (u)int8/16/32, either byte order, C or Fortran order. Every defect gets a message naming the file and the field.
import { FP16 } from '../pe/float-format.js';
import { InputError } from '../core/input-error.js';
import type { Matrix } from '../core/matrix.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DTYPES: Record<string, { size: number; read: (v: DataView, at: number, le: boolean) => number }> = {
  f2: { size: 2, read: (v, at, le) => FP16.decode(v.getUint16(at, le)) },
  f4: { size: 4, read: (v, at, le) => v.getFloat32(at, le) },
  f8: { size: 8, read: (v, at, le) => v.getFloat64(at, le) },
  i1: { size: 1, read: (v, at) => v.getInt8(at) },
  u1: { size: 1, read: (v, at) => v.getUint8(at) },
  i2: { size: 2, read: (v, at, le) => v.getInt16(at, le) },
  u2: { size: 2, read: (v, at, le) => v.getUint16(at, le) },
  i4: { size: 4, read: (v, at, le) => v.getInt32(at, le) },
  u4: { size: 4, read: (v, at, le) => v.getUint32(at, le) },
};
export const NPY_DTYPES = Object.keys(DTYPES);

export function parseNpy(bytes: Uint8Array, name: string): Matrix {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}`);
  };
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (missing the \\x93NUMPY magic)');
  const major = bytes[6] as number;
  if (major < 1 || major > 3) fail(`.npy format version ${major}.${bytes[7]} is not supported; allowed 1.x, 2.x, 3.x`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated header: it declares ${headerLen} bytes, the file has ${bytes.length - headerStart}`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) fail(`malformed header ${JSON.stringify(header.trim())}: it needs descr, fortran_order and shape`);
  const order = descr!.charAt(0);
  const code = descr!.slice(1);
  const dtype = DTYPES[code];
  if (!dtype || !['<', '>', '|', '='].includes(order)) fail(`dtype '${descr}' is not supported; allowed ${NPY_DTYPES.join(', ')}`);
  const shape = shapeText!
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.length !== 2 || shape.some((d) => !Number.isInteger(d) || d < 1)) {
    fail(`shape (${shapeText}) is not allowed; allowed a 2-D array with both dimensions ≥ 1`);
  }
  const [rows, cols] = shape as [number, number];
  const need = rows * cols * dtype!.size;
  if (bytes.length - dataStart < need) fail(`truncated data: shape ${rows}×${cols} of ${descr} needs ${need} bytes, the file has ${bytes.length - dataStart}`);
  const le = order !== '>';
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    const v = dtype!.read(view, dataStart + i * dtype!.size, le);
    const [r, c] = fortran === 'True' ? [i % rows, Math.floor(i / rows)] : [Math.floor(i / cols), i % cols];
    if (!Number.isFinite(v)) fail(`value at [${r}][${c}] is ${v}; allowed finite numbers only`);
    data[r * cols + c] = v;
  }
  return { rows, cols, data };
}

/** A C-order .npy (version 1.0) of a matrix, as float64, float32 or int32. */
export function encodeNpy(m: Matrix, dtype: 'f8' | 'f4' | 'i4' = 'f8'): Uint8Array {
  const size = dtype === 'f8' ? 8 : 4;
  let header = `{'descr': '<${dtype}', 'fortran_order': False, 'shape': (${m.rows}, ${m.cols}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + m.data.length * size);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  const view = new DataView(out.buffer);
  view.setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const start = 10 + header.length;
  for (let i = 0; i < m.data.length; i++) {
    const v = m.data[i] as number;
    if (dtype === 'f8') view.setFloat64(start + i * 8, v, true);
    else if (dtype === 'f4') view.setFloat32(start + i * 4, v, true);
    else view.setInt32(start + i * 4, v, true);
  }
  return out;
}
