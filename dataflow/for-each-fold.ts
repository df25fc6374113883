// The folds of a plan in the order every engine runs them (and the RTL controller steps them): column folds
// outer, row folds inner. Each fold is given both as the array's slices and as the tile of the GEMM it covers.
import { MAPPINGS, type FoldPlan, type GemmDim } from './fold-plan.js';

export interface Fold {
  /** Position in the run, from 0. */
  index: number;
  /** The array rows take rf entries of plan.rowDim from r0; the columns take cf entries of plan.colDim from c0. */
  r0: number;
  rf: number;
  c0: number;
  cf: number;
  /** The same fold as GEMM tiles: A[m0, m0+mf)×[k0, k0+kf), B[k0, k0+kf)×[n0, n0+nf), C[m0, m0+mf)×[n0, n0+nf). */
  m0: number;
  mf: number;
  k0: number;
  kf: number;
  n0: number;
  nf: number;
}

/** Every fold of the plan, or with `range` those from its warm-up to its end (fold-range.ts). */
/** Folds [from, to) of a plan, counted; folds [warm, from) replayed before them to set the registers (fold-range.ts). */
export interface FoldRange {
  warm: number;
  from: number;
  to: number;
}

export function forEachFold(plan: FoldPlan, body: (fold: Fold) => void, range?: FoldRange): void {
  const [lo, hi] = range ? [range.warm, range.to] : [0, plan.folds];
  const { rows, cols, rowDim, colDim } = plan;
  const mapping = MAPPINGS[plan.dataflow];
  // The streamed dimension is whole in every fold.
  const start: Record<GemmDim, number> = { m: 0, k: 0, n: 0 };
  const size: Record<GemmDim, number> = { m: plan.m, k: plan.k, n: plan.n };
  let index = 0;
  for (let c0 = 0; c0 < colDim; c0 += cols) {
    const cf = Math.min(cols, colDim - c0);
    start[mapping.cols] = c0;
    size[mapping.cols] = cf;
    for (let r0 = 0; r0 < rowDim; r0 += rows) {
      const rf = Math.min(rows, rowDim - r0);
      start[mapping.rows] = r0;
      size[mapping.rows] = rf;
      if (index < lo || index >= hi) {
        index++;
        continue;
      }
      body({ index: index++, r0, rf, c0, cf, m0: start.m, mf: size.m, k0: start.k, kf: size.k, n0: start.n, nf: size.n });
    }
  }
}
