// The residual add a + b of two residual-stream tensors: fp32 in the dequant-before order; in the dequant-after
// order the coarser input is brought onto the finer one's grid by a fixed-point multiply (its ratio ≥ 1 loses no
// step) and the integers are added.
import { matrix } from '../core/matrix.js';
import { applyFixed, fixedMultiplier } from './fixed-point.js';
import type { UnitInput, UnitOutput, VectorFunction, VectorUnit } from './vector-unit.js';

const f32 = Math.fround;

function fp32Add([a, b]: UnitInput[]): UnitOutput {
  const [x, y] = [a!.x, b!.x];
  // Codes arrive dequantized (scale 1); accumulators would keep their scale.
  const out = matrix(x.rows, x.cols, x.data.map((v, i) => f32(f32(v * a!.scale) + f32((y.data[i] as number) * b!.scale))));
  const e = x.data.length;
  return { out, counts: { fp32Add: e, ...(a!.scale !== 1 || b!.scale !== 1 ? { fp32Mul: 2 * e } : {}) } };
}

function integerAdd([a, b]: UnitInput[]): UnitOutput {
  const [fine, coarse] = a!.scale <= b!.scale ? [a!, b!] : [b!, a!];
  const e = fine.x.data.length;
  if (coarse.scale === fine.scale) return { out: matrix(fine.x.rows, fine.x.cols, fine.x.data.map((v, i) => v + (coarse.x.data[i] as number))), integer: { scale: () => fine.scale }, counts: { int32Add: e } };
  const bits = Math.ceil(Math.log2(coarse.x.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0) + 1)) + 1;
  const f = fixedMultiplier(coarse.scale / fine.scale, bits);
  const out = matrix(fine.x.rows, fine.x.cols, fine.x.data.map((v, i) => v + applyFixed(coarse.x.data[i] as number, f)));
  // Per element: the aligning multiply, its rounding add, and the sum.
  return { out, integer: { scale: () => fine.scale }, counts: { int32Mul: e, int32Add: 2 * e } };
}

const FP32: VectorFunction = { input: { kind: 'float' }, apply: fp32Add };
const INT: VectorFunction = { input: { kind: 'int' }, apply: integerAdd };

export const RESIDUAL_ADD: VectorUnit = { implementation: (_setup, order) => (order === 'before' ? FP32 : INT) };
