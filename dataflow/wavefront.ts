// What a controller sends into the skewed edge of the array, one slot per cycle: row i (or column j) of the edge
// takes, on cycle t, the slot sent on cycle t − i (t − j), as the skew registers delay it. Folds may overlap in
// the array (pipelined), so each slot names its fold.
import { forEachFold, type Fold } from './for-each-fold.js';
import type { FoldPlan } from './fold-plan.js';

export class Wavefront {
  private readonly folds: Int32Array;
  private readonly slots: Int32Array;

  /** `depth`: the longest skew (cycles) a slot is read after it was sent. */
  constructor(depth: number) {
    this.folds = new Int32Array(depth + 1).fill(-1);
    this.slots = new Int32Array(depth + 1);
  }

  /** On cycle t the controller sends slot `slot` of fold `fold` (−1: nothing). */
  send(t: number, fold: number, slot: number): void {
    const at = t % this.folds.length;
    this.folds[at] = fold;
    this.slots[at] = slot;
  }

  /** The fold of the slot that reaches an edge skewed by `delay` on cycle t (−1: none). */
  foldAt(t: number, delay: number): number {
    return t < delay ? -1 : (this.folds[(t - delay) % this.folds.length] as number);
  }

  slotAt(t: number, delay: number): number {
    return this.slots[(t - delay) % this.slots.length] as number;
  }
}

/** The plan's folds in run order (fold.index is the position). */
export function foldList(plan: FoldPlan): Fold[] {
  const folds: Fold[] = [];
  forEachFold(plan, (f) => folds.push(f));
  return folds;
}
