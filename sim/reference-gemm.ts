// The float64 reference product, the yardstick of every accuracy figure.
import type { Matrix } from '../core/matrix.js';
import { gemmF64 } from '../dataflow/mac-kernel.js';

/** Float64 reference product, the yardstick for accuracy figures (in the WebAssembly kernel, same bits as below). */
export function referenceGemm(a: Matrix, b: Matrix): Matrix {
  return { rows: a.rows, cols: b.cols, data: gemmF64(a.data, b.data, a.rows, a.cols, b.cols) };
}

