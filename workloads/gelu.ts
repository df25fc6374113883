// GELU(x) = x·Φ(x) = x·(1 + erf(x/√2))/2 (timm's exact GELU, docs/workloads.md): the float64 reference, the fp32
// unit of the dequant-before order (erf by Abramowitz–Stegun 7.1.26) and I-BERT's i-GELU (arXiv 2101.01321,
// Algorithm 2) of the dequant-after order, whose erf is the polynomial sgn(x)·[a(min(|x|, −b) + b)² + 1].
import { matrix, type Matrix } from '../core/matrix.js';
import type { UnitInput, UnitOutput, VectorFunction, VectorUnit } from './vector-unit.js';

/** erf in float64 by its series e^(−x²)·2/√π·Σ 2ⁿx^(2n+1)/(1·3···(2n+1)): all terms positive, no cancellation. */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a >= 6) return Math.sign(x); // erfc(6) ≈ 2e-17
  let term = a;
  let sum = a;
  for (let n = 1; term > 1e-17 * sum; n++) {
    term *= (2 * a * a) / (2 * n + 1);
    sum += term;
  }
  return Math.sign(x) * Math.min(1, (2 / Math.sqrt(Math.PI)) * Math.exp(-a * a) * sum);
}

export const gelu = (x: number) => 0.5 * x * (1 + erf(x / Math.SQRT2));

/** Float64 GELU of every element. */
export function geluMatrix(m: Matrix): Matrix {
  return matrix(m.rows, m.cols, m.data.map(gelu));
}

const f32 = Math.fround;
const AS = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429].map(f32);
const AS_P = f32(0.3275911);

/** erf in fp32 by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7): 1 − t·(a1 + t·(a2 + …))·e^(−x²), t = 1/(1 + p|x|). */
function fp32Erf(x: number): number {
  const a = Math.abs(x);
  const t = f32(1 / f32(1 + f32(AS_P * a)));
  let poly = AS[4] as number;
  for (let i = 3; i >= 0; i--) poly = f32(f32(poly * t) + (AS[i] as number));
  const y = f32(1 - f32(f32(poly * t) * f32(Math.exp(f32(-f32(a * a))))));
  return x < 0 ? -y : y;
}

function fp32Gelu({ x, scale }: UnitInput): UnitOutput {
  const half = f32(Math.SQRT1_2);
  const out = matrix(x.rows, x.cols, x.data.map((v) => {
    const u = f32(v * scale);
    return f32(f32(0.5 * u) * f32(1 + fp32Erf(f32(u * half))));
  }));
  const e = x.data.length;
  return { out, counts: { fp32Erf: e, fp32Mul: (scale === 1 ? 2 : 3) * e, fp32Add: e } };
}

/** I-BERT's erf polynomial: a(min(|x|, −b) + b)² + 1, signed. */
export const I_BERT_A = -0.2888;
export const I_BERT_B = -1.769;

/** The real-valued i-GELU (what the integer unit computes, but for rounding): its error against GELU is the polynomial's. */
export function polynomialGelu(x: number): number {
  const e = x / Math.SQRT2;
  const l = I_BERT_A * (Math.min(Math.abs(e), -I_BERT_B) + I_BERT_B) ** 2 + 1;
  return 0.5 * x * (1 + Math.sign(e) * l);
}

/**
 * i-GELU on integers q of scale s: with S = s/√2, q_b = ⌊b/S⌋, q_c = ⌊1/(aS²)⌋, q_erf = sgn(q)·[(min(|q|, −q_b) + q_b)²
 * + q_c] in units of aS², and q_1 = ⌊1/(aS²)⌋, the output is q·(q_erf + q_1) in units of s·aS²/2. q_erf + q_1 spans
 * about 2|q_1|: it is rounded to 16 bits by a shift first, so the last product is 16 × 16 bits (I-BERT keeps 32).
 */
function integerGelu({ x, scale }: UnitInput): UnitOutput {
  const s = scale / Math.SQRT2;
  const unit = I_BERT_A * s * s;
  const qb = Math.floor(I_BERT_B / s);
  const qc = Math.floor(1 / unit);
  const shift = Math.max(0, Math.ceil(Math.log2(2 * Math.abs(qc) + 1)) - 15);
  const out = matrix(x.rows, x.cols, x.data.map((q) => {
    const poly = (Math.min(Math.abs(q), -qb) + qb) ** 2 + qc;
    return q * Math.floor((Math.sign(q) * poly + qc) / 2 ** shift + 0.5);
  }));
  const e = x.data.length;
  // Per element: |q|, the clip and + q_b on 16 bits, the square; + q_c, the sign, + q_1 and the rounding shift on 32 bits; the product.
  return { out, integer: { scale: () => (scale * unit * 2 ** shift) / 2 }, counts: { int16Add: 3 * e, int16Mul: 2 * e, int32Add: 4 * e } };
}

const FP32: VectorFunction = { input: { kind: 'float' }, apply: ([x]) => fp32Gelu(x!) };
const INT: VectorFunction = { input: { kind: 'int' }, apply: ([x]) => integerGelu(x!) };

/** GELU as a vector unit: fp32 in the before order, i-GELU in the after order. */
export const GELU: VectorUnit = { implementation: (_setup, order) => (order === 'before' ? FP32 : INT) };
