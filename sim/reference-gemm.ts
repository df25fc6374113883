// The float64 reference product, the yardstick of every accuracy figure.
import type { Matrix } from '../core/matrix.js';
import { gemmF64 } from '../dataflow/mac-kernel.js';

/** Float64 reference product, the yardstick for accuracy figures: in the WebAssembly kernel when present, else below. */
export function referenceGemm(a: Matrix, b: Matrix): Matrix {
  const data = gemmF64(a.data, b.data, a.rows, a.cols, b.cols) ?? gemmJs(a, b);
  return { rows: a.rows, cols: b.cols, data };
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
