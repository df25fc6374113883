// A GEMM's folds cut into ranges that run apart (a worker pool) and merge into the one-run result, bit for bit.
// Folds share only the register contents one leaves for the next, and those are the operands' words: a range first
// replays, uncounted, the folds that last wrote what it reads (its warm-up), then counts its own. With valid gating
// or none, a fold writes every register of every PE it uses (ungated: of every PE), and only the last row fold of a
// column fold and the folds of the last column fold leave PEs unused. So a fold inside a column fold reads only what
// the full fold before it wrote, and the first fold of a column fold what the column fold before it wrote. WS and IS
// also carry C: a column fold's K-folds add into its outputs in turn (edge adds, in the PE's arithmetic), so a range
// that starts inside one replays it from its first K-fold. Zero gating breaks the rule (a PE whose MACs are all
// isolated keeps older multiplier state): sim/simulate-gemm.ts runs it whole.
import type { ArrayRun } from './array-run.js';
import { MAPPINGS, type FoldPlan } from './fold-plan.js';
import type { Fold, FoldRange } from './for-each-fold.js';
import type { MacKernel } from './mac-kernel.js';
import { createCounters, TOGGLE_COUNTERS, type PeCounters } from './pe-counters.js';

export type { FoldRange };

/** Whether a column fold's K-folds add into the same outputs (WS, IS: K is spread over the array rows). */
const carriesOutputs = (plan: FoldPlan) => MAPPINGS[plan.dataflow].rows === 'k';

export function foldRange(plan: FoldPlan, from: number, to: number): FoldRange {
  const r = from % plan.rowFolds;
  const warm = r === 0 ? Math.max(0, from - plan.rowFolds) : carriesOutputs(plan) ? from - r : from - 1;
  return { warm, from, to };
}

/**
 * The plan's folds in about `parts` ranges of about equal size. A cut falls on a column fold's second fold where it
 * can (OS: anywhere inside a column fold), so the range after it replays one fold, not a column fold.
 */
export function splitFolds(plan: FoldPlan, parts: number): FoldRange[] {
  const cuts = [0];
  const rf = plan.rowFolds;
  for (let i = 1; i < parts; i++) {
    let cut = Math.round((i * plan.folds) / parts);
    if (rf > 1 && carriesOutputs(plan)) cut = Math.round(cut / rf) * rf + 1;
    else if (rf > 1 && cut % rf === 0) cut++;
    if (cut > cuts[cuts.length - 1]! && cut < plan.folds) cuts.push(cut);
  }
  cuts.push(plan.folds);
  return cuts.slice(1).map((to, i) => foldRange(plan, cuts[i]!, to));
}

/** Whether a fold leaves its tile of C finished: its K slice is the last (OS: always; WS, IS: the last K-fold). */
export function finishesTile(plan: FoldPlan, fold: Fold): boolean {
  return fold.k0 + fold.kf === plan.k;
}

/**
 * Keeps a range's counts to its own folds: an engine calls start() before each fold and end() after its kernel's
 * finish(). At the range's first fold the JS counters and the edge count restart from zero; the kernel's counts so
 * far are taken aside and subtracted at the end (counts are integers in float64: exact).
 */
export class RangeCounts {
  private warmKernel: PeCounters | undefined;

  constructor(
    private readonly run: ArrayRun,
    private readonly outLength: number,
  ) {}

  start(fold: Fold, kernel: MacKernel | undefined): void {
    const range = this.run.range;
    if (!range || fold.index !== range.from || range.from === range.warm) return;
    forEachCounter(this.run.counters, (xs) => xs.fill(0));
    this.run.edgeOverflows.count = 0;
    if (!kernel) return;
    this.warmKernel = createCounters(this.run.counters.macs.length);
    kernel.finish(this.run.pe, this.warmKernel, { count: 0 }, 'out', new Float64Array(this.outLength));
  }

  end(): void {
    if (this.warmKernel) addCounters(this.run.counters, this.warmKernel, -1);
  }
}

/** into += sign · from, counter by counter and PE by PE. */
export function addCounters(into: PeCounters, from: PeCounters, sign: 1 | -1 = 1): void {
  const to: Float64Array[] = [];
  forEachCounter(into, (xs) => to.push(xs));
  let at = 0;
  forEachCounter(from, (xs) => {
    const t = to[at++]!;
    for (let p = 0; p < xs.length; p++) t[p]! += sign * (xs[p] as number);
  });
}

/** Every per-PE counter array, in one fixed order. */
export function forEachCounter(c: PeCounters, body: (xs: Float64Array) => void): void {
  for (const xs of [c.macs, c.activeCycles, c.clockedFlops, c.overflows, c.shadowReg, c.gatedMacs]) body(xs);
  for (const t of TOGGLE_COUNTERS) body(c.toggles[t]);
}
