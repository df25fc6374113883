// Dense row-major matrices of doubles, the operand and result type of every GEMM.
import { InputError } from './input-error.js';

export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number, data?: ArrayLike<number>): Matrix {
  const out = new Float64Array(rows * cols);
  if (data) {
    if (data.length !== rows * cols) {
      throw new InputError(`matrix data: ${data.length} values do not fill ${rows}×${cols} (${rows * cols} needed)`);
    }
    out.set(data);
  }
  return { rows, cols, data: out };
}

export function transpose(m: Matrix): Matrix {
  const t = new Float64Array(m.data.length);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) t[c * m.rows + r] = m.data[r * m.cols + c] as number;
  return { rows: m.cols, cols: m.rows, data: t };
}

/** Float64 reference product, the yardstick for accuracy figures. */
export function referenceGemm(a: Matrix, b: Matrix): Matrix {
  const out = new Float64Array(a.rows * b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const x = a.data[i * a.cols + k] as number;
      if (x === 0) continue;
      const row = k * b.cols;
      for (let j = 0; j < b.cols; j++) out[i * b.cols + j]! += x * (b.data[row + j] as number);
    }
  }
  return { rows: a.rows, cols: b.cols, data: out };
}
