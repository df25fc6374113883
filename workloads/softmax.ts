// Softmax vector units. float: exp, sum and one reciprocal per row in fp32. base2 (I-ViT's Shiftmax): e^x =
// 2^(x·log2 e), with the integer part of the exponent a shift and the fraction's 2^f approximated by 1 + f,
// then an integer division per row. Both return probabilities and the vector unit's operation counts.
import type { EdgeCounts } from '../sim/edge-units.js';
import type { Matrix } from '../core/matrix.js';

export const SOFTMAXES = ['float', 'base2'] as const;
export type SoftmaxKind = (typeof SOFTMAXES)[number];
/** Fraction bits of the fixed-point log2-domain exponent and of the output probabilities (base2). */
export const BASE2_FRACTION_BITS = 15;
const ONE = 2 ** BASE2_FRACTION_BITS;
const PROB_BITS = 16;

/** fp32 softmax of each row of `scale·s`. */
export function floatSoftmax(s: Matrix, scale: number): { out: Matrix; counts: EdgeCounts } {
  const n = s.cols;
  const p = new Float64Array(s.data.length);
  for (let r = 0; r < s.rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < n; c++) max = Math.max(max, s.data[r * n + c] as number);
    let sum = 0;
    for (let c = 0; c < n; c++) {
      const e = Math.fround(Math.exp(Math.fround(((s.data[r * n + c] as number) - max) * scale)));
      p[r * n + c] = e;
      sum = Math.fround(sum + e);
    }
    const inv = Math.fround(1 / sum);
    for (let c = 0; c < n; c++) p[r * n + c] = Math.fround((p[r * n + c] as number) * inv);
  }
  const e = s.rows * n;
  return { out: { rows: s.rows, cols: n, data: p }, counts: { fp32Add: 3 * e, fp32Mul: 2 * e, fp32Exp: e, fp32Recip: s.rows } };
}

/**
 * Integer base-2 softmax of each row of `scale·s`, for integer accumulators s: u = (s − max)·M with the fixed-point
 * multiplier M = round(scale·log2(e)·2^F); 2^u ≈ (1 + frac)·2^int as a shift; p = ⌊e·2^16 / Σe⌋ / 2^16.
 */
export function base2Softmax(s: Matrix, scale: number): { out: Matrix; counts: EdgeCounts } {
  const n = s.cols;
  const m = Math.round(scale * Math.LOG2E * ONE);
  const p = new Float64Array(s.data.length);
  const e = new Float64Array(n);
  for (let r = 0; r < s.rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < n; c++) max = Math.max(max, s.data[r * n + c] as number);
    let sum = 0;
    for (let c = 0; c < n; c++) {
      const u = Math.round((s.data[r * n + c] as number) - max) * m; // ≤ 0, an integer
      const whole = Math.floor(u / ONE);
      const frac = u - whole * ONE;
      const v = -whole > BASE2_FRACTION_BITS + 1 ? 0 : Math.floor((ONE + frac) / 2 ** -whole);
      e[c] = v;
      sum += v;
    }
    for (let c = 0; c < n; c++) p[r * n + c] = Math.floor(((e[c] as number) * 2 ** PROB_BITS) / sum) / 2 ** PROB_BITS;
  }
  const count = s.rows * n;
  return { out: { rows: s.rows, cols: n, data: p }, counts: { int32Add: 4 * count, int32Mul: 2 * count, int32Div: s.rows } };
}
