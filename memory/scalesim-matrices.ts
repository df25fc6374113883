// SCALE-Sim v2's demand and prefetch matrices for a GEMM, built by its own recipe (scalesim/compute/
// systolic_compute_{os,ws,is}.py): operand tiles cut per fold, padded with NONE, stacked, skewed, flipped, unrolled
// along diagonals. The reference emulation (scalesim-reference.ts) walks them entry by entry; small GEMMs only.
import { forEachFold, type Fold } from '../dataflow/for-each-fold.js';
import type { FoldPlan } from '../dataflow/fold-plan.js';

/** An empty slot: no access on that cycle and port (SCALE-Sim's -1). */
export const NONE = -1;

type Mat = number[][];

export interface ScalesimMatrices {
  /** One row per cycle, one entry per port (array row or column); an entry is an element's address or NONE. */
  demand: { a: Mat; b: Mat; c: Mat };
  /** The order the read buffers fetch A and B from DRAM in, NONE for padding. */
  prefetch: { a: number[]; b: number[] };
  /** Array-side buffer accesses as SCALE-Sim's compute model counts them. */
  sram: { aReads: number; bReads: number; cWrites: number };
}

const blank = (rows: number, cols: number): Mat => Array.from({ length: rows }, () => new Array<number>(cols).fill(NONE));
const cut = (m: Mat, r0: number, r1: number, c0: number, c1: number): Mat => m.slice(r0, r1).map((row) => row.slice(c0, c1));
const transpose = (m: Mat): Mat => (m[0] ?? []).map((_, j) => m.map((row) => row[j] as number));
const padCols = (m: Mat, cols: number): Mat => m.map((row) => [...row, ...new Array<number>(cols - row.length).fill(NONE)]);
const padRows = (m: Mat, rows: number, cols: number): Mat => [...m, ...blank(rows - m.length, cols)];
const flip = (m: Mat): Mat => [...m].reverse();

/** Column j delayed by j cycles (the systolic skew). */
function skew(m: Mat): Mat {
  const cols = m[0]?.length ?? 0;
  const out = blank(m.length + cols - 1, cols);
  m.forEach((row, i) => row.forEach((v, j) => ((out[i + j] as number[])[j] = v)));
  return out;
}

/** Diagonal by diagonal (row + column constant), each from its bottom-left entry up (SCALE-Sim's fix of its issue #15). */
function unrollDiagonals(m: Mat): number[] {
  const rows = m.length;
  const cols = m[0]?.length ?? 0;
  const out: number[] = [];
  for (let d = 0; d < rows + cols; d++) {
    for (let r = Math.min(d, rows - 1); r >= Math.max(0, d - cols + 1); r--) out.push((m[r] as number[])[d - r] as number);
  }
  return out;
}

export function scalesimMatrices(plan: FoldPlan): ScalesimMatrices {
  const { m, k, n, rows: R, cols: C } = plan;
  // SCALE-Sim's operand addresses for a GEMM written as a conv layer: IFMAP A[m][k], FILTER B[k][n], OFMAP C[m][n].
  const a: Mat = Array.from({ length: m }, (_, i) => Array.from({ length: k }, (_, j) => i * k + j));
  const b: Mat = Array.from({ length: k }, (_, i) => Array.from({ length: n }, (_, j) => j * k + i));
  const c: Mat = Array.from({ length: m }, (_, i) => Array.from({ length: n }, (_, j) => i * n + j));
  const aT = transpose(a);
  const out: ScalesimMatrices = { demand: { a: [], b: [], c: [] }, prefetch: { a: [], b: [] }, sram: { aReads: 0, bReads: 0, cWrites: 0 } };
  const folds: Fold[] = [];
  forEachFold(plan, (f) => folds.push(f));
  const rowFolds = folds.filter((f) => f.c0 === 0);
  const colFolds = folds.filter((f) => f.r0 === 0);
  const add = (into: Mat, rowsOf: Mat): void => void into.push(...rowsOf);
  if (plan.dataflow === 'os') {
    // Rows take M, columns N, K streams: A enters as Aᵀ tiles, B as B tiles, each skewed; C leaves bottom row first.
    out.prefetch.a = unrollDiagonals(rowFolds.flatMap((f) => padCols(cut(aT, 0, k, f.r0, f.r0 + f.rf), R)));
    out.prefetch.b = unrollDiagonals(colFolds.flatMap((f) => padCols(cut(b, 0, k, f.c0, f.c0 + f.cf), C)));
    for (const f of folds) {
      add(out.demand.a, skew([...padCols(cut(aT, 0, k, f.r0, f.r0 + f.rf), R), ...blank(C - 1, R)]));
      add(out.demand.b, skew([...padCols(cut(b, 0, k, f.c0, f.c0 + f.cf), C), ...blank(R - 1, C)]));
      add(out.demand.c, skew([...blank(k - 1, C), ...flip(padRows(padCols(cut(c, f.r0, f.r0 + f.rf, f.c0, f.c0 + f.cf), C), R, C))]));
      out.sram.aReads += k * f.rf;
      out.sram.bReads += k * f.cf;
      // SCALE-Sim adds the padded tile's height and width to the OFMAP writes of every OS fold.
      out.sram.cWrites += f.rf * f.cf + R + C;
    }
  } else if (plan.dataflow === 'ws') {
    // Rows take K, columns N, M streams: B tiles load bottom row first, A enters skewed after them.
    out.prefetch.a = unrollDiagonals(rowFolds.flatMap((f) => padCols(cut(a, 0, m, f.r0, f.r0 + f.rf), R)));
    out.prefetch.b = colFolds.flatMap((f) => padCols(cut(b, 0, k, f.c0, f.c0 + f.cf), C)).flat();
    for (const f of folds) {
      add(out.demand.a, skew([...blank(R, R), ...padCols(cut(a, 0, m, f.r0, f.r0 + f.rf), R), ...blank(C - 1, R)]));
      add(out.demand.b, [...flip(padRows(padCols(cut(b, f.r0, f.r0 + f.rf, f.c0, f.c0 + f.cf), C), R, C)), ...blank(R + C + m - 2, C)]);
      add(out.demand.c, skew([...blank(2 * R - 1, C), ...padCols(cut(c, 0, m, f.c0, f.c0 + f.cf), C)]));
      out.sram.aReads += m * f.rf;
      out.sram.bReads += f.rf * f.cf;
      out.sram.cWrites += m * f.cf;
    }
  } else {
    // Rows take K, columns M, N streams: Aᵀ tiles load bottom row first, B enters skewed after them.
    const bTile = (f: Fold): Mat => padCols(transpose(cut(b, f.r0, f.r0 + f.rf, 0, n)), R);
    out.prefetch.a = colFolds.flatMap((f) => padCols(cut(aT, 0, k, f.c0, f.c0 + f.cf), C)).flat();
    out.prefetch.b = unrollDiagonals(rowFolds.flatMap(bTile));
    for (const f of folds) {
      add(out.demand.a, [...flip(padRows(padCols(cut(aT, f.r0, f.r0 + f.rf, f.c0, f.c0 + f.cf), C), R, C)), ...blank(R + C + n - 2, C)]);
      add(out.demand.b, skew([...blank(R, R), ...bTile(f), ...blank(C - 1, R)]));
      add(out.demand.c, skew([...blank(2 * R - 1, C), ...padCols(transpose(cut(c, f.c0, f.c0 + f.cf, 0, n)), C)]));
      out.sram.aReads += f.rf * f.cf;
      out.sram.bReads += n * f.rf;
      out.sram.cWrites += n * f.cf;
    }
  }
  return out;
}
