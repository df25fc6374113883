// Quantizers for post-softmax probabilities (values in [0, 1]), each described by its codebook: the value of
// every code, and the integer operand an int or shift PE multiplies (x̂ = scale·int + offset).
//   uniform: q = round(x·(2^b − 1)), x̂ = q / (2^b − 1)
//   log2:    q = clamp(round(−log2(x/s)), 0, 2^b − 1), x̂ = s·2^(−q)                       (docs/workloads.md)
//   sulq:    y = −log2(x + η), b-bit uniform codes over [min y, max y], x̂ = 2^round(−ŷ) − η  (I&S-ViT Eq. 13–14)
import { InputError } from '../../core/input-error.js';
import { checkBits } from './uniform.js';

export const PROB_QUANTS = ['uniform', 'log2', 'sulq'] as const;
export type ProbQuantKind = (typeof PROB_QUANTS)[number];
export const SULQ_ETAS = [0.001, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.2, 0.5, 1] as const;
/** Width of the unsigned integer operand a log2 or SULQ code becomes (powers of two below it flush to 0). */
export const POW2_OPERAND_BITS = 16;

export interface ProbQuantizer {
  kind: ProbQuantKind;
  bits: number;
  /** Dequantized value of each code. */
  values: Float64Array;
  /** Power-of-two exponent of each code (log2, sulq): x̂ = 2^exponent·s − η. */
  exponents?: Int32Array;
  eta: number;
  quantize(x: number): number;
  /** Integer operand per code, its width and signedness (unsigned), and x̂ = scale·int + offset. */
  intOperand: { ints: Float64Array; bits: number; scale: number; offset: number };
}

function clampCode(q: number, max: number): number {
  return q <= 0 ? 0 : q > max ? max : q;
}

/** Power-of-two operand: 2^(e − eLow) on POW2_OPERAND_BITS bits, exact for the top exponents, 0 below. */
function pow2Operand(exponents: Int32Array, scale: number, offset: number) {
  let emax = -Infinity;
  for (const e of exponents) emax = Math.max(emax, e);
  const eLow = emax - (POW2_OPERAND_BITS - 1);
  const ints = Float64Array.from(exponents, (e) => (e >= eLow ? 2 ** (e - eLow) : 0));
  return { ints, bits: POW2_OPERAND_BITS, scale: scale * 2 ** eLow, offset };
}

export function uniformProb(bits: number): ProbQuantizer {
  checkBits('pbits', bits);
  const max = 2 ** bits - 1;
  const values = Float64Array.from({ length: max + 1 }, (_, q) => q / max);
  const ints = Float64Array.from({ length: max + 1 }, (_, q) => q);
  return { kind: 'uniform', bits, values, eta: 0, quantize: (x) => clampCode(Math.round(x * max), max), intOperand: { ints, bits, scale: 1 / max, offset: 0 } };
}

export function log2Prob(bits: number, s = 1): ProbQuantizer {
  checkBits('pbits', bits);
  const max = 2 ** bits - 1;
  const exponents = Int32Array.from({ length: max + 1 }, (_, q) => -q);
  const values = Float64Array.from(exponents, (e) => s * 2 ** e);
  return {
    kind: 'log2',
    bits,
    values,
    exponents,
    eta: 0,
    quantize: (x) => (x <= 0 ? max : clampCode(Math.round(-Math.log2(x / s)), max)),
    intOperand: pow2Operand(exponents, s, 0),
  };
}

/** SULQ with a given η over the range of y seen in `calib`. */
export function sulqWithEta(bits: number, eta: number, calib: ArrayLike<number>): ProbQuantizer {
  checkBits('pbits', bits);
  const max = 2 ** bits - 1;
  let ymin = Infinity;
  let ymax = -Infinity;
  for (let i = 0; i < calib.length; i++) {
    const y = -Math.log2(Math.max(0, calib[i] as number) + eta);
    if (y < ymin) ymin = y;
    if (y > ymax) ymax = y;
  }
  const step = ymax > ymin ? (ymax - ymin) / max : 1;
  const exponents = Int32Array.from({ length: max + 1 }, (_, c) => Math.round(-(ymin + c * step)));
  const values = Float64Array.from(exponents, (e) => 2 ** e - eta);
  return {
    kind: 'sulq',
    bits,
    values,
    exponents,
    eta,
    quantize: (x) => clampCode(Math.round((-Math.log2(Math.max(0, x) + eta) - ymin) / step), max),
    intOperand: pow2Operand(exponents, 1, -eta),
  };
}

export function squaredError(q: ProbQuantizer, xs: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < xs.length; i++) {
    const d = (xs[i] as number) - (q.values[q.quantize(xs[i] as number)] as number);
    e += d * d;
  }
  return e;
}

/** SULQ's η by least-squares grid search over SULQ_ETAS. */
export function sulqProb(bits: number, calib: ArrayLike<number>): ProbQuantizer {
  let best: ProbQuantizer | undefined;
  let bestErr = Infinity;
  for (const eta of SULQ_ETAS) {
    const q = sulqWithEta(bits, eta, calib);
    const err = squaredError(q, calib);
    if (err < bestErr) [best, bestErr] = [q, err];
  }
  return best!;
}

export function probQuantizer(kind: ProbQuantKind, bits: number, calib: ArrayLike<number>): ProbQuantizer {
  if (kind === 'uniform') return uniformProb(bits);
  if (kind === 'log2') return log2Prob(bits);
  if (kind === 'sulq') return sulqProb(bits, calib);
  throw new InputError(`pquant: "${String(kind)}" is not allowed; allowed ${PROB_QUANTS.join(', ')}`);
}
