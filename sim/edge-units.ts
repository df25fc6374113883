// Units outside the PE array, charged per operation: dequantizers and requantizers at the array edge and the
// vector units (softmax, LayerNorm, GELU, residual adds, the position embedding). Every operation is built of primitive operators (multipliers and adders) whose energy is
// the technology file's Horowitz anchor; the operator counts of composite functions are modelling choices,
// documented here and in docs/power-model.md. The same primitives are the units' hardware (sim/area.ts).
import type { Tech } from './tech.js';

export const EDGE_OPS = ['fp32Mul', 'fp32Add', 'fp16Mul', 'fp16Add', 'int32Mul', 'int32Add', 'intToFloat', 'floatToInt', 'fp32Exp', 'fp32Recip', 'int32Div', 'int16Mul', 'int16Add', 'fp32Rsqrt', 'fp32Erf'] as const;
export type EdgeOp = (typeof EDGE_OPS)[number];
export type EdgeCounts = Partial<Record<EdgeOp, number>>;

export const EDGE_PRIMITIVES = ['fp32Mul', 'fp32Add', 'fp16Mul', 'fp16Add', 'int32Mul', 'int32Add', 'int16Mul', 'int16Add'] as const;
export type EdgePrimitive = (typeof EDGE_PRIMITIVES)[number];

/** The primitive operations each operation takes. */
export const EDGE_OP_PRIMITIVES: Record<EdgeOp, Partial<Record<EdgePrimitive, number>>> = {
  fp32Mul: { fp32Mul: 1 },
  fp32Add: { fp32Add: 1 },
  fp16Mul: { fp16Mul: 1 },
  fp16Add: { fp16Add: 1 },
  int32Mul: { int32Mul: 1 },
  int32Add: { int32Add: 1 },
  // A conversion is a normalising shift plus an exponent add: one fp32 add.
  intToFloat: { fp32Add: 1 },
  floatToInt: { fp32Add: 1 },
  // exp: range reduction (1 mul, 2 adds) and a degree-4 Horner polynomial (4 mul, 4 adds).
  fp32Exp: { fp32Mul: 5, fp32Add: 6 },
  // reciprocal: table seed and two Newton–Raphson steps (4 mul, 2 adds).
  fp32Recip: { fp32Mul: 4, fp32Add: 2 },
  // 32-bit restoring division: one add/subtract per quotient bit.
  int32Div: { int32Add: 32 },
  // The integer vector units' squares and products of 16-bit values, and their 16-bit adds.
  int16Mul: { int16Mul: 1 },
  int16Add: { int16Add: 1 },
  // 1/√x: table seed and two Newton–Raphson steps y·(3 − x·y²)/2 (x/2 once; 3 mul, 1 add each).
  fp32Rsqrt: { fp32Mul: 7, fp32Add: 2 },
  // erf, Abramowitz–Stegun 7.1.26: t = 1/(1 + p|x|) (a reciprocal, 1 mul, 1 add), a degree-5 polynomial in t
  // (5 mul, 4 adds), times exp(−x²) (an exp, 2 mul), from 1 (1 add).
  fp32Erf: { fp32Mul: 4 + 1 + 5 + 5 + 2, fp32Add: 2 + 1 + 4 + 6 + 1 },
};

/** Energy (pJ) of one operation of each kind: its primitives' Horowitz anchors. */
export function edgeOpEnergies(tech: Tech): Record<EdgeOp, number> {
  const c = tech.coefficients;
  const primitive: Record<EdgePrimitive, number> = {
    fp32Mul: c.anchorFp32Mul.value,
    fp32Add: c.anchorFp32Add.value,
    fp16Mul: c.anchorFp16Mul.value,
    fp16Add: c.anchorFp16Add.value,
    int32Mul: c.anchorInt32Mul.value,
    int32Add: c.anchorInt32Add.value,
    int16Mul: c.anchorInt16Mul.value,
    // A ripple-carry adder's energy grows with its width: two 8-bit adds.
    int16Add: 2 * c.anchorInt8Add.value,
  };
  const out = {} as Record<EdgeOp, number>;
  for (const op of EDGE_OPS) {
    let e = 0;
    for (const [p, n] of Object.entries(EDGE_OP_PRIMITIVES[op]) as [EdgePrimitive, number][]) e += n * primitive[p];
    out[op] = e;
  }
  return out;
}

/** Primitive operations of a set of operation counts. */
export function primitiveCounts(counts: EdgeCounts): Record<EdgePrimitive, number> {
  const out = Object.fromEntries(EDGE_PRIMITIVES.map((p) => [p, 0])) as Record<EdgePrimitive, number>;
  for (const op of EDGE_OPS) {
    for (const [p, n] of Object.entries(EDGE_OP_PRIMITIVES[op]) as [EdgePrimitive, number][]) out[p] += n * (counts[op] ?? 0);
  }
  return out;
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
