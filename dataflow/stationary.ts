// Weight- and input-stationary dataflows share one stepper: a stationary matrix W (Kd×Nc) is shifted down into
// the array (bottom row's value first, R cycles), then a streamed matrix S (T×Kd) flows right and partial sums
// flow down: psum ← psum_in + s·w (row 0: psum_in = 0). WS: S = A, W = B. IS: S = Bᵀ, W = Aᵀ.
// simple: one stationary register per PE, written by the load; a fold's load starts when the previous fold's last
// partial sum has left. pipelined: the load writes a shadow register, and the fold's first streamed word (its FIRST
// flag) copies it into the stationary register as it passes each PE; the next load starts on the cycle that flag
// enters the bottom-right PE, so it overlaps the stream (docs/microarchitecture.md).
// Each cycle is small functions (the feeders, then every PE), so V8 optimizes them as ordinary functions.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from './operand-words.js';
import { emitOutput, snapshot, type ArrayRun } from './array-run.js';
import { FIRST, LAST, VALID } from './flags.js';
import type { Fold } from './for-each-fold.js';
import type { FoldWords } from './traffic.js';
import { foldList, Wavefront } from './wavefront.js';

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
  /** The register the load shifts words into: the stationary register itself (simple) or its shadow (pipelined). */
  shIdx: Int32Array;
  shFl: Uint8Array;
  /** The PE's A and B registers and their words (the multiplier takes A first). */
  aWords: OperandWords;
  bWords: OperandWords;
  aIdx: Int32Array;
  bIdx: Int32Array;
  /** Toggle counters and widths of the streamed, stationary and loaded registers. */
  tS: Float64Array;
  tW: Float64Array;
  tSh: Float64Array;
  sBits: number;
  wBits: number;
  /** Whether a stream step already counted the PE active this cycle (pipelined loads overlap streams). */
  streamed: Uint8Array;
  /** What the feeders put on the left column's S inputs (one per row) and the top row's W inputs (one per column). */
  edgeS: Int32Array;
  edgeSFl: Uint8Array;
  edgeW: Int32Array;
  edgeWFl: Uint8Array;
  folds: Fold[];
  /** Edge-buffer words of each fold: S and W read, C written, and C read back by the edge adder. */
  words: FoldWords[];
  /** The controller's record of the slots it sent: which fold and stream slot a PE's word belongs to. */
  wave: Wavefront;
}

/** Runs O = S·W fold by fold, adding K-fold partial sums at the array edge; returns the cycles stepped. */
export function runStationary(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { pe, counters, plan } = run;
  const { rows: R, cols: C, timeDim: T, rowDim: kd, colDim: nc } = plan;
  const { S, W, streamedIsA } = ops;
  const P = R * C;
  const pipelined = plan.micro === 'pipelined';
  const sIdx = new Int32Array(P).fill(S.zero);
  const wIdx = new Int32Array(P).fill(W.zero);
  const wFl = new Uint8Array(P);
  const folds = foldList(plan);
  const tW = streamedIsA ? counters.toggles.bReg : counters.toggles.aReg;
  const array: StationaryArray = {
    R,
    C,
    S,
    W,
    sIdx,
    wIdx,
    sFl: new Uint8Array(P),
    wFl,
    psFl: new Uint8Array(P),
    shIdx: pipelined ? new Int32Array(P).fill(W.zero) : wIdx,
    shFl: pipelined ? new Uint8Array(P) : wFl,
    aWords: streamedIsA ? S : W,
    bWords: streamedIsA ? W : S,
    aIdx: streamedIsA ? sIdx : wIdx,
    bIdx: streamedIsA ? wIdx : sIdx,
    tS: streamedIsA ? counters.toggles.aReg : counters.toggles.bReg,
    tW,
    tSh: pipelined ? counters.shadowReg : tW,
    sBits: streamedIsA ? pe.aBits : pe.bBits,
    wBits: streamedIsA ? pe.bBits : pe.aBits,
    streamed: new Uint8Array(P),
    edgeS: new Int32Array(R),
    edgeSFl: new Uint8Array(R),
    edgeW: new Int32Array(C),
    edgeWFl: new Uint8Array(C),
    folds,
    words: folds.map(() => ({ aReads: 0, bReads: 0, cWrites: 0, cReads: 0 })),
    wave: new Wavefront(R + C),
  };
  const { aWords, bWords, aIdx, bIdx, wave } = array;
  const stream = run.gating === 'none' ? streamUngated : streamGated;
  const guard = folds.length * (T + 2 * R + C) + 1;
  // The controller: the fold being loaded and its load cycle, the fold being sent and its next slot.
  let loading = -1;
  let loadCycle = 0;
  let nextLoad = 0;
  let loaded = -1;
  let sending = -1;
  let slot = 0;
  let nextStream = 0;
  let free = true;
  let ended = 0;
  let lastEnd = 0;
  let cycles = 0;
  for (let t = 0; ended < folds.length; t++) {
    if (t > guard) throw new Error(`internal: stationary run did not finish in ${guard} cycles`);
    // A fold streams once its load is done (pipelined: also once the previous fold's slots are all sent).
    if (sending < 0 && nextStream < folds.length && loaded >= nextStream) {
      sending = nextStream++;
      slot = 0;
    }
    wave.send(t, sending, slot);
    if (sending >= 0 && ++slot === T) sending = -1;
    feedStreamed(array, t, T, kd);
    // simple: a load starts when the array is free; pipelined: on the cycle the previous fold's first word enters
    // the bottom-right PE, which is the last PE to copy its shadow register.
    const cornerFl = C > 1 ? (array.sFl[P - 2] as number) : (array.edgeSFl[R - 1] as number);
    const go = pipelined ? nextLoad === 0 || (cornerFl & FIRST && wave.foldAt(t, R + C - 2) === nextLoad - 1) : free;
    if (loading < 0 && nextLoad < folds.length && go) {
      loading = nextLoad++;
      loadCycle = 0;
      free = false;
    }
    // In the simple array a cycle either loads or streams.
    const streams = pipelined || loading < 0;
    const loads = loading >= 0;
    if (streams) stream(run, array, out, t, nc);
    if (loads) {
      feedStationary(array, loading, R - 1 - loadCycle, nc);
      loadStep(run, array, loadCycle === 0, pipelined && streams);
      if (++loadCycle === R) {
        loaded = loading;
        loading = -1;
      }
    }
    if (run.trace) run.trace(snapshot(run, cycles, loads ? 'load' : 'stream', aWords.val, aIdx, bWords.val, bIdx, pipelined ? array.shIdx : undefined, W.val));
    cycles++;
    // A fold ends when its last partial sum has reached the bottom-right PE.
    if (streams && array.psFl[P - 1]! & LAST) {
      const f = wave.foldAt(t, R + C - 2);
      const { aReads, bReads, cWrites, cReads } = array.words[f]!;
      // The words counters are named for S and W: A and B swap in IS.
      run.traffic.fold(folds[f]!, cycles - lastEnd, { aReads: streamedIsA ? aReads : bReads, bReads: streamedIsA ? bReads : aReads, cWrites, cReads });
      lastEnd = cycles;
      ended++;
      free = true;
    }
  }
  return cycles;
}

/** Load cycle for tile row r of fold f: column j's feeder sends W[k0+r][n0+j] (if the fold has that row and column), one edge-buffer read each. */
function feedStationary(array: StationaryArray, f: number, r: number, nc: number): void {
  const { edgeW, edgeWFl } = array;
  const { r0: k0, rf: kf, c0: n0, cf: nf } = array.folds[f]!;
  for (let j = 0; j < array.C; j++) {
    edgeWFl[j] = 0;
    edgeW[j] = array.W.zero;
    if (r < kf && j < nf) {
      edgeWFl[j] = VALID;
      edgeW[j] = (k0 + r) * nc + n0 + j;
      array.words[f]!.bReads++;
    }
  }
}

/** Cycle t: row i's feeder sends S[mm][k0+i] of the slot (fold, mm) sent i cycles ago (if the fold has that row), one read each; FIRST and LAST mark a stream's ends. */
function feedStreamed(array: StationaryArray, t: number, T: number, kd: number): void {
  const { edgeS, edgeSFl, wave } = array;
  for (let i = 0; i < array.R; i++) {
    const f = wave.foldAt(t, i);
    edgeSFl[i] = 0;
    edgeS[i] = array.S.zero;
    if (f < 0) continue;
    const mm = wave.slotAt(t, i);
    const { r0: k0, rf: kf } = array.folds[f]!;
    edgeSFl[i] = (mm === T - 1 ? LAST : 0) | (mm === 0 ? FIRST : 0);
    if (i < kf) {
      edgeSFl[i]! |= VALID;
      edgeS[i] = mm * kd + k0 + i;
      array.words[f]!.aReads++;
    }
  }
}

/**
 * One load cycle of every PE: stationary words shift down a row into the loaded register; the first cycle clears
 * the valid bits below row 0, so only words fed in this load travel down. Ungated PEs also clock every flop, load
 * the zero word into the streamed register and zero into the partial-sum register, and evaluate their multiplier.
 * `overlapped`: a stream step ran this cycle and already counted the PEs it kept busy.
 */
function loadStep(run: ArrayRun, array: StationaryArray, first: boolean, overlapped: boolean): void {
  const { pe, counters, datapath } = run;
  const { R, C, S, W, sIdx, shIdx, shFl, tS, tSh, wBits, edgeW, edgeWFl, streamed } = array;
  const { activeCycles, clockedFlops } = counters;
  const none = run.gating === 'none';
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const iw = i === 0 ? (edgeW[j] as number) : (shIdx[p - C] as number);
      const fw = i === 0 ? (edgeWFl[j] as number) : first ? 0 : (shFl[p - C] as number);
      if (fw & VALID || none) {
        const w = fw & VALID ? iw : W.zero;
        tSh[p]! += popcount32((W.pat[shIdx[p] as number] as number) ^ (W.pat[w] as number));
        shIdx[p] = w;
      }
      shFl[p] = fw;
      if (fw & VALID && !(overlapped && streamed[p])) activeCycles[p]!++;
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
 * One stream cycle of every PE with valid (or zero) gating: the streamed register loads only a valid word; a
 * pipelined PE copies its shadow register into the stationary one when a fold's FIRST flag passes; a PE holding a
 * valid stationary word adds s·w to the partial sum from above (zero gating: forwards it when s or w is zero), one
 * without forwards it. PEs step from the bottom-right corner so each reads its neighbours' old values; the bottom
 * row's partial sums leave the array.
 */
function streamGated(run: ArrayRun, array: StationaryArray, out: Float64Array, t: number, nc: number): void {
  const { pe, counters, datapath, plan } = run;
  const { R, C, S, W, sIdx, sFl, wIdx, wFl, shIdx, shFl, psFl, aWords, bWords, aIdx, bIdx, tS, tW, sBits, wBits, edgeS, edgeSFl, streamed } = array;
  const { macs, gatedMacs, activeCycles, clockedFlops } = counters;
  const { acc, accPat } = datapath;
  const accBits = pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  const isolate = run.gating === 'zero';
  const doubleBuffered = plan.micro === 'pipelined';
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const is = j === 0 ? (edgeS[i] as number) : (sIdx[p - 1] as number);
      const fs = j === 0 ? (edgeSFl[i] as number) : (sFl[p - 1] as number);
      const sValid = fs & VALID;
      let flops = 0;
      let copied = false;
      if (sValid) {
        tS[p]! += popcount32((S.pat[sIdx[p] as number] as number) ^ (S.pat[is] as number));
        sIdx[p] = is;
        flops += sBits;
      }
      sFl[p] = fs;
      if (doubleBuffered && fs & FIRST) {
        // Propagate: the fold's first word reaches the PE; its stationary register takes the shadow's word.
        if (shFl[p]! & VALID) {
          tW[p]! += popcount32((W.pat[wIdx[p] as number] as number) ^ (W.pat[shIdx[p] as number] as number));
          wIdx[p] = shIdx[p] as number;
          flops += wBits;
          copied = true;
        }
        wFl[p] = shFl[p] as number;
      }
      const inFl = i === 0 ? fs & LAST : (psFl[p - C] as number);
      let written = false;
      if (sValid && wFl[p]! & VALID) {
        macs[p]!++;
        if (isolate && (S.iso[is]! | W.iso[wIdx[p] as number]!)) {
          gatedMacs[p]!++;
          if (i === 0) datapath.load(p, 0, zeroAccPat);
          else datapath.load(p, acc[p - C] as number, accPat[p - C] as number);
        } else {
          // The multiplier takes the registers just loaded: s (this cycle's word) and the stationary w.
          const ia = aIdx[p] as number;
          const ib = bIdx[p] as number;
          const prod = datapath.multiply(p, aWords.val[ia] as number, bWords.val[ib] as number, aWords.pp[ia] as number, bWords.pp[ib] as number, aWords.ppPop[ia] as number, bWords.ppPop[ib] as number);
          datapath.accumulate(p, i === 0 ? 0 : (acc[p - C] as number), prod);
        }
        written = true;
      } else if (inFl & VALID) {
        datapath.load(p, acc[p - C] as number, accPat[p - C] as number);
        written = true;
      }
      psFl[p] = (inFl & LAST) | (written ? VALID : 0);
      if (written) flops += accBits;
      const active = sValid || written || copied;
      streamed[p] = active ? 1 : 0;
      if (active) activeCycles[p]!++;
      clockedFlops[p]! += flops;
      if (written && i === R - 1) emit(run, array, out, t, j, nc, acc[p] as number);
    }
  }
}

/**
 * One stream cycle of every PE without gating (simple array only): the streamed register loads every cycle (the
 * zero word when the input is not valid), every flop is clocked, the multiplier sees whatever the registers hold,
 * and a PE that neither computes nor forwards loads zero into its partial-sum register.
 */
function streamUngated(run: ArrayRun, array: StationaryArray, out: Float64Array, t: number, nc: number): void {
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
      if (written && i === R - 1) emit(run, array, out, t, j, nc, acc[p] as number);
    }
  }
}

/**
 * Bottom-row column j's partial sum leaves for the output buffer: it belongs to the slot (fold, mm) sent R−1+j cycles
 * ago; one write, and a read back after the first K-fold.
 */
function emit(run: ArrayRun, array: StationaryArray, out: Float64Array, t: number, j: number, nc: number, value: number): void {
  const f = array.wave.foldAt(t, array.R - 1 + j);
  const { r0: k0, c0: n0 } = array.folds[f]!;
  emitOutput(run, out, array.wave.slotAt(t, array.R - 1 + j) * nc + n0 + j, value, k0 === 0);
  array.words[f]!.cWrites++;
  if (k0 > 0) array.words[f]!.cReads++;
}

/** PE p's multiplier evaluates whatever its A and B registers hold; returns the product. */
function multiplyRegisters(run: ArrayRun, array: StationaryArray, p: number): number {
  const { aWords: a, bWords: b } = array;
  const ia = array.aIdx[p] as number;
  const ib = array.bIdx[p] as number;
  return run.datapath.multiply(p, a.val[ia] as number, b.val[ib] as number, a.pp[ia] as number, b.pp[ib] as number, a.ppPop[ia] as number, b.ppPop[ib] as number);
}
