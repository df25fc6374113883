// LayerNorm over each token's D channels, y = (x − μ)/√(σ² + ε)·γ + β with timm's ε = 1e-6 (docs/workloads.md):
// the float64 reference, the fp32 unit of the dequant-before order, and I-BERT's integer unit (arXiv 2101.01321,
// Algorithms 4 and the integer LayerNorm of §3.5) of the dequant-after order.
import { matrix, type Matrix } from '../core/matrix.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import type { UnitInput, UnitOutput, VectorFunction, VectorUnit } from './vector-unit.js';

export const LN_EPS = 1e-6;

/** γ and β of one LayerNorm (timm: norm1, norm2, norm). */
export interface NormParams {
  weight: Float64Array;
  bias: Float64Array;
}

/** Float64 LayerNorm of each row. */
export function layerNorm(x: Matrix, p: NormParams): Matrix {
  const n = x.cols;
  const out = matrix(x.rows, n);
  for (let r = 0; r < x.rows; r++) {
    const row = x.data.subarray(r * n, (r + 1) * n);
    let mean = 0;
    for (const v of row) mean += v;
    mean /= n;
    let variance = 0;
    for (const v of row) variance += (v - mean) ** 2;
    const inv = 1 / Math.sqrt(variance / n + LN_EPS);
    for (let c = 0; c < n; c++) out.data[r * n + c] = ((row[c] as number) - mean) * inv * (p.weight[c] as number) + (p.bias[c] as number);
  }
  return out;
}

const f32 = Math.fround;

/** fp32 LayerNorm: sums, the centred values, their squares, one 1/√ per row, then the affine γ, β, each step rounded to fp32. */
function fp32LayerNorm(p: NormParams, { x, scale }: UnitInput): UnitOutput {
  const n = x.cols;
  const out = matrix(x.rows, n);
  const invN = f32(1 / n);
  const d = new Float64Array(n);
  for (let r = 0; r < x.rows; r++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum = f32(sum + f32((x.data[r * n + c] as number) * scale));
    const mean = f32(sum * invN);
    let squares = 0;
    for (let c = 0; c < n; c++) {
      d[c] = f32(f32((x.data[r * n + c] as number) * scale) - mean);
      squares = f32(squares + f32((d[c] as number) ** 2));
    }
    const inv = f32(1 / Math.sqrt(f32(f32(squares * invN) + LN_EPS)));
    for (let c = 0; c < n; c++) out.data[r * n + c] = f32(f32(f32((d[c] as number) * inv) * f32(p.weight[c] as number)) + f32(p.bias[c] as number));
  }
  const e = x.rows * n;
  const counts: EdgeCounts = { fp32Add: 4 * e + x.rows, fp32Mul: 3 * e + 2 * x.rows + (scale === 1 ? 0 : e), fp32Rsqrt: x.rows };
  return { out, counts };
}

/** ⌊√v⌋ by Newton's iteration from 2^⌈bits/2⌉ (I-BERT, Algorithm 4), and the iterations it took. */
export function integerSqrt(v: number): { root: number; iterations: number } {
  if (v <= 0) return { root: 0, iterations: 0 };
  let x = 2 ** Math.ceil(Math.ceil(Math.log2(v + 1)) / 2);
  for (let i = 1; ; i++) {
    const next = Math.floor((x + Math.floor(v / x)) / 2);
    if (next >= x) return { root: x, iterations: i };
    x = next;
  }
}

/** Fraction bits of the normalized integer: ⌊y·⌊(2^31 − 1)/std⌋/2⌋ is y/σ in units of √D/2^30 (I-BERT). */
const NORM_SHIFT = 30;

/**
 * Integer LayerNorm on integers x of scale s: μ = round(Σx/D), y = x − μ, std = ⌊√(Σy² + ⌊Dε/s²⌉)⌋ by I-BERT's
 * integer Newton square root, ŷ = ⌊y·⌊(2^31 − 1)/std⌋/2⌋ = y/σ in units of √D/2^30. γ and β stay out of the
 * integer path: γ folds into the per-column scale and β into the offset the requantizer adds.
 */
function integerLayerNorm(p: NormParams, { x, scale }: UnitInput): UnitOutput {
  const n = x.cols;
  const out = matrix(x.rows, n);
  const epsilon = Math.round((n * LN_EPS) / (scale * scale));
  let iterations = 0;
  for (let r = 0; r < x.rows; r++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += x.data[r * n + c] as number;
    const mean = Math.floor((2 * sum + n) / (2 * n));
    let squares = 0;
    for (let c = 0; c < n; c++) squares += ((x.data[r * n + c] as number) - mean) ** 2;
    const std = integerSqrt(squares + epsilon);
    iterations += std.iterations;
    const factor = Math.floor((2 ** 31 - 1) / Math.max(1, std.root));
    for (let c = 0; c < n; c++) out.data[r * n + c] = Math.floor((((x.data[r * n + c] as number) - mean) * factor) / 2);
  }
  const unit = Math.sqrt(n) / 2 ** NORM_SHIFT;
  const e = x.rows * n;
  // Per element: the sum, the centring and the sum of squares (wide adds), the square (a 16-bit multiply of the centred
  // value) and the normalizing multiply; per row: the mean's division and rounding, ε, the square root's iterations
  // (a division and an add each) and the factor's division.
  const counts: EdgeCounts = { int32Add: 3 * e + 2 * x.rows + iterations, int16Mul: e, int32Mul: e, int32Div: 2 * x.rows + iterations };
  return { out, integer: { scale: (c) => unit * (p.weight[c] as number), offset: (c) => p.bias[c] as number }, counts };
}

/** LayerNorm as a vector unit with its γ and β: fp32 in the before order, integer in the after order. */
export function layerNormUnit(p: NormParams): VectorUnit {
  const fp32: VectorFunction = { input: { kind: 'float' }, apply: ([x]) => fp32LayerNorm(p, x!) };
  const int: VectorFunction = { input: { kind: 'int' }, apply: ([x]) => integerLayerNorm(p, x!) };
  return { implementation: (_setup, order) => (order === 'before' ? fp32 : int) };
}
