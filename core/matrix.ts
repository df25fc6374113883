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
