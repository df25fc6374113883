// The binary number encodings that .npy and .safetensors files share: each one's size and how to read and write
// one element in either byte order. Each format names them in its own table (numpy 'f4', safetensors 'F32').
import { BF16 as BF16_FORMAT, FP16 } from '../pe/float-format.js';
import { InputError } from '../core/input-error.js';

type Read = (view: DataView, at: number, littleEndian: boolean) => number;
type Write = (view: DataView, at: number, value: number, littleEndian: boolean) => void;

export interface ElementType {
  readonly name: string;
  readonly size: number;
  readonly read: Read;
  readonly write: Write;
}

/** An integer type whose writer refuses values it cannot hold, instead of DataView's silent wrap-around. */
function integer(name: string, size: number, signed: boolean, read: Read, write: Write): ElementType {
  const min = signed ? -(2 ** (8 * size - 1)) : 0;
  const max = signed ? 2 ** (8 * size - 1) - 1 : 2 ** (8 * size) - 1;
  const checked: Write = (view, at, value, le) => {
    if (!Number.isInteger(value) || value < min || value > max) throw new InputError(`value ${value} is not an ${name}; allowed integers ${min}..${max}`);
    write(view, at, value, le);
  };
  return { name, size, read, write: checked };
}

export const F64: ElementType = { name: 'float64', size: 8, read: (v, at, le) => v.getFloat64(at, le), write: (v, at, x, le) => v.setFloat64(at, x, le) };
export const F32: ElementType = { name: 'float32', size: 4, read: (v, at, le) => v.getFloat32(at, le), write: (v, at, x, le) => v.setFloat32(at, x, le) };
export const F16: ElementType = { name: 'float16', size: 2, read: (v, at, le) => FP16.decode(v.getUint16(at, le)), write: (v, at, x, le) => v.setUint16(at, FP16.encode(x), le) };
export const BF16: ElementType = { name: 'bfloat16', size: 2, read: (v, at, le) => BF16_FORMAT.decode(v.getUint16(at, le)), write: (v, at, x, le) => v.setUint16(at, BF16_FORMAT.encode(x), le) };
export const I8 = integer('int8', 1, true, (v, at) => v.getInt8(at), (v, at, x) => v.setInt8(at, x));
export const U8 = integer('uint8', 1, false, (v, at) => v.getUint8(at), (v, at, x) => v.setUint8(at, x));
export const I16 = integer('int16', 2, true, (v, at, le) => v.getInt16(at, le), (v, at, x, le) => v.setInt16(at, x, le));
export const U16 = integer('uint16', 2, false, (v, at, le) => v.getUint16(at, le), (v, at, x, le) => v.setUint16(at, x, le));
export const I32 = integer('int32', 4, true, (v, at, le) => v.getInt32(at, le), (v, at, x, le) => v.setInt32(at, x, le));
export const U32 = integer('uint32', 4, false, (v, at, le) => v.getUint32(at, le), (v, at, x, le) => v.setUint32(at, x, le));

/** count elements stored back to back from byte `at`, as doubles; the caller has checked that the bytes exist. */
export function readElements(type: ElementType, view: DataView, at: number, count: number, littleEndian: boolean): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) out[i] = type.read(view, at + i * type.size, littleEndian);
  return out;
}

export function writeElements(type: ElementType, view: DataView, at: number, values: ArrayLike<number>, littleEndian: boolean): void {
  for (let i = 0; i < values.length; i++) type.write(view, at + i * type.size, values[i] as number, littleEndian);
}
