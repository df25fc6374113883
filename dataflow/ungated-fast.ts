// Fast engine for `gating: none`: every register is clocked every cycle and loads zero when no valid word reaches
// it, and the multiplier evaluates whatever its registers hold. Each PE's per-cycle sequences are runs: zeros
// before its window (i+j cycles), the window, zeros after it; a run of equal values toggles nothing, so each run
// is evaluated once. The multiplier and accumulator are the reference engine's Datapath: ungated runs favour
// exactness over speed.
import { popcount32 } from '../pe/bits.js';
import type { PeCounters } from './pe-counters.js';
import { emitOutput, type ArrayRun } from './array-run.js';
import { closedFormCycles } from './fold-plan.js';
import { forEachFold } from './for-each-fold.js';
import { RangeCounts } from './fold-range.js';
import type { OsOperands } from './output-stationary.js';
import type { StationaryOperands } from './stationary.js';
import { tileWords } from './traffic.js';

/** The operand registers of every PE, counting toggles as words are loaded (multiplier and accumulator: the run's Datapath). */
class OperandRegisters {
  private readonly aPat: Uint32Array;
  private readonly bPat: Uint32Array;

  constructor(
    private readonly c: PeCounters,
    pes: number,
  ) {
    this.aPat = new Uint32Array(pes);
    this.bPat = new Uint32Array(pes);
  }

  loadA(p: number, pat: number): void {
    this.c.toggles.aReg[p]! += popcount32((this.aPat[p] as number) ^ pat);
    this.aPat[p] = pat;
  }

  loadB(p: number, pat: number): void {
    this.c.toggles.bReg[p]! += popcount32((this.bPat[p] as number) ^ pat);
    this.bPat[p] = pat;
  }
}

export function runOutputStationaryUngated(run: ArrayRun, { A, B }: OsOperands, out: Float64Array): number {
  const { pe, counters, datapath: dp, plan } = run;
  const { rows: R, cols: C, k, n } = plan;
  const regs = new OperandRegisters(counters, R * C);
  const zeroAcc = pe.accPattern(0);
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const L = plan.cyclesPerFold;
  const counts = new RangeCounts(run, out.length);
  forEachFold(plan, (fold) => {
    counts.start(fold, undefined);
    const { m0, mf, n0, nf } = fold;
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        const p = i * C + j;
        const rowValid = i < mf;
        const colValid = j < nf;
        const lead = i + j > 0;
        const trail = i + j < R + C - 2;
        const aWord = (kk: number) => (rowValid ? (m0 + i) * k + kk : A.zero);
        const bWord = (kk: number) => (colValid ? kk * n + n0 + j : B.zero);
        if (lead) {
          regs.loadA(p, 0);
          regs.loadB(p, 0);
          dp.multiply(p, 0, 0, 0, 0, 0, 0);
          dp.load(p, 0, zeroAcc);
        }
        let acc = 0;
        for (let kk = 0; kk < k; kk++) {
          const ia = aWord(kk);
          const ib = bWord(kk);
          regs.loadA(p, A.pat[ia] as number);
          regs.loadB(p, B.pat[ib] as number);
          const prod = dp.multiply(p, A.val[ia] as number, B.val[ib] as number, A.pp[ia] as number, B.pp[ib] as number, A.ppPop[ia] as number, B.ppPop[ib] as number);
          if (rowValid && colValid) acc = dp.accumulate(p, kk === 0 ? 0 : acc, prod);
          else dp.load(p, 0, zeroAcc);
        }
        if (trail) {
          regs.loadA(p, 0);
          regs.loadB(p, 0);
          dp.multiply(p, 0, 0, 0, 0, 0, 0);
          dp.load(p, 0, zeroAcc);
        }
        if (rowValid && colValid) {
          counters.macs[p]! += k;
          out[(m0 + i) * n + n0 + j] = acc;
        }
        if (rowValid || colValid) counters.activeCycles[p]! += k;
        counters.clockedFlops[p]! += allFlops * L;
      }
    }
    run.traffic.fold(fold, L, tileWords(fold));
  }, run.range);
  return closedFormCycles(plan);
}

export function runStationaryUngated(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { pe, counters, datapath: dp, plan } = run;
  const { rows: R, cols: C, timeDim: T, rowDim: kd, colDim: nc } = plan;
  const { S, W, streamedIsA } = ops;
  const P = R * C;
  const regs = new OperandRegisters(counters, P);
  const loadAcc = (p: number, v: number) => dp.load(p, v, pe.accPattern(v));
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const loadS = (p: number, pat: number) => (streamedIsA ? regs.loadA(p, pat) : regs.loadB(p, pat));
  const loadW = (p: number, pat: number) => (streamedIsA ? regs.loadB(p, pat) : regs.loadA(p, pat));
  const multiply = (p: number, s: number, w: number) =>
    streamedIsA
      ? dp.multiply(p, S.val[s] as number, W.val[w] as number, S.pp[s] as number, W.pp[w] as number, S.ppPop[s] as number, W.ppPop[w] as number)
      : dp.multiply(p, W.val[w] as number, S.val[s] as number, W.pp[w] as number, S.pp[s] as number, W.ppPop[w] as number, S.ppPop[s] as number);
  const stationary = new Int32Array(P).fill(W.zero);
  const psum = new Float64Array(T);
  const L = plan.cyclesPerFold;
  const counts = new RangeCounts(run, out.length);
  forEachFold(plan, (fold) => {
    counts.start(fold, undefined);
    const { r0: k0, rf: kf, c0: n0, cf: nf } = fold;
    // Load: cycle c brings PE(i,j) the word fed at cycle c − i, row R−1−(c−i) of the tile, if that row is used.
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        const p = i * C + j;
        loadS(p, 0);
        loadAcc(p, 0);
        for (let c = 0; c < R; c++) {
          const r = R - 1 - c + i;
          const valid = c >= i && r < kf && j < nf;
          const w = valid ? (k0 + r) * nc + n0 + j : W.zero;
          loadW(p, W.pat[w] as number);
          stationary[p] = w;
          multiply(p, S.zero, w);
          if (valid) counters.activeCycles[p]!++;
        }
      }
    }
    // Stream: zeros before and after each PE's window of T cycles.
    for (let j = 0; j < C; j++) {
      for (let i = 0; i < R; i++) {
        const p = i * C + j;
        const w = stationary[p] as number;
        const lead = i + j > 0;
        const trail = i + j < R + C - 2;
        const sValid = i < kf;
        const written = j < nf;
        const mac = sValid && written;
        if (lead) {
          loadS(p, 0);
          multiply(p, S.zero, w);
          loadAcc(p, 0);
        }
        for (let mm = 0; mm < T; mm++) {
          const s = sValid ? mm * kd + k0 + i : S.zero;
          loadS(p, S.pat[s] as number);
          const prod = multiply(p, s, w);
          // Rows below the fold's K rows forward the partial sums; unused columns load zero.
          if (mac) psum[mm] = dp.accumulate(p, i === 0 ? 0 : (psum[mm] as number), prod);
          else loadAcc(p, written ? (psum[mm] as number) : 0);
        }
        if (trail) {
          loadS(p, 0);
          multiply(p, S.zero, w);
          loadAcc(p, 0);
        }
        if (mac) counters.macs[p]! += T;
        if (sValid || written) counters.activeCycles[p]! += T;
        counters.clockedFlops[p]! += allFlops * L;
      }
      if (j >= nf) continue;
      for (let mm = 0; mm < T; mm++) emitOutput(run, out, mm * nc + n0 + j, psum[mm] as number, k0 === 0);
    }
    run.traffic.fold(fold, L, tileWords(fold));
  }, run.range);
  return closedFormCycles(plan);
}
