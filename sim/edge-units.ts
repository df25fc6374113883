// Units outside the PE array, charged per operation: dequantizers and requantizers at the array edge and the
// vector units (softmax, LayerNorm, GELU, residual adds). Each operation's energy is built from the technology file's Horowitz anchors; the
// operation counts of composite functions are modelling choices, documented here and in docs/power-model.md.
import type { Tech } from './tech.js';

export const EDGE_OPS = ['fp32Mul', 'fp32Add', 'fp16Mul', 'fp16Add', 'int32Mul', 'int32Add', 'intToFloat', 'floatToInt', 'fp32Exp', 'fp32Recip', 'int32Div', 'int16Mul', 'int16Add', 'fp32Rsqrt', 'fp32Erf'] as const;
export type EdgeOp = (typeof EDGE_OPS)[number];
export type EdgeCounts = Partial<Record<EdgeOp, number>>;

/** Energy (pJ) of one operation of each kind. */
export function edgeOpEnergies(tech: Tech): Record<EdgeOp, number> {
  const c = tech.coefficients;
  const fp32Mul = c.anchorFp32Mul.value;
  const fp32Add = c.anchorFp32Add.value;
  const int32Add = c.anchorInt32Add.value;
  const fp32Exp = 5 * fp32Mul + 6 * fp32Add;
  const fp32Recip = 4 * fp32Mul + 2 * fp32Add;
  return {
    fp32Mul,
    fp32Add,
    fp16Mul: c.anchorFp16Mul.value,
    fp16Add: c.anchorFp16Add.value,
    int32Mul: c.anchorInt32Mul.value,
    int32Add,
    // A conversion is a normalising shift plus an exponent add: charged as one fp32 add.
    intToFloat: fp32Add,
    floatToInt: fp32Add,
    // exp: range reduction (1 mul, 2 adds) and a degree-4 Horner polynomial (4 mul, 4 adds).
    fp32Exp,
    // reciprocal: table seed and two Newton–Raphson steps (4 mul, 2 adds).
    fp32Recip,
    // 32-bit restoring division: one add/subtract per quotient bit.
    int32Div: 32 * int32Add,
    int16Mul: c.anchorInt16Mul.value,
    // A ripple-carry adder's energy grows with its width: two 8-bit adds.
    int16Add: 2 * c.anchorInt8Add.value,
    // 1/√x: table seed and two Newton–Raphson steps y·(3 − x·y²)/2 (x/2 once; 3 mul, 1 add each).
    fp32Rsqrt: 7 * fp32Mul + 2 * fp32Add,
    // erf, Abramowitz–Stegun 7.1.26: t = 1/(1 + p|x|), a degree-5 polynomial in t, times exp(−x²), from 1.
    fp32Erf: fp32Recip + fp32Exp + 8 * fp32Mul + 6 * fp32Add,
  };
}

export function edgeEnergyPj(tech: Tech, counts: EdgeCounts): number {
  const e = edgeOpEnergies(tech);
  let total = 0;
  for (const op of EDGE_OPS) total += (counts[op] ?? 0) * e[op];
  return total;
}

export function addCounts(into: EdgeCounts, more: EdgeCounts, times = 1): EdgeCounts {
  for (const op of EDGE_OPS) if (more[op]) into[op] = (into[op] ?? 0) + (more[op] as number) * times;
  return into;
}
