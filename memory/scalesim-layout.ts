// Where each cycle's demand of SCALE-Sim v2's compute model falls, found by formula instead of by building its
// matrices (scalesim-matrices.ts builds them): a read operand's demand on one cycle is always one run of consecutive
// positions in the order its buffer prefetches the operand in; the output's is a count of words.
import type { Fold } from '../dataflow/for-each-fold.js';
import { MAPPINGS, type FoldPlan } from '../dataflow/fold-plan.js';

/** A read operand: its prefetch order's length with padding and without, and each cycle's run of positions. */
export interface ReadLayout {
  padded: number;
  valid: number;
  startFold(fold: Fold): void;
  /** Positions lo..hi (kept in the fields) are read on cycle t of the fold; false if none is. */
  run(t: number): boolean;
  lo: number;
  hi: number;
}

/**
 * An operand streamed in skewed (OS A and B, WS A, IS B): its prefetch order stacks one T×W tile per fold of the
 * array dimension it spreads over (padded past `dim`) and reads them diagonal by diagonal; on cycle t of a fold the
 * array reads part of diagonal block·T + t − prefix, column by column.
 */
class DiagonalLayout implements ReadLayout {
  readonly padded: number;
  readonly valid: number;
  lo = 0;
  hi = 0;
  private readonly stackRows: number;
  private readonly lastBlockRow: number;
  private readonly lastUsed: number;
  /** Valid positions on the diagonals before each diagonal. */
  private readonly before: Float64Array;
  private block = 0;
  private used = 0;

  constructor(
    private readonly t: number,
    private readonly width: number,
    dim: number,
    private readonly prefix: number,
    private readonly byRows: boolean,
  ) {
    const blocks = Math.ceil(dim / width);
    this.stackRows = blocks * t;
    this.lastBlockRow = (blocks - 1) * t;
    this.lastUsed = dim - (blocks - 1) * width;
    this.padded = this.stackRows * width;
    this.valid = t * dim;
    this.before = new Float64Array(this.stackRows + width + 1);
    for (let d = 0; d < this.stackRows + width; d++) {
      this.before[d + 1] = (this.before[d] as number) + this.validBelow(d, Math.min(d, width - 1) + 1);
    }
  }

  /** Valid entries of diagonal d in columns below j: its entries minus the last tile's padding columns. */
  private validBelow(d: number, j: number): number {
    const first = Math.max(0, d - (this.stackRows - 1));
    const padding = Math.min(j - 1, d - this.lastBlockRow) - Math.max(first, this.lastUsed) + 1;
    return j - first - Math.max(0, padding);
  }

  startFold(fold: Fold): void {
    this.block = (this.byRows ? fold.r0 : fold.c0) / this.width;
    this.used = this.byRows ? fold.rf : fold.cf;
  }

  run(t: number): boolean {
    const x = t - this.prefix;
    const first = Math.max(0, x - this.t + 1);
    const last = Math.min(x, this.used - 1);
    if (first > last) return false;
    const d = this.block * this.t + x;
    this.lo = (this.before[d] as number) + this.validBelow(d, first);
    this.hi = this.lo + last - first;
    return true;
  }
}

/**
 * A stationary operand loaded bottom row first (WS B, IS A): its prefetch order is one K×C tile per column fold,
 * row by row; on cycle t < R of a fold the array reads the tile's row R−1−t of this row fold.
 */
class RowMajorLayout implements ReadLayout {
  readonly padded: number;
  readonly valid: number;
  lo = 0;
  hi = 0;
  private base = 0;
  private used = 0;
  private row0 = 0;

  constructor(
    private readonly height: number,
    private readonly width: number,
    dim: number,
    private readonly rows: number,
  ) {
    this.padded = Math.ceil(dim / width) * height * width;
    this.valid = height * dim;
  }

  startFold(fold: Fold): void {
    this.base = (fold.c0 / this.width) * this.height * this.width;
    this.used = fold.cf;
    this.row0 = fold.r0;
  }

  run(t: number): boolean {
    const row = this.row0 + this.rows - 1 - t;
    if (t >= this.rows || row >= this.height) return false;
    this.lo = this.base + row * this.used;
    this.hi = this.lo + this.used - 1;
    return true;
  }
}

/** The output leaves skewed after `prefix` cycles, one column per port; rows before `firstRow` of a fold are padding. */
export class OutputLayout {
  private used = 0;
  private firstRow = 0;

  constructor(
    private readonly plan: FoldPlan,
    private readonly prefix: number,
    private readonly height: number,
  ) {}

  startFold(fold: Fold): void {
    this.used = fold.cf;
    // OS outputs leave bottom row first, so a partial fold's padding rows come first.
    this.firstRow = this.plan.dataflow === 'os' ? this.plan.rows - fold.rf : 0;
  }

  count(t: number): number {
    const x = t - this.prefix;
    return Math.max(0, Math.min(this.used - 1, x - this.firstRow) - Math.max(0, x - this.height + 1) + 1);
  }
}

export interface GemmLayout {
  a: ReadLayout;
  b: ReadLayout;
  c: OutputLayout;
}

export function gemmLayout(plan: FoldPlan): GemmLayout {
  const { rows: R, cols: C, rowDim, colDim, timeDim: T } = plan;
  const load = MAPPINGS[plan.dataflow].loadsTile ? R : 0;
  const streamedByRows = new DiagonalLayout(T, R, rowDim, load, true);
  const stationary = new RowMajorLayout(rowDim, C, colDim, R);
  const output = new OutputLayout(plan, load === 0 ? T - 1 : 2 * R - 1, load === 0 ? R : T);
  if (plan.dataflow === 'os') return { a: streamedByRows, b: new DiagonalLayout(T, C, colDim, 0, false), c: output };
  if (plan.dataflow === 'ws') return { a: streamedByRows, b: stationary, c: output };
  return { a: stationary, b: streamedByRows, c: output };
}
