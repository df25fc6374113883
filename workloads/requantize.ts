// Integer requantization between ops (docs/workloads.md, "Dequant-after"): accumulators times a fixed-point
// multiplier per column, plus an offset and the output's zero point. A float64 emulation of the same quantized model
// rounds the exact real value; the largest gap between the two is kept as a check.
import type { Matrix } from '../core/matrix.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import { applyFixed, fixedMultiplier, type FixedMultiplier } from './fixed-point.js';
import type { UniformQuantizer } from './quant/uniform.js';

/** The largest gap, in codes, between a requantization's integer path and its float64 emulation. */
export interface RequantCheck {
  name: string;
  maxGap: number;
}

/** Integers of an op in units of scale(c) per column, plus offset(c) (real units), and the float64 emulation of their real value. */
export interface Accumulated {
  acc: Matrix;
  scale: (c: number) => number;
  offset?: (c: number) => number;
  accBits: number;
  real: Matrix;
}

/** A fixed-point multiply, the rounding add and the zero point's add per output (an offset is one more add). */
export const requantCost = (n: number, offset = false): EdgeCounts => ({ int32Mul: n, int32Add: (offset ? 3 : 2) * n });

/** Codes of `out` (per column c) from accumulators: the integer path's codes; the check records the gap to the float emulation. */
export function requantize(name: string, from: Accumulated, out: (c: number) => UniformQuantizer, checks: RequantCheck[]): Matrix {
  const { acc, real } = from;
  const fixed = new Map<number, FixedMultiplier & { offset: number }>();
  const codes = new Float64Array(acc.data.length);
  const clamp = (v: number, q: UniformQuantizer) => (v < q.qmin ? q.qmin : v > q.qmax ? q.qmax : v);
  let maxGap = 0;
  for (let i = 0; i < acc.data.length; i++) {
    const c = i % acc.cols;
    const q = out(c);
    const s = q.scale[0] as number;
    let f = fixed.get(c);
    if (!f) fixed.set(c, (f = { ...fixedMultiplier(from.scale(c) / s, from.accBits), offset: from.offset ? Math.round(from.offset(c) / s) : 0 }));
    codes[i] = clamp(applyFixed(acc.data[i] as number, f) + f.offset + (q.zero[0] as number), q);
    const emulated = clamp(Math.round((real.data[i] as number) / s) + (q.zero[0] as number), q);
    maxGap = Math.max(maxGap, Math.abs((codes[i] as number) - emulated));
  }
  checks.push({ name, maxGap });
  return { rows: acc.rows, cols: acc.cols, data: codes };
}
