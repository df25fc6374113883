// Fast engine for `gating: none`: every register is clocked every cycle and loads zero when no valid word reaches
// it, and the multiplier evaluates whatever its registers hold. Each PE's per-cycle sequences are runs: zeros
// before its window (i+j cycles), the window, zeros after it; a run of equal values toggles nothing, so each run
// is evaluated once. Arithmetic goes through the PeModel: ungated runs favour exactness over speed.
import { hammingWide, partialProductToggles, popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { PeCounters } from '../sim/pe-counters.js';
import type { OperandWords } from '../sim/operand-words.js';
import { chargeOsFold, emitOutput, type ArrayRun } from './array-run.js';
import type { StationaryOperands } from './stationary.js';

/** Per-PE register and multiplier state, counting toggles as values are loaded. */
class Taps {
  private readonly aPat: Uint32Array;
  private readonly bPat: Uint32Array;
  private readonly mulA: Uint32Array;
  private readonly mulB: Uint32Array;
  private readonly prodPat: Int32Array;
  private readonly accPat: Float64Array;

  constructor(
    private readonly pe: PeModel,
    private readonly c: PeCounters,
    pes: number,
  ) {
    this.aPat = new Uint32Array(pes);
    this.bPat = new Uint32Array(pes);
    this.mulA = new Uint32Array(pes);
    this.mulB = new Uint32Array(pes);
    this.prodPat = new Int32Array(pes);
    this.accPat = new Float64Array(pes);
  }

  loadA(p: number, pat: number): void {
    this.c.toggles.aReg[p]! += popcount32((this.aPat[p] as number) ^ pat);
    this.aPat[p] = pat;
  }

  loadB(p: number, pat: number): void {
    this.c.toggles.bReg[p]! += popcount32((this.bPat[p] as number) ^ pat);
    this.bPat[p] = pat;
  }

  /** The multiplier on (a, b), given as A's and B's words (value, partial-product row). */
  multiply(p: number, av: number, ap: number, bv: number, bp: number): number {
    const prod = this.pe.multiply(av, bv);
    const pat = this.pe.productPattern(prod);
    const t = this.c.toggles;
    t.product[p]! += popcount32((this.prodPat[p] as number) ^ pat);
    t.ppArray[p]! += partialProductToggles(ap, bp, this.mulA[p] as number, this.mulB[p] as number);
    this.prodPat[p] = pat;
    this.mulA[p] = ap;
    this.mulB[p] = bp;
    return prod;
  }

  loadAcc(p: number, v: number): void {
    const pat = this.pe.accPattern(v);
    this.c.toggles.accReg[p]! += hammingWide(this.accPat[p] as number, pat);
    this.accPat[p] = pat;
  }
}

function accumulate(pe: PeModel, counters: PeCounters, p: number, base: number, prod: number): number {
  const before = pe.overflows;
  const v = pe.add(base, prod);
  counters.overflows[p]! += pe.overflows - before;
  return v;
}

export function runOutputStationaryUngated(run: ArrayRun, A: OperandWords, B: OperandWords, m: number, k: number, n: number, out: Float64Array): number {
  const { rows: R, cols: C, pe, counters } = run;
  const taps = new Taps(pe, counters, R * C);
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const L = k + R + C - 2;
  let folds = 0;
  for (let n0 = 0; n0 < n; n0 += C) {
    const nf = Math.min(C, n - n0);
    for (let m0 = 0; m0 < m; m0 += R) {
      const mf = Math.min(R, m - m0);
      folds++;
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
            taps.loadA(p, 0);
            taps.loadB(p, 0);
            taps.multiply(p, 0, 0, 0, 0);
            taps.loadAcc(p, 0);
          }
          let acc = 0;
          for (let kk = 0; kk < k; kk++) {
            const ia = aWord(kk);
            const ib = bWord(kk);
            taps.loadA(p, A.pat[ia] as number);
            taps.loadB(p, B.pat[ib] as number);
            const prod = taps.multiply(p, A.val[ia] as number, A.pp[ia] as number, B.val[ib] as number, B.pp[ib] as number);
            if (rowValid && colValid) {
              acc = accumulate(pe, counters, p, kk === 0 ? 0 : acc, prod);
              taps.loadAcc(p, acc);
            } else {
              taps.loadAcc(p, 0);
            }
          }
          if (trail) {
            taps.loadA(p, 0);
            taps.loadB(p, 0);
            taps.multiply(p, 0, 0, 0, 0);
            taps.loadAcc(p, 0);
          }
          if (rowValid && colValid) {
            counters.macs[p]! += k;
            out[(m0 + i) * n + n0 + j] = acc;
          }
          if (rowValid || colValid) counters.activeCycles[p]! += k;
          counters.clockedFlops[p]! += allFlops * L;
        }
      }
      chargeOsFold(run, mf, nf, k);
    }
  }
  return folds * L;
}

export function runStationaryUngated(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { rows: R, cols: C, pe, counters, sram } = run;
  const { S, W, t: T, kd, nc, streamedIsA } = ops;
  const P = R * C;
  const taps = new Taps(pe, counters, P);
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const sBits = streamedIsA ? pe.aBits : pe.bBits;
  const wBits = streamedIsA ? pe.bBits : pe.aBits;
  const loadS = (p: number, pat: number) => (streamedIsA ? taps.loadA(p, pat) : taps.loadB(p, pat));
  const loadW = (p: number, pat: number) => (streamedIsA ? taps.loadB(p, pat) : taps.loadA(p, pat));
  const multiply = (p: number, s: number, w: number) =>
    streamedIsA
      ? taps.multiply(p, S.val[s] as number, S.pp[s] as number, W.val[w] as number, W.pp[w] as number)
      : taps.multiply(p, W.val[w] as number, W.pp[w] as number, S.val[s] as number, S.pp[s] as number);
  const stationary = new Int32Array(P).fill(W.zero);
  const psum = new Float64Array(T);
  const L2 = T + R + C - 2;
  let folds = 0;
  for (let n0 = 0; n0 < nc; n0 += C) {
    const nf = Math.min(C, nc - n0);
    for (let k0 = 0; k0 < kd; k0 += R) {
      const kf = Math.min(R, kd - k0);
      folds++;
      // Load: cycle c brings PE(i,j) the word fed at cycle c − i, row R−1−(c−i) of the tile, if that row is used.
      for (let i = 0; i < R; i++) {
        for (let j = 0; j < C; j++) {
          const p = i * C + j;
          loadS(p, 0);
          taps.loadAcc(p, 0);
          for (let c = 0; c < R; c++) {
            const r = R - 1 - c + i;
            const valid = c >= i && r < kf && j < nf;
            const w = valid ? (k0 + r) * nc + n0 + j : W.zero;
            loadW(p, W.pat[w] as number);
            stationary[p] = w;
            multiply(p, S.zero, w);
            if (valid) counters.activeCycles[p]!++;
          }
          if (j < nf && i < kf) {
            sram.reads++;
            sram.readBits += wBits;
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
            taps.loadAcc(p, 0);
          }
          for (let mm = 0; mm < T; mm++) {
            const s = sValid ? mm * kd + k0 + i : S.zero;
            loadS(p, S.pat[s] as number);
            const prod = multiply(p, s, w);
            if (mac) psum[mm] = accumulate(pe, counters, p, i === 0 ? 0 : (psum[mm] as number), prod);
            taps.loadAcc(p, written ? (psum[mm] as number) : 0);
          }
          if (trail) {
            loadS(p, 0);
            multiply(p, S.zero, w);
            taps.loadAcc(p, 0);
          }
          if (mac) counters.macs[p]! += T;
          if (sValid || written) counters.activeCycles[p]! += T;
          counters.clockedFlops[p]! += allFlops * (R + L2);
        }
        if (j >= nf) continue;
        for (let mm = 0; mm < T; mm++) emitOutput(run, out, mm * nc + n0 + j, psum[mm] as number, k0 === 0);
      }
      sram.reads += T * kf;
      sram.readBits += T * kf * sBits;
    }
  }
  return folds * (R + L2);
}
