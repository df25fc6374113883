// A 2×2 array on (2×3)·(3×2), every register's value and cumulative toggle count after every cycle, worked out by
// hand (int8 operands, 18-bit accumulator = 8 + 8 + ceil(log2 3)). PEs are listed row-major: (0,0) (0,1) (1,0) (1,1).
//   A = [1 2 3; 4 5 6]   B = [1 2; 3 -1; 0 1]   C = A·B = [7 3; 19 9]
// Binary used below: 1=001 2=010 3=011 4=100 5=101 6=110 7=111 8=1000 19=10011; -1 = 11111111 (8 bits).
import { describe, expect, it } from 'vitest';
import type { RegisterSnapshot } from '../dataflow/array-run.js';
import { matrix } from '../core/matrix.js';
import { simulateGemm } from '../sim/simulate-gemm.js';

const A = matrix(2, 3, [1, 2, 3, 4, 5, 6]);
const B = matrix(3, 2, [1, 2, 3, -1, 0, 1]);

interface Row {
  a: number[];
  b: number[];
  acc: number[];
  ta: number[];
  tb: number[];
  tacc: number[];
}

function trace(dataflow: 'os' | 'ws' | 'is') {
  const snaps: RegisterSnapshot[] = [];
  const run = simulateGemm({ a: A, b: B, pe: 'int8', dataflow, rows: 2, cols: 2, trace: (s) => snaps.push(s) });
  const rows: Row[] = snaps.map((s) => ({ a: s.a, b: s.b, acc: s.acc, ta: s.toggles.aReg, tb: s.toggles.bReg, tacc: s.toggles.accReg }));
  return { run, rows };
}

describe('OS, 5 cycles = K+R+C−2: A[i][k] and B[k][j] reach PE(i,j) on cycle k+i+j', () => {
  // acc: PE(0,0) 1, 1+2·3=7, 7+3·0=7 | PE(0,1) 2, 2−2=0, 0+3=3 | PE(1,0) 4, 4+15=19, 19 | PE(1,1) 8, 8−5=3, 3+6=9
  const expected: Row[] = [
    { a: [1, 0, 0, 0], b: [1, 0, 0, 0], acc: [1, 0, 0, 0], ta: [1, 0, 0, 0], tb: [1, 0, 0, 0], tacc: [1, 0, 0, 0] },
    { a: [2, 1, 4, 0], b: [3, 2, 1, 0], acc: [7, 2, 4, 0], ta: [3, 1, 1, 0], tb: [2, 1, 1, 0], tacc: [3, 1, 1, 0] },
    { a: [3, 2, 5, 4], b: [0, -1, 3, 2], acc: [7, 0, 19, 8], ta: [4, 3, 2, 1], tb: [4, 8, 2, 1], tacc: [3, 2, 5, 1] },
    { a: [3, 3, 6, 5], b: [0, 1, 0, -1], acc: [7, 3, 19, 3], ta: [4, 4, 4, 2], tb: [4, 15, 4, 8], tacc: [3, 4, 5, 4] },
    { a: [3, 3, 6, 6], b: [0, 1, 0, 1], acc: [7, 3, 19, 9], ta: [4, 4, 4, 4], tb: [4, 15, 4, 15], tacc: [3, 4, 5, 6] },
  ];
  const { run, rows } = trace('os');
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 5 cycles and computes C', () => {
    expect(rows).toHaveLength(5);
    expect(run.result.cycles).toBe(5);
    expect(Array.from(run.output.data)).toEqual([7, 3, 19, 9]);
  });
});

describe('WS, 2 K-folds × (M+2R+C−2 = 6) cycles: B shifted down bottom row first, then A streams', () => {
  // Fold 1 (K rows 0,1): load feeds B row 1 = [3 −1], then row 0 = [1 2]. Stream: psum(0,j) = a·w,
  // psum(1,j) = psum(0,j) + a·w: PE(1,0) 1+2·3=7, 4+5·3=19; PE(1,1) 2−2=0, 8−5=3.
  // Fold 2 (K row 2, one array row used): load clears the valid bits, feeds nothing, then B row 2 = [0 1];
  // row 1 has no weight and no A, it only forwards partial sums: 0, 0 and 3, 6; edge adds: 7 19 | 3 9.
  const expected: Row[] = [
    { a: [0, 0, 0, 0], b: [3, -1, 0, 0], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [2, 8, 0, 0], tacc: [0, 0, 0, 0] },
    { a: [0, 0, 0, 0], b: [1, 2, 3, -1], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [3, 15, 2, 8], tacc: [0, 0, 0, 0] },
    { a: [1, 0, 0, 0], b: [1, 2, 3, -1], acc: [1, 0, 0, 0], ta: [1, 0, 0, 0], tb: [3, 15, 2, 8], tacc: [1, 0, 0, 0] },
    { a: [4, 1, 2, 0], b: [1, 2, 3, -1], acc: [4, 2, 7, 0], ta: [3, 1, 1, 0], tb: [3, 15, 2, 8], tacc: [3, 1, 3, 0] },
    { a: [4, 4, 5, 2], b: [1, 2, 3, -1], acc: [4, 8, 19, 0], ta: [3, 3, 4, 1], tb: [3, 15, 2, 8], tacc: [3, 3, 5, 0] },
    { a: [4, 4, 5, 5], b: [1, 2, 3, -1], acc: [4, 8, 19, 3], ta: [3, 3, 4, 4], tb: [3, 15, 2, 8], tacc: [3, 3, 5, 2] },
    { a: [4, 4, 5, 5], b: [1, 2, 3, -1], acc: [4, 8, 19, 3], ta: [3, 3, 4, 4], tb: [3, 15, 2, 8], tacc: [3, 3, 5, 2] },
    { a: [4, 4, 5, 5], b: [0, 1, 3, -1], acc: [4, 8, 19, 3], ta: [3, 3, 4, 4], tb: [4, 17, 2, 8], tacc: [3, 3, 5, 2] },
    { a: [3, 4, 5, 5], b: [0, 1, 3, -1], acc: [0, 8, 19, 3], ta: [6, 3, 4, 4], tb: [4, 17, 2, 8], tacc: [4, 3, 5, 2] },
    { a: [6, 3, 5, 5], b: [0, 1, 3, -1], acc: [0, 3, 0, 3], ta: [8, 6, 4, 4], tb: [4, 17, 2, 8], tacc: [4, 6, 8, 2] },
    { a: [6, 6, 5, 5], b: [0, 1, 3, -1], acc: [0, 6, 0, 3], ta: [8, 8, 4, 4], tb: [4, 17, 2, 8], tacc: [4, 8, 8, 2] },
    { a: [6, 6, 5, 5], b: [0, 1, 3, -1], acc: [0, 6, 0, 6], ta: [8, 8, 4, 4], tb: [4, 17, 2, 8], tacc: [4, 8, 8, 4] },
  ];
  const { run, rows } = trace('ws');
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 12 cycles and computes C', () => {
    expect(rows).toHaveLength(12);
    expect(Array.from(run.output.data)).toEqual([7, 3, 19, 9]);
  });
});

describe('IS, 2 K-folds × (N+2R+C−2 = 6) cycles: Aᵀ stationary, Bᵀ streams, Cᵀ leaves the bottom', () => {
  // Fold 1: load Aᵀ row 1 = [2 5], then row 0 = [1 4]; stream Bᵀ rows [1 3 0], [2 −1 1]:
  // PE(1,0) 1+3·2=7, 2−2=0; PE(1,1) 4+3·5=19, 8−5=3. Fold 2: load Aᵀ row 2 = [3 6]; PE(0,0) 0·3=0, 1·3=3;
  // PE(0,1) 0·6=0, 1·6=6; row 1 forwards; edge adds: Cᵀ = [7 19; 3 9].
  const expected: Row[] = [
    { a: [2, 5, 0, 0], b: [0, 0, 0, 0], acc: [0, 0, 0, 0], ta: [1, 2, 0, 0], tb: [0, 0, 0, 0], tacc: [0, 0, 0, 0] },
    { a: [1, 4, 2, 5], b: [0, 0, 0, 0], acc: [0, 0, 0, 0], ta: [3, 3, 1, 2], tb: [0, 0, 0, 0], tacc: [0, 0, 0, 0] },
    { a: [1, 4, 2, 5], b: [1, 0, 0, 0], acc: [1, 0, 0, 0], ta: [3, 3, 1, 2], tb: [1, 0, 0, 0], tacc: [1, 0, 0, 0] },
    { a: [1, 4, 2, 5], b: [2, 1, 3, 0], acc: [2, 4, 7, 0], ta: [3, 3, 1, 2], tb: [3, 1, 2, 0], tacc: [3, 1, 3, 0] },
    { a: [1, 4, 2, 5], b: [2, 2, -1, 3], acc: [2, 8, 0, 19], ta: [3, 3, 1, 2], tb: [3, 3, 8, 2], tacc: [3, 3, 6, 3] },
    { a: [1, 4, 2, 5], b: [2, 2, -1, -1], acc: [2, 8, 0, 3], ta: [3, 3, 1, 2], tb: [3, 3, 8, 8], tacc: [3, 3, 6, 4] },
    { a: [1, 4, 2, 5], b: [2, 2, -1, -1], acc: [2, 8, 0, 3], ta: [3, 3, 1, 2], tb: [3, 3, 8, 8], tacc: [3, 3, 6, 4] },
    { a: [3, 6, 2, 5], b: [2, 2, -1, -1], acc: [2, 8, 0, 3], ta: [4, 4, 1, 2], tb: [3, 3, 8, 8], tacc: [3, 3, 6, 4] },
    { a: [3, 6, 2, 5], b: [0, 2, -1, -1], acc: [0, 8, 0, 3], ta: [4, 4, 1, 2], tb: [4, 3, 8, 8], tacc: [4, 3, 6, 4] },
    { a: [3, 6, 2, 5], b: [1, 0, -1, -1], acc: [3, 0, 0, 3], ta: [4, 4, 1, 2], tb: [5, 4, 8, 8], tacc: [6, 4, 6, 4] },
    { a: [3, 6, 2, 5], b: [1, 1, -1, -1], acc: [3, 6, 3, 0], ta: [4, 4, 1, 2], tb: [5, 5, 8, 8], tacc: [6, 6, 8, 6] },
    { a: [3, 6, 2, 5], b: [1, 1, -1, -1], acc: [3, 6, 3, 6], ta: [4, 4, 1, 2], tb: [5, 5, 8, 8], tacc: [6, 6, 8, 8] },
  ];
  const { run, rows } = trace('is');
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 12 cycles and computes C', () => {
    expect(rows).toHaveLength(12);
    expect(Array.from(run.output.data)).toEqual([7, 3, 19, 9]);
  });
});

// The pipelined array (docs/microarchitecture.md, "Pipelined") on the same kind of example; `sh` is the WS/IS shadow
// register the load writes and `tsh` its toggles.
interface PipelinedRow extends Row {
  sh?: number[];
  tsh: number[];
}

function pipelinedTrace(dataflow: 'os' | 'ws' | 'is', a: typeof A, b: typeof B) {
  const snaps: RegisterSnapshot[] = [];
  const run = simulateGemm({ a, b, pe: 'int8', dataflow, rows: 2, cols: 2, micro: 'pipelined', trace: (s) => snaps.push(s) });
  const rows: PipelinedRow[] = snaps.map((s) => ({ a: s.a, b: s.b, ...(s.shadow && { sh: s.shadow }), acc: s.acc, ta: s.toggles.aReg, tb: s.toggles.bReg, tsh: s.toggles.shadowReg, tacc: s.toggles.accReg }));
  return { run, rows };
}

describe('pipelined OS, 2 row folds: F·K+R+C−2 = 6 cycles (simple: 8); the second fold enters right after the first', () => {
  // A = [1 2; 3 4; 5 6], B = [1 −1; 2 0], C = [5 −1; 11 −3; 17 −5]. Fold 1 (rows 0, 1) streams on cycles 0–1, fold 2
  // (row 2, array row 1 unused) on 2–3: PE(0,0) finishes 1+2·2 = 5 on cycle 1 and starts 5·1 = 5 on cycle 2 (FIRST).
  const z = [0, 0, 0, 0];
  const expected: PipelinedRow[] = [
    { a: [1, 0, 0, 0], b: [1, 0, 0, 0], acc: [1, 0, 0, 0], ta: [1, 0, 0, 0], tb: [1, 0, 0, 0], tsh: z, tacc: [1, 0, 0, 0] },
    { a: [2, 1, 3, 0], b: [2, -1, 1, 0], acc: [5, -1, 3, 0], ta: [3, 1, 2, 0], tb: [3, 8, 1, 0], tsh: z, tacc: [2, 17, 2, 0] },
    { a: [5, 2, 4, 3], b: [1, 0, 2, -1], acc: [5, -1, 11, -3], ta: [6, 3, 5, 2], tb: [5, 16, 3, 8], tsh: z, tacc: [2, 17, 3, 16] },
    { a: [6, 5, 4, 4], b: [2, -1, 1, 0], acc: [17, -5, 11, -3], ta: [8, 6, 5, 5], tb: [7, 24, 5, 16], tsh: z, tacc: [4, 18, 3, 16] },
    { a: [6, 6, 4, 4], b: [2, 0, 2, -1], acc: [17, -5, 11, -3], ta: [8, 8, 5, 5], tb: [7, 32, 7, 24], tsh: z, tacc: [4, 18, 3, 16] },
    { a: [6, 6, 4, 4], b: [2, 0, 2, 0], acc: [17, -5, 11, -3], ta: [8, 8, 5, 5], tb: [7, 32, 7, 32], tsh: z, tacc: [4, 18, 3, 16] },
  ];
  const { run, rows } = pipelinedTrace('os', matrix(3, 2, [1, 2, 3, 4, 5, 6]), matrix(2, 2, [1, -1, 2, 0]));
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 6 cycles and computes C', () => {
    expect(rows).toHaveLength(6);
    expect(Array.from(run.output.data)).toEqual([5, -1, 11, -3, 17, -5]);
  });
});

describe('pipelined WS, 2 K-folds: (F−1)·max(M, 2R+C−2)+M+2R+C−2 = 10 cycles (simple: 12)', () => {
  // Cycles 0–1 load fold 1 into the shadows ([3 −1], then [1 2]). Its stream starts on cycle 2; each PE copies its
  // shadow into B as the FIRST word passes (PE(0,0) on 2, PE(0,1) and PE(1,0) on 3, PE(1,1) on 4). On cycle 4 that
  // word enters PE(1,1), so fold 2's load starts: cycle 4 feeds nothing (K row 3 does not exist) and clears row 1,
  // cycle 5 writes [0 1] into row 0's shadows while fold 1's last partial sum (PE(1,1): 8−5 = 3) is made. Fold 2
  // streams from cycle 6: PE(0,0) copies 0 and computes 3·0; row 1 copies an invalid shadow and forwards.
  const expected: PipelinedRow[] = [
    { a: [0, 0, 0, 0], b: [0, 0, 0, 0], sh: [3, -1, 0, 0], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [0, 0, 0, 0], tsh: [2, 8, 0, 0], tacc: [0, 0, 0, 0] },
    { a: [0, 0, 0, 0], b: [0, 0, 0, 0], sh: [1, 2, 3, -1], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [0, 0, 0, 0], tsh: [3, 15, 2, 8], tacc: [0, 0, 0, 0] },
    { a: [1, 0, 0, 0], b: [1, 0, 0, 0], sh: [1, 2, 3, -1], acc: [1, 0, 0, 0], ta: [1, 0, 0, 0], tb: [1, 0, 0, 0], tsh: [3, 15, 2, 8], tacc: [1, 0, 0, 0] },
    { a: [4, 1, 2, 0], b: [1, 2, 3, 0], sh: [1, 2, 3, -1], acc: [4, 2, 7, 0], ta: [3, 1, 1, 0], tb: [1, 1, 2, 0], tsh: [3, 15, 2, 8], tacc: [3, 1, 3, 0] },
    { a: [4, 4, 5, 2], b: [1, 2, 3, -1], sh: [1, 2, 3, -1], acc: [4, 8, 19, 0], ta: [3, 3, 4, 1], tb: [1, 1, 2, 8], tsh: [3, 15, 2, 8], tacc: [3, 3, 5, 0] },
    { a: [4, 4, 5, 5], b: [1, 2, 3, -1], sh: [0, 1, 3, -1], acc: [4, 8, 19, 3], ta: [3, 3, 4, 4], tb: [1, 1, 2, 8], tsh: [4, 17, 2, 8], tacc: [3, 3, 5, 2] },
    { a: [3, 4, 5, 5], b: [0, 2, 3, -1], sh: [0, 1, 3, -1], acc: [0, 8, 19, 3], ta: [6, 3, 4, 4], tb: [2, 1, 2, 8], tsh: [4, 17, 2, 8], tacc: [4, 3, 5, 2] },
    { a: [6, 3, 5, 5], b: [0, 1, 3, -1], sh: [0, 1, 3, -1], acc: [0, 3, 0, 3], ta: [8, 6, 4, 4], tb: [2, 3, 2, 8], tsh: [4, 17, 2, 8], tacc: [4, 6, 8, 2] },
    { a: [6, 6, 5, 5], b: [0, 1, 3, -1], sh: [0, 1, 3, -1], acc: [0, 6, 0, 3], ta: [8, 8, 4, 4], tb: [2, 3, 2, 8], tsh: [4, 17, 2, 8], tacc: [4, 8, 8, 2] },
    { a: [6, 6, 5, 5], b: [0, 1, 3, -1], sh: [0, 1, 3, -1], acc: [0, 6, 0, 6], ta: [8, 8, 4, 4], tb: [2, 3, 2, 8], tsh: [4, 17, 2, 8], tacc: [4, 8, 8, 4] },
  ];
  const { run, rows } = pipelinedTrace('ws', A, B);
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 10 cycles and computes C', () => {
    expect(rows).toHaveLength(10);
    expect(Array.from(run.output.data)).toEqual([7, 3, 19, 9]);
  });
});

describe('pipelined IS, 2 K-folds: 10 cycles (simple: 12); Aᵀ goes through the shadows into the A registers', () => {
  // Load [2 5] then [1 4] into the shadows (cycles 0–1); the FIRST word copies them into A (cycles 2–4). Fold 2's
  // load starts on cycle 4 and writes [3 6] into row 0's shadows on cycle 5; it streams from cycle 6.
  const expected: PipelinedRow[] = [
    { a: [0, 0, 0, 0], b: [0, 0, 0, 0], sh: [2, 5, 0, 0], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [0, 0, 0, 0], tsh: [1, 2, 0, 0], tacc: [0, 0, 0, 0] },
    { a: [0, 0, 0, 0], b: [0, 0, 0, 0], sh: [1, 4, 2, 5], acc: [0, 0, 0, 0], ta: [0, 0, 0, 0], tb: [0, 0, 0, 0], tsh: [3, 3, 1, 2], tacc: [0, 0, 0, 0] },
    { a: [1, 0, 0, 0], b: [1, 0, 0, 0], sh: [1, 4, 2, 5], acc: [1, 0, 0, 0], ta: [1, 0, 0, 0], tb: [1, 0, 0, 0], tsh: [3, 3, 1, 2], tacc: [1, 0, 0, 0] },
    { a: [1, 4, 2, 0], b: [2, 1, 3, 0], sh: [1, 4, 2, 5], acc: [2, 4, 7, 0], ta: [1, 1, 1, 0], tb: [3, 1, 2, 0], tsh: [3, 3, 1, 2], tacc: [3, 1, 3, 0] },
    { a: [1, 4, 2, 5], b: [2, 2, -1, 3], sh: [1, 4, 2, 5], acc: [2, 8, 0, 19], ta: [1, 1, 1, 2], tb: [3, 3, 8, 2], tsh: [3, 3, 1, 2], tacc: [3, 3, 6, 3] },
    { a: [1, 4, 2, 5], b: [2, 2, -1, -1], sh: [3, 6, 2, 5], acc: [2, 8, 0, 3], ta: [1, 1, 1, 2], tb: [3, 3, 8, 8], tsh: [4, 4, 1, 2], tacc: [3, 3, 6, 4] },
    { a: [3, 4, 2, 5], b: [0, 2, -1, -1], sh: [3, 6, 2, 5], acc: [0, 8, 0, 3], ta: [2, 1, 1, 2], tb: [4, 3, 8, 8], tsh: [4, 4, 1, 2], tacc: [4, 3, 6, 4] },
    { a: [3, 6, 2, 5], b: [1, 0, -1, -1], sh: [3, 6, 2, 5], acc: [3, 0, 0, 3], ta: [2, 2, 1, 2], tb: [5, 4, 8, 8], tsh: [4, 4, 1, 2], tacc: [6, 4, 6, 4] },
    { a: [3, 6, 2, 5], b: [1, 1, -1, -1], sh: [3, 6, 2, 5], acc: [3, 6, 3, 0], ta: [2, 2, 1, 2], tb: [5, 5, 8, 8], tsh: [4, 4, 1, 2], tacc: [6, 6, 8, 6] },
    { a: [3, 6, 2, 5], b: [1, 1, -1, -1], sh: [3, 6, 2, 5], acc: [3, 6, 3, 6], ta: [2, 2, 1, 2], tb: [5, 5, 8, 8], tsh: [4, 4, 1, 2], tacc: [6, 6, 8, 8] },
  ];
  const { run, rows } = pipelinedTrace('is', A, B);
  it.each(expected.map((e, cycle) => [cycle, e] as const))('cycle %i', (cycle, e) => expect(rows[cycle]).toEqual(e));
  it('takes 10 cycles and computes C', () => {
    expect(rows).toHaveLength(10);
    expect(Array.from(run.output.data)).toEqual([7, 3, 19, 9]);
  });
});
