// Attention heads in a tensor: a group of columns of each head (Q, K, V, O: T × H·dh), or a block of rows of each
// head when the heads are stacked (S, P: H·T × T). Per-head ops run head by head here and join their outputs.
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { mergeOps } from '../sim/merge-ops.js';
import type { OpResult } from '../sim/op-result.js';
import { columns } from './attention-block.js';
import type { MatmulOp } from './ops.js';

/** Head h of `heads`: its block of rows when the tensor stacks its heads, else its group of columns. */
export function headOf(m: Matrix, stackedHeads: number, h: number, heads: number): Matrix {
  if (stackedHeads === heads) {
    const size = (m.rows / heads) * m.cols;
    return { rows: m.rows / heads, cols: m.cols, data: m.data.slice(h * size, (h + 1) * size) };
  }
  if (stackedHeads !== 1) throw new Error(`internal: a tensor of ${stackedHeads} stacked heads read by an op of ${heads} heads`);
  const width = m.cols / heads;
  return columns(m, h * width, width);
}

/** The heads' outputs one below the other (stack) or side by side (concat: the multi-head concatenation). */
export function joinHeads(parts: Matrix[], join: 'stack' | 'concat'): Matrix {
  const first = parts[0]!;
  if (join === 'stack') {
    const out = matrix(first.rows * parts.length, first.cols);
    parts.forEach((m, h) => out.data.set(m.data, h * m.data.length));
    return out;
  }
  const out = matrix(first.rows, first.cols * parts.length);
  parts.forEach((m, h) => {
    for (let r = 0; r < m.rows; r++) out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), r * out.cols + h * m.cols);
  });
  return out;
}

type Headed = { codes: Matrix; stackedHeads: number };

/** Runs a matmul head by head on its operands' codes (b transposed if asked) and merges the heads into one result. */
export function runHeads<P extends { result: OpResult }>(op: MatmulOp, a: Headed, b: Headed, runHead: (a: Matrix, b: Matrix) => P): { result: OpResult; parts: P[] } {
  const parts: P[] = [];
  for (let h = 0; h < op.heads; h++) {
    const bHead = headOf(b.codes, b.stackedHeads, h, op.heads);
    parts.push(runHead(headOf(a.codes, a.stackedHeads, h, op.heads), op.transposeB ? transpose(bHead) : bHead));
  }
  return { result: mergeOps(op.name, 'matmul', parts.map((p) => p.result)), parts };
}

/** Heads stacked in the rows of a per-head op's output. */
export const stackedHeadsOut = (op: MatmulOp) => (op.joinHeads === 'stack' ? op.heads : 1);
