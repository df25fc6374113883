// Units outside the PE array, charged per operation: dequantizers and requantizers at the array edge and the
// softmax vector unit. Each operation's energy is built from the technology file's Horowitz anchors; the
// operation counts of composite functions are modelling choices, documented here and in docs/power-model.md.
import type { Tech } from './tech.js';

export const EDGE_OPS = ['fp32Mul', 'fp32Add', 'fp16Mul', 'fp16Add', 'int32Mul', 'int32Add', 'intToFloat', 'floatToInt', 'fp32Exp', 'fp32Recip', 'int32Div'] as const;
export type EdgeOp = (typeof EDGE_OPS)[number];
export type EdgeCounts = Partial<Record<EdgeOp, number>>;

/** Energy (pJ) of one operation of each kind. */
export function edgeOpEnergies(tech: Tech): Record<EdgeOp, number> {
  const c = tech.coefficients;
  const fp32Mul = c.anchorFp32Mul.value;
  const fp32Add = c.anchorFp32Add.value;
  const int32Add = c.anchorInt32Add.value;
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
    fp32Exp: 5 * fp32Mul + 6 * fp32Add,
    // reciprocal: table seed and two Newton–Raphson steps (4 mul, 2 adds).
    fp32Recip: 4 * fp32Mul + 2 * fp32Add,
    // 32-bit restoring division: one add/subtract per quotient bit.
    int32Div: 32 * int32Add,
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
