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

/** Square tiles of the transpose: a tile's rows and columns stay in cache (weights are megabytes). */
const TILE = 32;

export function transpose(m: Matrix): Matrix {
  const t = new Float64Array(m.data.length);
  for (let r0 = 0; r0 < m.rows; r0 += TILE) {
    const r1 = Math.min(m.rows, r0 + TILE);
    for (let c0 = 0; c0 < m.cols; c0 += TILE) {
      const c1 = Math.min(m.cols, c0 + TILE);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) t[c * m.rows + r] = m.data[r * m.cols + c] as number;
    }
  }
  return { rows: m.cols, cols: m.rows, data: t };
}
