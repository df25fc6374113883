// Fold-parallel GEMMs, the pure part: how many ranges a GEMM is cut into for a number of threads, and the merge of
// the ranges' counts into the one-run result (dataflow/fold-range.ts has why a range run is exact). The threads
// themselves are the host's (commands/fold-pool.ts): the core only runs a range, and merges.
import { foldCycles, type FoldPlan } from '../dataflow/fold-plan.js';
import { forEachFold } from '../dataflow/for-each-fold.js';
import { addCounters, finishesTile, splitFolds, type FoldRange } from '../dataflow/fold-range.js';
import type { PeCounters } from '../dataflow/pe-counters.js';
import type { Matrix } from '../core/matrix.js';
import { tileWords, type TrafficObserver } from '../dataflow/traffic.js';

/** What one range of a GEMM's folds counted, and the block of C it ran, as it left it (its finished tiles are the run's). */
export interface FoldRangeResult {
  range: FoldRange;
  counters: PeCounters;
  /** C[m0, m0+rows) × [n0, n0+cols), row-major. */
  out: Matrix & { m0: number; n0: number };
  edgeOverflows: number;
}

/**
 * MACs a range should have at least: each range costs a message, a warm-up fold and its operand words, so a GEMM
 * below twice this runs whole.
 */
const MIN_RANGE_MACS = 1 << 23;

/**
 * The ranges to cut the plan into for `threads` threads: one each (a range builds its own words of the operand
 * spread over the array rows, all of A in OS, so more ranges per thread cost memory: 2.5× the one-thread growth
 * with four, 1.3× with one, on 1024×1024·1024×512); one range (run it whole) if it is too small to gain.
 */
export function rangesFor(plan: FoldPlan, threads: number): FoldRange[] {
  const macs = plan.m * plan.k * plan.n;
  const parts = Math.min(threads, Math.floor(macs / MIN_RANGE_MACS), Math.floor(plan.folds / 2));
  return splitFolds(plan, Math.max(1, parts));
}

/**
 * Adds the ranges' counts to `counters` and copies each C tile from the range whose fold finished it into `out`;
 * returns the edge overflows. Sums of integer counts in float64 are exact, so the order of ranges does not matter.
 */
export function mergeFoldRanges(plan: FoldPlan, parts: FoldRangeResult[], counters: PeCounters, out: Float64Array): number {
  let edge = 0;
  for (const part of parts) {
    addCounters(counters, part.counters);
    edge += part.edgeOverflows;
  }
  let part = 0;
  const n = plan.n;
  forEachFold(plan, (fold) => {
    while (fold.index >= parts[part]!.range.to) part++;
    if (!finishesTile(plan, fold)) return;
    const src = parts[part]!.out;
    for (let i = fold.m0; i < fold.m0 + fold.mf; i++) {
      const at = (i - src.m0) * src.cols + fold.n0 - src.n0;
      out.set(src.data.subarray(at, at + fold.nf), i * n + fold.n0);
    }
  });
  return edge;
}

/** Tells `traffic` every fold's words, as the engines do when they run the plan whole. */
export function replayTraffic(plan: FoldPlan, traffic: TrafficObserver): void {
  forEachFold(plan, (fold) => traffic.fold(fold, foldCycles(plan, fold.index), tileWords(fold)));
}
