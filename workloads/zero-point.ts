// Exact zero-point correction of an integer GEMM by rank-1 terms from row and column sums (docs/workloads.md):
//   (A − z_a)(B − z_b) = AB − z_a·1·colsum(B) − z_b·rowsum(A)·1ᵀ + z_a·z_b·K
import type { EdgeCounts } from '../sim/edge-units.js';
import type { Matrix } from '../core/matrix.js';

export function rowSums(a: Matrix): Float64Array {
  const s = new Float64Array(a.rows);
  for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) s[r]! += a.data[r * a.cols + c] as number;
  return s;
}

export function colSums(b: Matrix): Float64Array {
  const s = new Float64Array(b.cols);
  for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.cols; c++) s[c]! += b.data[r * b.cols + c] as number;
  return s;
}

/**
 * acc = A·B from the array, corrected to (A − z_a)(B − z_b). `bStatic`: B is a weight whose column sums are
 * computed offline (no edge cost). Returns the corrected accumulators and the edge adds they took.
 */
export function correctZeroPoints(acc: Matrix, a: Matrix, b: Matrix, za: number, zb: number, bStatic = false): { acc: Matrix; counts: EdgeCounts } {
  const k = a.cols;
  const bSum = za !== 0 ? colSums(b) : undefined;
  const aSum = zb !== 0 ? rowSums(a) : undefined;
  const data = new Float64Array(acc.data.length);
  for (let i = 0; i < data.length; i++) {
    const r = Math.floor(i / acc.cols);
    const c = i % acc.cols;
    data[i] = (acc.data[i] as number) - (bSum ? za * (bSum[c] as number) : 0) - (aSum ? zb * (aSum[r] as number) : 0) + za * zb * k;
  }
  const outputs = acc.data.length;
  const terms = (za !== 0 ? 1 : 0) + (zb !== 0 ? 1 : 0) + (za !== 0 && zb !== 0 ? 1 : 0);
  const sums = (za !== 0 && !bStatic ? b.data.length : 0) + (zb !== 0 ? a.data.length : 0);
  return { acc: { rows: acc.rows, cols: acc.cols, data }, counts: terms || sums ? { int32Add: terms * outputs + sums } : {} };
}
