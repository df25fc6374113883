// Weight- and input-stationary dataflows share one stepper: a stationary matrix W (Kd×Nc) is shifted down into
// the array (bottom row's value first, R cycles), then a streamed matrix S (T×Kd) flows right and partial sums
// flow down: psum ← psum_in + s·w (row 0: psum_in = 0). WS: S = A, W = B. IS: S = Bᵀ, W = Aᵀ.
// Each cycle is two small functions (the feeders, then every PE), so V8 optimizes them as ordinary functions.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from './operand-words.js';
import { emitOutput, snapshot, type ArrayRun } from './array-run.js';
import { LAST, VALID } from './flags.js';
import { forEachFold } from './for-each-fold.js';

/** S (T×Kd) and W (Kd×Nc): T, Kd and Nc are the plan's time, row and column dimensions. */
export interface StationaryOperands {
  S: OperandWords;
  W: OperandWords;
  /** Which of the PE's operand registers the streamed word sits in (the counters are named for A and B). */
  streamedIsA: boolean;
}

/** The registers of every PE (word ids and control flags, row-major), the feeders' outputs and the operands. */
interface StationaryArray {
  R: number;
  C: number;
  S: OperandWords;
  W: OperandWords;
  sIdx: Int32Array;
  wIdx: Int32Array;
  sFl: Uint8Array;
  wFl: Uint8Array;
  psFl: Uint8Array;
  /** The PE's A and B registers and their words (the multiplier takes A first). */
  aWords: OperandWords;
  bWords: OperandWords;
  aIdx: Int32Array;
  bIdx: Int32Array;
  /** Toggle counters and widths of the streamed and stationary registers. */
  tS: Float64Array;
  tW: Float64Array;
  sBits: number;
  wBits: number;
  /** What the feeders put on the left column's S inputs (one per row) and the top row's W inputs (one per column). */
  edgeS: Int32Array;
  edgeSFl: Uint8Array;
  edgeW: Int32Array;
  edgeWFl: Uint8Array;
  /** Edge-buffer words of this fold: S and W read, C written, and C read back by the edge adder. */
  sReads: number;
  wReads: number;
  cWrites: number;
  cReads: number;
}

/** Runs O = S·W fold by fold, adding K-fold partial sums at the array edge; returns the cycles stepped. */
export function runStationary(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { pe, counters, plan } = run;
  const { rows: R, cols: C, timeDim: T, rowDim: kd, colDim: nc } = plan;
  const { S, W, streamedIsA } = ops;
  const P = R * C;
  const sIdx = new Int32Array(P).fill(S.zero);
  const wIdx = new Int32Array(P).fill(W.zero);
  const array: StationaryArray = {
    R,
    C,
    S,
    W,
    sIdx,
    wIdx,
    sFl: new Uint8Array(P),
    wFl: new Uint8Array(P),
    psFl: new Uint8Array(P),
    aWords: streamedIsA ? S : W,
    bWords: streamedIsA ? W : S,
    aIdx: streamedIsA ? sIdx : wIdx,
    bIdx: streamedIsA ? wIdx : sIdx,
    tS: streamedIsA ? counters.toggles.aReg : counters.toggles.bReg,
    tW: streamedIsA ? counters.toggles.bReg : counters.toggles.aReg,
    sBits: streamedIsA ? pe.aBits : pe.bBits,
    wBits: streamedIsA ? pe.bBits : pe.aBits,
    edgeS: new Int32Array(R),
    edgeSFl: new Uint8Array(R),
    edgeW: new Int32Array(C),
    edgeWFl: new Uint8Array(C),
    sReads: 0,
    wReads: 0,
    cWrites: 0,
    cReads: 0,
  };
  const { aWords, bWords, aIdx, bIdx } = array;
  const stream = run.gating === 'none' ? streamUngated : streamGated;
  const guard = T + R + C + 1;
  let cycles = 0;
  forEachFold(plan, (fold) => {
    const { r0: k0, rf: kf, c0: n0, cf: nf } = fold;
    const start = cycles;
    array.sReads = array.wReads = array.cWrites = array.cReads = 0;
    // Load: a counter register steps R cycles while the stationary words shift down; starting a load clears the
    // stationary valid bits, so only words fed in this load travel down the columns.
    array.wFl.fill(0);
    for (let load = 0; load < R; load++) {
      feedStationary(array, R - 1 - load, k0, kf, n0, nf, nc);
      loadStep(run, array);
      if (run.trace) run.trace(snapshot(run, cycles, 'load', aWords.val, aIdx, bWords.val, bIdx));
      cycles++;
    }
    // Stream: the word that arrived last during the load is the PE's own; its valid bit says if the PE computes.
    for (let st = 0; ; st++) {
      if (st > guard) throw new Error(`internal: stationary fold did not finish in ${guard} cycles`);
      feedStreamed(array, st, T, k0, kf, kd);
      stream(run, array, out, st, nc, n0, k0 === 0);
      if (run.trace) run.trace(snapshot(run, cycles, 'stream', aWords.val, aIdx, bWords.val, bIdx));
      cycles++;
      if (array.psFl[P - 1]! & LAST) break;
    }
    const { sReads, wReads, cWrites, cReads } = array;
    run.traffic.fold(fold, cycles - start, { aReads: streamedIsA ? sReads : wReads, bReads: streamedIsA ? wReads : sReads, cWrites, cReads });
  });
  return cycles;
}

/** Load cycle for row r: column j's feeder sends W[k0+r][n0+j] (if the fold has that row and column), one edge-buffer read each. */
function feedStationary(array: StationaryArray, r: number, k0: number, kf: number, n0: number, nf: number, nc: number): void {
  const { edgeW, edgeWFl } = array;
  for (let j = 0; j < array.C; j++) {
    edgeWFl[j] = 0;
    edgeW[j] = array.W.zero;
    if (r < kf && j < nf) {
      edgeWFl[j] = VALID;
      edgeW[j] = (k0 + r) * nc + n0 + j;
      array.wReads++;
    }
  }
}

/** Stream cycle st: row i's feeder sends S[st−i][k0+i] (if the fold has that row), one edge-buffer read each; LAST marks the stream's end. */
function feedStreamed(array: StationaryArray, st: number, T: number, k0: number, kf: number, kd: number): void {
  const { edgeS, edgeSFl } = array;
  for (let i = 0; i < array.R; i++) {
    const mm = st - i;
    edgeSFl[i] = mm === T - 1 ? LAST : 0;
    edgeS[i] = array.S.zero;
    if (i < kf && mm >= 0 && mm < T) {
      edgeSFl[i]! |= VALID;
      edgeS[i] = mm * kd + k0 + i;
      array.sReads++;
    }
  }
}

/**
 * One load cycle of every PE: stationary words shift down a row. Ungated PEs also clock every flop, load the zero
 * word into the streamed register and zero into the partial-sum register, and evaluate their multiplier.
 */
function loadStep(run: ArrayRun, array: StationaryArray): void {
  const { pe, counters, datapath } = run;
  const { R, C, S, W, sIdx, wIdx, wFl, tS, tW, wBits, edgeW, edgeWFl } = array;
  const { activeCycles, clockedFlops } = counters;
  const none = run.gating === 'none';
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const iw = i === 0 ? (edgeW[j] as number) : (wIdx[p - C] as number);
      const fw = i === 0 ? (edgeWFl[j] as number) : (wFl[p - C] as number);
      if (fw & VALID || none) {
        const w = fw & VALID ? iw : W.zero;
        tW[p]! += popcount32((W.pat[wIdx[p] as number] as number) ^ (W.pat[w] as number));
        wIdx[p] = w;
      }
      wFl[p] = fw;
      if (fw & VALID) activeCycles[p]!++;
      if (none) {
        if (sIdx[p] !== S.zero) tS[p]! += popcount32(S.pat[sIdx[p] as number] as number);
        sIdx[p] = S.zero;
        datapath.load(p, 0, zeroAccPat);
        multiplyRegisters(run, array, p);
        clockedFlops[p]! += allFlops;
      } else if (fw & VALID) {
        clockedFlops[p]! += wBits;
      }
    }
  }
}

/**
 * One stream cycle of every PE with valid gating: the streamed register loads only a valid word; a PE holding a
 * valid stationary word adds s·w to the partial sum from above, one without forwards it. PEs step from the
 * bottom-right corner so each reads its neighbours' old values; the bottom row's partial sums leave the array.
 */
function streamGated(run: ArrayRun, array: StationaryArray, out: Float64Array, st: number, nc: number, n0: number, firstFold: boolean): void {
  const { pe, counters, datapath } = run;
  const { R, C, S, sIdx, sFl, wFl, psFl, aWords, bWords, aIdx, bIdx, tS, sBits, edgeS, edgeSFl } = array;
  const { macs, activeCycles, clockedFlops } = counters;
  const { acc, accPat } = datapath;
  const accBits = pe.accBits;
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const is = j === 0 ? (edgeS[i] as number) : (sIdx[p - 1] as number);
      const fs = j === 0 ? (edgeSFl[i] as number) : (sFl[p - 1] as number);
      const sValid = fs & VALID;
      let flops = 0;
      if (sValid) {
        tS[p]! += popcount32((S.pat[sIdx[p] as number] as number) ^ (S.pat[is] as number));
        sIdx[p] = is;
        flops += sBits;
      }
      sFl[p] = fs;
      const inFl = i === 0 ? fs & LAST : (psFl[p - C] as number);
      let written = false;
      if (sValid && wFl[p]! & VALID) {
        // The multiplier takes the registers just loaded: s (this cycle's word) and the stationary w.
        const ia = aIdx[p] as number;
        const ib = bIdx[p] as number;
        const prod = datapath.multiply(p, aWords.val[ia] as number, bWords.val[ib] as number, aWords.pp[ia] as number, bWords.pp[ib] as number, aWords.ppPop[ia] as number, bWords.ppPop[ib] as number);
        datapath.accumulate(p, i === 0 ? 0 : (acc[p - C] as number), prod);
        macs[p]!++;
        written = true;
      } else if (inFl & VALID) {
        datapath.load(p, acc[p - C] as number, accPat[p - C] as number);
        written = true;
      }
      psFl[p] = (inFl & LAST) | (written ? VALID : 0);
      if (written) flops += accBits;
      if (sValid || written) activeCycles[p]!++;
      clockedFlops[p]! += flops;
      if (written && i === R - 1) emit(run, array, out, (st - (R - 1) - j) * nc + n0 + j, acc[p] as number, firstFold);
    }
  }
}

/**
 * One stream cycle of every PE without gating: the streamed register loads every cycle (the zero word when the
 * input is not valid), every flop is clocked, the multiplier sees whatever the registers hold, and a PE that
 * neither computes nor forwards loads zero into its partial-sum register.
 */
function streamUngated(run: ArrayRun, array: StationaryArray, out: Float64Array, st: number, nc: number, n0: number, firstFold: boolean): void {
  const { pe, counters, datapath } = run;
  const { R, C, S, sIdx, sFl, wFl, psFl, tS, edgeS, edgeSFl } = array;
  const { acc, accPat } = datapath;
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const fs = j === 0 ? (edgeSFl[i] as number) : (sFl[p - 1] as number);
      const sValid = fs & VALID;
      const ws = !sValid ? S.zero : j === 0 ? (edgeS[i] as number) : (sIdx[p - 1] as number);
      tS[p]! += popcount32((S.pat[sIdx[p] as number] as number) ^ (S.pat[ws] as number));
      sIdx[p] = ws;
      sFl[p] = fs;
      const inFl = i === 0 ? fs & LAST : (psFl[p - C] as number);
      const prod = multiplyRegisters(run, array, p);
      let written = false;
      if (sValid && wFl[p]! & VALID) {
        datapath.accumulate(p, i === 0 ? 0 : (acc[p - C] as number), prod);
        counters.macs[p]!++;
        written = true;
      } else if (inFl & VALID) {
        datapath.load(p, acc[p - C] as number, accPat[p - C] as number);
        written = true;
      } else {
        datapath.load(p, 0, zeroAccPat);
      }
      psFl[p] = (inFl & LAST) | (written ? VALID : 0);
      if (sValid || written) counters.activeCycles[p]!++;
      counters.clockedFlops[p]! += allFlops;
      if (written && i === R - 1) emit(run, array, out, (st - (R - 1) - j) * nc + n0 + j, acc[p] as number, firstFold);
    }
  }
}

/** A bottom-row partial sum leaves for the output buffer: one write, and a read back after the first K-fold. */
function emit(run: ArrayRun, array: StationaryArray, out: Float64Array, o: number, value: number, firstFold: boolean): void {
  emitOutput(run, out, o, value, firstFold);
  array.cWrites++;
  if (!firstFold) array.cReads++;
}

/** PE p's multiplier evaluates whatever its A and B registers hold; returns the product. */
function multiplyRegisters(run: ArrayRun, array: StationaryArray, p: number): number {
  const { aWords: a, bWords: b } = array;
  const ia = array.aIdx[p] as number;
  const ib = array.bIdx[p] as number;
  return run.datapath.multiply(p, a.val[ia] as number, b.val[ib] as number, a.pp[ia] as number, b.pp[ib] as number, a.ppPop[ia] as number, b.ppPop[ib] as number);
}
