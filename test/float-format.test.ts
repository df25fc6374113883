// fp16 and bf16 conversions against independent references: @petamoriken/float16 for fp16, Float32Array bit
// reinterpretation and a nearest-neighbour search for bf16.
import { getFloat16, setFloat16 } from '@petamoriken/float16';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BF16, FP16, FP32 } from '../pe/float-format.js';

const view = new DataView(new ArrayBuffer(4));
const refFp16Decode = (bits: number) => {
  view.setUint16(0, bits);
  return getFloat16(view, 0);
};
const refFp16Encode = (x: number) => {
  setFloat16(view, 0, x);
  return view.getUint16(0);
};
const isNaNBits16 = (b: number) => (b & 0x7c00) === 0x7c00 && (b & 0x3ff) !== 0;

describe('fp16', () => {
  it('decodes all 65,536 bit patterns like @petamoriken/float16', () => {
    for (let b = 0; b < 65536; b++) {
      const ref = refFp16Decode(b);
      expect(Object.is(FP16.decode(b), ref) || (Number.isNaN(ref) && Number.isNaN(FP16.decode(b)))).toBe(true);
    }
  });
  it('re-encodes every non-NaN pattern to itself, and NaN to a NaN', () => {
    for (let b = 0; b < 65536; b++) {
      const e = FP16.encode(FP16.decode(b));
      if (isNaNBits16(b)) expect(isNaNBits16(e)).toBe(true);
      else expect(e).toBe(b);
    }
  });
  it('rounds random fp32 values like @petamoriken/float16 (ties to even, subnormals, overflow to inf)', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true }), (x) => {
        expect(FP16.encode(x)).toBe(refFp16Encode(x));
      }),
      { numRuns: 20000 },
    );
  });
  it('rounds random doubles once, like @petamoriken/float16', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, min: -70000, max: 70000 }), (x) => {
        expect(FP16.encode(x)).toBe(refFp16Encode(x));
      }),
      { numRuns: 20000 },
    );
  });
  it.each([
    [65504, 0x7bff],
    [65519.99, 0x7bff],
    [65520, 0x7c00],
    [2 ** -24, 0x0001],
    [2 ** -25, 0x0000],
    [2 ** -25 * 1.0000001, 0x0001],
    [1 + 2 ** -11, 0x3c00],
    [1 + 3 * 2 ** -11, 0x3c02],
    [-0, 0x8000],
    [-Infinity, 0xfc00],
  ])('hand-picked %d → %s', (x, bits) => expect(FP16.encode(x)).toBe(bits));
});

// Independent bf16 reference: the two bf16 neighbours of x (from fp32 truncation), nearest wins, ties to even.
function refBf16Encode(x: number): number {
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  if (Number.isNaN(x)) return 0x7fc0;
  const a = Math.abs(x);
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  if (a === Infinity) return sign | 0x7f80;
  // Largest bf16 ≤ a: truncate an fp32 that is ≤ a.
  f[0] = a;
  if ((f[0] as number) > a) u[0] = (u[0] as number) - 1;
  const lo = (u[0] as number) >>> 16;
  const hi = lo + 1;
  const val = (b: number) => {
    if (b === 0x7f80) return 2 ** 128; // rounding treats infinity's slot as the next power of two
    u[0] = b << 16;
    return f[0] as number;
  };
  const dl = a - val(lo);
  const dh = val(hi) - a;
  const pick = dl < dh ? lo : dh < dl ? hi : lo % 2 === 0 ? lo : hi;
  if (pick > 0x7f80) return sign | 0x7f80;
  return sign | pick;
}

describe('bf16', () => {
  it('decodes all 65,536 bit patterns as the top half of an fp32', () => {
    for (let b = 0; b < 65536; b++) {
      const ref = FP32.decode(b << 16 >>> 0);
      const got = BF16.decode(b);
      expect(Object.is(got, ref) || (Number.isNaN(ref) && Number.isNaN(got))).toBe(true);
    }
  });
  it('rounds random fp32 values and doubles to the nearest bf16, ties to even', () => {
    fc.assert(
      fc.property(fc.oneof(fc.float({ noNaN: true }), fc.double({ noNaN: true, min: -3.4e38, max: 3.4e38 })), (x) => {
        expect(BF16.encode(x)).toBe(refBf16Encode(x));
      }),
      { numRuns: 20000 },
    );
  });
  it('re-encodes every non-NaN pattern to itself', () => {
    for (let b = 0; b < 65536; b++) {
      if ((b & 0x7f80) === 0x7f80 && (b & 0x7f) !== 0) continue;
      expect(BF16.encode(BF16.decode(b))).toBe(b);
    }
  });
});
