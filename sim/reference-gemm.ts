// The float64 reference product, the yardstick of every accuracy figure.
import type { Matrix } from '../core/matrix.js';
import { gemmF64 } from '../dataflow/mac-kernel.js';
import { foldRunner, type RowsTask } from './fold-runner.js';

/**
 * Multiply-adds a share of rows should have at least: each share costs a message and copies of both operands to
 * shared memory, so smaller products (an attention head's) run whole here.
 */
const MIN_ROWS_MACS = 1 << 23;

/**
 * Float64 reference product, the yardstick for accuracy figures: in the WebAssembly kernel when present, else below.
 * A large one is split by rows over the installed runner's threads: each output element is the same loop over k
 * whichever rows it is computed with, so the bits are those of one run.
 */
export function referenceGemm(a: Matrix, b: Matrix): Matrix {
  const runner = foldRunner();
  const parts = runner ? Math.min(runner.threads, Math.floor((a.rows * a.cols * b.cols) / MIN_ROWS_MACS), a.rows) : 1;
  if (parts < 2) return { rows: a.rows, cols: b.cols, data: referenceRows({ a, b, from: 0, to: a.rows }) };
  const tasks = Array.from({ length: parts }, (_, p): RowsTask => ({ a, b, from: Math.floor((p * a.rows) / parts), to: Math.floor(((p + 1) * a.rows) / parts) }));
  const data = new Float64Array(a.rows * b.cols);
  runner!.rows(tasks).forEach((rows, p) => data.set(rows, tasks[p]!.from * b.cols));
  return { rows: a.rows, cols: b.cols, data };
}

/** Rows [from, to) of a·b, in this thread. */
export function referenceRows({ a, b, from, to }: RowsTask): Float64Array {
  const rows: Matrix = { rows: to - from, cols: a.cols, data: a.data.subarray(from * a.cols, to * a.cols) };
  return gemmF64(rows.data, b.data, rows.rows, rows.cols, b.cols) ?? gemmJs(rows, b);
}

// The kernel's order and skips, so both give the same bits: for each i, k ascending, a zero a[i][k] skipped (an
// infinite b then adds no NaN); one rounding per multiply and per add.
function gemmJs(a: Matrix, b: Matrix): Float64Array {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k] as number;
      if (x === 0) continue;
      const row = k * b.cols;
      const o = i * b.cols;
      for (let j = 0; j < b.cols; j++) out[o + j]! += x * (b.data[row + j] as number);
    }
  }
  return out;
}
