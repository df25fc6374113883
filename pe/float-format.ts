// IEEE-754 binary formats used by float PEs: bit-exact round-to-nearest-even from a double, subnormals, inf, NaN.
// Node 20 has no Float16Array, so fp16 and bf16 are encoded by hand; fp32 uses Math.fround (correct RNE).

export const FLOAT_FORMAT_NAMES = ['fp16', 'bf16', 'fp32'] as const;
export type FloatFormatName = (typeof FLOAT_FORMAT_NAMES)[number];

export interface FloatFormat {
  readonly name: FloatFormatName;
  readonly bits: number;
  readonly expBits: number;
  readonly mantBits: number;
  /** Bit pattern of the nearest value (ties to even) to x, as an unsigned integer. */
  encode(x: number): number;
  decode(bits: number): number;
  /** x rounded to this format, as a double. */
  round(x: number): number;
  /** Significand with the hidden bit (0 for zero/subnormal exponent), as the multiplier's array sees it. */
  significand(bits: number): number;
}

const f64 = new Float64Array(1);
const u32of64 = new Uint32Array(f64.buffer);
const HI = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word on this endianness

function roundHalfEven(v: number): number {
  const f = Math.floor(v);
  const d = v - f;
  if (d > 0.5) return f + 1;
  if (d < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

function minifloat(name: FloatFormatName, expBits: number, mantBits: number): FloatFormat {
  const bits = 1 + expBits + mantBits;
  const bias = 2 ** (expBits - 1) - 1;
  const emin = 1 - bias;
  const signBit = 2 ** (bits - 1);
  const infBits = (2 ** expBits - 1) * 2 ** mantBits;
  const nanBits = infBits + 2 ** (mantBits - 1);
  const mantScale = 2 ** mantBits;
  const subnormalScale = 2 ** (mantBits - emin);

  // Normal results round the double's 52-bit fraction to mantBits from its bits (≤ 20: all in the high word).
  const restBits = 20 - mantBits;
  const restMask = 2 ** restBits - 1;
  const half = 2 ** (restBits - 1);

  function encode(x: number): number {
    if (x !== x) return nanBits;
    f64[0] = x;
    const hi = u32of64[HI] as number;
    const sign = hi >= 0x80000000 ? signBit : 0;
    const e = ((hi >>> 20) & 0x7ff) - 1023;
    if (e === 1024) return sign + infBits;
    if (e < emin) return sign + roundHalfEven(Math.abs(x) * subnormalScale); // a carry into 2^mantBits is the min normal
    if (e > bias) return sign + infBits;
    const frac = hi & 0xfffff;
    let m = frac >>> restBits;
    const rest = frac & restMask;
    if (rest > half || (rest === half && ((u32of64[1 - HI] as number) !== 0 || (m & 1) === 1))) m++; // ties to even
    const out = (e + bias) * mantScale + m; // m = 2^mantBits carries into the exponent
    return sign + (out >= infBits ? infBits : out);
  }

  function decodeSlow(b: number): number {
    const sign = b >= signBit ? -1 : 1;
    const e = Math.floor((b % signBit) / mantScale);
    const m = b % mantScale;
    if (e === 2 ** expBits - 1) return m === 0 ? sign * Infinity : NaN;
    if (e === 0) return sign * (m / subnormalScale);
    return sign * (1 + m / mantScale) * 2 ** (e - bias);
  }
  // Built at first use: every process (and worker thread) loads this module, few run a float PE.
  let decodeTable: Float64Array | undefined;
  const table = (): Float64Array => {
    if (decodeTable) return decodeTable;
    decodeTable = new Float64Array(2 ** bits);
    for (let b = 0; b < decodeTable.length; b++) decodeTable[b] = decodeSlow(b);
    return decodeTable;
  };

  return {
    name,
    bits,
    expBits,
    mantBits,
    encode,
    decode: (b) => (decodeTable ?? table())[b] as number,
    round: (x) => (decodeTable ?? table())[encode(x)] as number,
    significand: (b) => {
      const e = (b >>> mantBits) & (2 ** expBits - 1);
      return (b & (mantScale - 1)) | (e === 0 ? 0 : mantScale);
    },
  };
}

const f32 = new Float32Array(1);
const u32of32 = new Uint32Array(f32.buffer);

export const FP16: FloatFormat = minifloat('fp16', 5, 10);
export const BF16: FloatFormat = minifloat('bf16', 8, 7);
export const FP32: FloatFormat = {
  name: 'fp32',
  bits: 32,
  expBits: 8,
  mantBits: 23,
  encode(x) {
    if (x !== x) return 0x7fc00000; // one canonical quiet NaN, as the hardware emits
    f32[0] = x;
    return u32of32[0] as number;
  },
  decode(b) {
    u32of32[0] = b;
    return f32[0] as number;
  },
  round: Math.fround,
  significand(b) {
    return (b & 0x7fffff) | ((b >>> 23) & 0xff ? 0x800000 : 0);
  },
};

export const FLOAT_FORMATS: Record<FloatFormatName, FloatFormat> = { fp16: FP16, bf16: BF16, fp32: FP32 };
