// Attention heads in a tensor of images stacked along the tokens: a group of columns of each head within the image's
// rows (Q, K, V, O: B·T × H·dh), or a block of rows of each image and head when the heads are stacked (S, P:
// B·H·T × T, image-major). Per-head ops run every image's and head's GEMM as one batch here and join their outputs.
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { mergeOps } from '../sim/merge-ops.js';
import { simulateGemms, type GemmInput, type GemmRun } from '../sim/simulate-gemm.js';
import type { OpResult } from '../sim/op-result.js';
import { columns } from './attention-block.js';
import type { MatmulOp } from './ops.js';

/** Rows [from, from + count) of a matrix. */
const rowsOf = (m: Matrix, from: number, count: number): Matrix => ({ rows: count, cols: m.cols, data: m.data.slice(from * m.cols, (from + count) * m.cols) });

/** Group g = image·heads + head: its block of rows when the tensor stacks its heads, else its image's rows of the head's columns. */
export function headOf(m: Matrix, stackedHeads: number, g: number, heads: number, images: number): Matrix {
  const groups = heads * images;
  if (stackedHeads === groups) return rowsOf(m, g * (m.rows / groups), m.rows / groups);
  if (stackedHeads !== 1) throw new Error(`internal: a tensor of ${stackedHeads} stacked heads read by an op of ${groups} heads`);
  const width = m.cols / heads;
  const image = Math.floor(g / heads);
  const tokens = m.rows / images;
  return columns(images === 1 ? m : rowsOf(m, image * tokens, tokens), (g % heads) * width, width);
}

/** The outputs of every image and head one below the other (stack), or side by side within each image (concat: the multi-head concatenation). */
export function joinHeads(parts: Matrix[], join: 'stack' | 'concat', images = 1): Matrix {
  const first = parts[0]!;
  if (join === 'stack') {
    const out = matrix(first.rows * parts.length, first.cols);
    parts.forEach((m, g) => out.data.set(m.data, g * m.data.length));
    return out;
  }
  const heads = parts.length / images;
  const out = matrix(first.rows * images, first.cols * heads);
  parts.forEach((m, g) => {
    const row0 = Math.floor(g / heads) * m.rows;
    const col0 = (g % heads) * m.cols;
    for (let r = 0; r < m.rows; r++) out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), (row0 + r) * out.cols + col0);
  });
  return out;
}

type Headed = { codes: Matrix; stackedHeads: number };

/** One head's GEMM and what its run makes of it. */
export interface HeadGemm<P> {
  gemm: GemmInput;
  finish: (run: GemmRun) => P;
}

/**
 * Runs a matmul per image and head on its operands' codes (b transposed if asked) and merges them into one result.
 * The heads are independent: their GEMMs run as one batch (on a pool's threads as they free up), and each head's
 * part is made from its run in head order.
 */
export function runHeads<P extends { result: OpResult }>(op: MatmulOp, a: Headed, b: Headed, head: (a: Matrix, b: Matrix) => HeadGemm<P>): { result: OpResult; parts: P[] } {
  const heads: HeadGemm<P>[] = [];
  for (let g = 0; g < op.heads * op.images; g++) {
    const bHead = headOf(b.codes, b.stackedHeads, g, op.heads, op.images);
    heads.push(head(headOf(a.codes, a.stackedHeads, g, op.heads, op.images), op.transposeB ? transpose(bHead) : bHead));
  }
  const runs = simulateGemms(heads.map((h) => h.gemm));
  const parts = heads.map((h, g) => h.finish(runs[g]!));
  return { result: mergeOps(op.name, 'matmul', parts.map((p) => p.result)), parts };
}

/** Heads stacked in the rows of a per-head op's output. */
export const stackedHeadsOut = (op: MatmulOp) => (op.joinHeads === 'stack' ? op.heads * op.images : 1);
