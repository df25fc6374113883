// NumPy .npy files (format versions 1.0, 2.0 and 3.0), parsed from and written to bytes: 2-D arrays of float16/32/64
// and (u)int8/16/32, either byte order, C or Fortran order. Reading mirrors numpy's own checks (numpy.lib.format);
// every defect gets a message naming the file and the field.
import { InputError } from '../core/input-error.js';
import { transpose, type Matrix } from '../core/matrix.js';
import { echo } from './echo.js';
import { F16, F32, F64, I16, I32, I8, U16, U32, U8, readElements, writeElements, type ElementType } from './element-types.js';
import { parseNpyHeader } from './npy-header.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const TYPES = { f2: F16, f4: F32, f8: F64, i1: I8, u1: U8, i2: I16, u2: U16, i4: I32, u4: U32 };
export type NpyDtype = keyof typeof TYPES;
export const NPY_DTYPES = Object.keys(TYPES);
const BY_CODE = new Map<string, ElementType>(Object.entries(TYPES));

/** Per format version: the width of the little-endian header length and the header's text encoding. */
const VERSIONS = new Map([
  [1, { lengthBytes: 2, encoding: 'latin1' }],
  [2, { lengthBytes: 4, encoding: 'latin1' }],
  [3, { lengthBytes: 4, encoding: 'utf-8' }],
]);

export function parseNpy(bytes: Uint8Array, name: string): Matrix {
  const fail = (what: string): never => {
    throw new InputError(`${name}: ${what}`);
  };
  if (bytes.length < MAGIC.length || MAGIC.some((b, i) => bytes[i] !== b)) fail('not a .npy file (missing the \\x93NUMPY magic)');
  if (bytes.length < 8) fail('truncated: the format version after the magic is missing');
  const [major, minor] = [bytes[6] as number, bytes[7] as number];
  const version = minor === 0 ? VERSIONS.get(major) : undefined;
  if (!version) return fail(`.npy format version ${major}.${minor} is not supported; allowed 1.0, 2.0, 3.0`);
  const headerStart = 8 + version.lengthBytes;
  if (bytes.length < headerStart) fail(`truncated: the ${version.lengthBytes}-byte header length of format ${major}.0 is cut off`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = version.lengthBytes === 2 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = headerStart + headerLen;
  if (dataStart > bytes.length) fail(`truncated header: it declares ${headerLen} bytes, the file has ${bytes.length - headerStart}`);
  let text = '';
  try {
    text = new TextDecoder(version.encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(headerStart, dataStart));
  } catch {
    fail('the header is not valid UTF-8, as format 3.0 requires');
  }
  const header = parseNpyHeader(text, fail, major < 3);

  const { descr } = header;
  const [order, code] = [descr.charAt(0), descr.slice(1)];
  const type = BY_CODE.get(code);
  if (!type || !['<', '>', '|', '='].includes(order)) return fail(`dtype '${echo(descr)}' is not supported; allowed ${NPY_DTYPES.join(', ')}`);
  // '|' and '=' mean "the writer's native order", which a file cannot tell, except where one byte has no order.
  if (type.size > 1 && (order === '|' || order === '=')) fail(`dtype '${descr}' has no byte order; allowed '<${code}' or '>${code}'`);
  const { shape } = header;
  if (shape.length !== 2 || shape.some((d) => d < 1)) fail(`shape ${echo(pythonTuple(shape))} is not allowed; allowed a 2-D array with both dimensions ≥ 1`);
  const [rows, cols] = shape as [number, number];
  // Checked before allocating: a damaged shape must not ask for more memory than the file can fill.
  const need = rows * cols * type.size;
  if (bytes.length - dataStart < need) fail(`truncated data: shape ${rows}×${cols} of ${descr} needs ${need} bytes, the file has ${bytes.length - dataStart}`);
  const stored = readElements(type, view, dataStart, rows * cols, order !== '>');
  const m = header.fortranOrder ? transpose({ rows: cols, cols: rows, data: stored }) : { rows, cols, data: stored };
  const bad = m.data.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) fail(`value at [${Math.floor(bad / cols)}][${bad % cols}] is ${m.data[bad]}; allowed finite numbers only`);
  return m;
}

const pythonTuple = (dims: number[]) => `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;

export interface NpyLayout {
  /** Format version; 1.0 unless the header needs more (numpy.save's choice for these headers). */
  version?: 1 | 2 | 3;
  bigEndian?: boolean;
  fortranOrder?: boolean;
}

/** A .npy of a matrix, with the header numpy.save writes: keys sorted, padded with spaces so the data starts at a multiple of 64. */
export function encodeNpy(m: Matrix, dtype: NpyDtype = 'f8', layout: NpyLayout = {}): Uint8Array {
  const { version = 1, bigEndian = false, fortranOrder = false } = layout;
  const type = TYPES[dtype];
  const order = type.size === 1 ? '|' : bigEndian ? '>' : '<';
  const dict = `{'descr': '${order}${dtype}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': ${pythonTuple([m.rows, m.cols])}, }`;
  const headerStart = version === 1 ? 10 : 12;
  const header = new TextEncoder().encode(dict + ' '.repeat(63 - ((headerStart + dict.length) % 64)) + '\n');
  const out = new Uint8Array(headerStart + header.length + m.data.length * type.size);
  const view = new DataView(out.buffer);
  out.set(MAGIC);
  out[6] = version;
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  out.set(header, headerStart);
  writeElements(type, view, headerStart + header.length, (fortranOrder ? transpose(m) : m).data, !bigEndian);
  return out;
}
