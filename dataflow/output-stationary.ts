// Output-stationary dataflow: array rows take M, columns take N, K streams through; each PE keeps its output.
// A[i][k] and B[k][j] reach PE(i,j) on cycle k+i+j of the fold's stream; acc ← (k = 0 ? 0 : acc) + a·b. The
// controller starts a fold's stream when the previous fold's last MAC is done (simple) or right after the previous
// stream's last slot (pipelined: the FIRST flag restarts each accumulator, so folds follow each other in the array).
// Each cycle is two small functions (the feeders, then every PE), so V8 optimizes them as ordinary functions.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from './operand-words.js';
import { snapshot, type ArrayRun } from './array-run.js';
import { FIRST, LAST, VALID } from './flags.js';
import type { Fold } from './for-each-fold.js';
import type { FoldWords } from './traffic.js';
import { foldList, Wavefront } from './wavefront.js';

/** The operand registers of every PE (word ids, control flags and fold, row-major), the feeders' outputs, the folds' traffic. */
interface OsArray {
  R: number;
  C: number;
  aIdx: Int32Array;
  bIdx: Int32Array;
  aFl: Uint8Array;
  bFl: Uint8Array;
  /** What the feeders put on the left column's A inputs (one per row) and the top row's B inputs (one per column). */
  edgeA: Int32Array;
  edgeAFl: Uint8Array;
  edgeB: Int32Array;
  edgeBFl: Uint8Array;
  folds: Fold[];
  /** Edge-buffer words each fold's feeders read and its PEs wrote. */
  words: FoldWords[];
}

export interface OsOperands {
  A: OperandWords;
  B: OperandWords;
}

/** Runs C = A·B (A: M×K words, B: K×N words) fold by fold; writes C into `out`; returns the cycles stepped. */
export function runOutputStationary(run: ArrayRun, { A, B }: OsOperands, out: Float64Array): number {
  const { rows: R, cols: C, k, n } = run.plan;
  const P = R * C;
  const folds = foldList(run.plan);
  const array: OsArray = {
    R,
    C,
    aIdx: new Int32Array(P).fill(A.zero),
    bIdx: new Int32Array(P).fill(B.zero),
    aFl: new Uint8Array(P),
    bFl: new Uint8Array(P),
    edgeA: new Int32Array(R),
    edgeAFl: new Uint8Array(R),
    edgeB: new Int32Array(C),
    edgeBFl: new Uint8Array(C),
    folds,
    words: folds.map(() => ({ aReads: 0, bReads: 0, cWrites: 0, cReads: 0 })),
  };
  const step = run.gating === 'none' ? stepUngated : stepGated;
  const pipelined = run.plan.micro === 'pipelined';
  const wave = new Wavefront(R + C);
  const guard = folds.length * (k + R + C) + 1;
  // The controller: the fold being sent and its next slot, and whether the array may take the next fold.
  let sending = -1;
  let slot = 0;
  let next = 0;
  let free = true;
  let ended = 0;
  let lastEnd = 0;
  let cycles = 0;
  for (let t = 0; ended < folds.length; t++) {
    if (t > guard) throw new Error(`internal: OS run did not finish in ${guard} cycles`);
    if (sending < 0 && next < folds.length && free) {
      sending = next++;
      slot = 0;
      free = pipelined;
    }
    wave.send(t, sending, slot);
    if (sending >= 0 && ++slot === k) sending = -1;
    feed(array, A, B, wave, t, k, n);
    step(run, array, A, B, out, n, wave, t);
    if (run.trace) run.trace(snapshot(run, cycles, 'stream', A.val, array.aIdx, B.val, array.bIdx));
    cycles++;
    // A fold ends when its last operands have reached the bottom-right PE.
    if (array.aFl[P - 1]! & array.bFl[P - 1]! & LAST) {
      const f = wave.foldAt(t, R + C - 2);
      run.traffic.fold(folds[f]!, cycles - lastEnd, array.words[f]!);
      lastEnd = cycles;
      ended++;
      free = true;
    }
  }
  return cycles;
}

/** Cycle t's feeders: row i sends A[m0+i][s] of the slot (fold, s) sent i cycles ago, column j B[s][n0+j]; each valid word is one edge-buffer read. */
function feed(array: OsArray, A: OperandWords, B: OperandWords, wave: Wavefront, t: number, k: number, n: number): void {
  const { edgeA, edgeAFl, edgeB, edgeBFl, folds, words } = array;
  for (let i = 0; i < array.R; i++) {
    const f = wave.foldAt(t, i);
    edgeAFl[i] = 0;
    edgeA[i] = A.zero;
    if (f < 0) continue;
    const kk = wave.slotAt(t, i);
    const { m0, mf } = folds[f]!;
    edgeAFl[i] = (kk === k - 1 ? LAST : 0) | (kk === 0 ? FIRST : 0);
    if (i < mf) {
      edgeAFl[i]! |= VALID;
      edgeA[i] = (m0 + i) * k + kk;
      words[f]!.aReads++;
    }
  }
  for (let j = 0; j < array.C; j++) {
    const f = wave.foldAt(t, j);
    edgeBFl[j] = 0;
    edgeB[j] = B.zero;
    if (f < 0) continue;
    const kk = wave.slotAt(t, j);
    const { n0, nf } = folds[f]!;
    edgeBFl[j] = kk === k - 1 ? LAST : 0;
    if (j < nf) {
      edgeBFl[j]! |= VALID;
      edgeB[j] = kk * n + n0 + j;
      words[f]!.bReads++;
    }
  }
}

/**
 * One cycle of every PE with valid (or zero) gating: a register loads only a valid word, and the PE computes only
 * when both are valid; with zero gating a zero operand isolates the multiplier and holds the accumulator (cleared
 * on a fold's first MAC). PEs step from the bottom-right corner so each reads its neighbours' old values.
 */
function stepGated(run: ArrayRun, array: OsArray, A: OperandWords, B: OperandWords, out: Float64Array, n: number, wave: Wavefront, t: number): void {
  const { pe, counters, datapath } = run;
  const { R, C, aIdx, bIdx, aFl, bFl, edgeA, edgeAFl, edgeB, edgeBFl } = array;
  const tA = counters.toggles.aReg;
  const tB = counters.toggles.bReg;
  const { macs, gatedMacs, activeCycles, clockedFlops } = counters;
  const { aBits, bBits, accBits } = pe;
  const isolate = run.gating === 'zero';
  const zeroAccPat = pe.accPattern(0);
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const ia = j === 0 ? (edgeA[i] as number) : (aIdx[p - 1] as number);
      const fa = j === 0 ? (edgeAFl[i] as number) : (aFl[p - 1] as number);
      const ib = i === 0 ? (edgeB[j] as number) : (bIdx[p - C] as number);
      const fb = i === 0 ? (edgeBFl[j] as number) : (bFl[p - C] as number);
      const aValid = fa & VALID;
      const bValid = fb & VALID;
      let flops = 0;
      if (aValid) {
        tA[p]! += popcount32((A.pat[aIdx[p] as number] as number) ^ (A.pat[ia] as number));
        aIdx[p] = ia;
        flops += aBits;
      }
      if (bValid) {
        tB[p]! += popcount32((B.pat[bIdx[p] as number] as number) ^ (B.pat[ib] as number));
        bIdx[p] = ib;
        flops += bBits;
      }
      aFl[p] = fa;
      bFl[p] = fb;
      if (aValid && bValid) {
        macs[p]!++;
        if (isolate && (A.iso[ia]! | B.iso[ib]!)) {
          gatedMacs[p]!++;
          if (fa & FIRST) {
            datapath.load(p, 0, zeroAccPat);
            flops += accBits;
          }
        } else {
          const prod = datapath.multiply(p, A.val[ia] as number, B.val[ib] as number, A.pp[ia] as number, B.pp[ib] as number, A.ppPop[ia] as number, B.ppPop[ib] as number);
          datapath.accumulate(p, fa & FIRST ? 0 : (datapath.acc[p] as number), prod);
          flops += accBits;
        }
        if (fa & LAST) writeOutput(array, out, wave.foldAt(t, i + j), i, j, n, datapath.acc[p] as number);
      }
      if (aValid || bValid) activeCycles[p]!++;
      clockedFlops[p]! += flops;
    }
  }
}

/**
 * One cycle of every PE without gating: both registers load every cycle (the zero word when the input is not
 * valid), every flop is clocked, the multiplier sees whatever the registers hold, and the accumulator loads zero
 * unless the PE computes.
 */
function stepUngated(run: ArrayRun, array: OsArray, A: OperandWords, B: OperandWords, out: Float64Array, n: number, wave: Wavefront, t: number): void {
  const { pe, counters, datapath } = run;
  const { R, C, aIdx, bIdx, aFl, bFl, edgeA, edgeAFl, edgeB, edgeBFl } = array;
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  for (let i = R - 1; i >= 0; i--) {
    for (let j = C - 1; j >= 0; j--) {
      const p = i * C + j;
      const fa = j === 0 ? (edgeAFl[i] as number) : (aFl[p - 1] as number);
      const fb = i === 0 ? (edgeBFl[j] as number) : (bFl[p - C] as number);
      const aValid = fa & VALID;
      const bValid = fb & VALID;
      const wa = !aValid ? A.zero : j === 0 ? (edgeA[i] as number) : (aIdx[p - 1] as number);
      const wb = !bValid ? B.zero : i === 0 ? (edgeB[j] as number) : (bIdx[p - C] as number);
      counters.toggles.aReg[p]! += popcount32((A.pat[aIdx[p] as number] as number) ^ (A.pat[wa] as number));
      counters.toggles.bReg[p]! += popcount32((B.pat[bIdx[p] as number] as number) ^ (B.pat[wb] as number));
      aIdx[p] = wa;
      bIdx[p] = wb;
      aFl[p] = fa;
      bFl[p] = fb;
      const prod = datapath.multiply(p, A.val[wa] as number, B.val[wb] as number, A.pp[wa] as number, B.pp[wb] as number, A.ppPop[wa] as number, B.ppPop[wb] as number);
      if (aValid && bValid) {
        const acc = datapath.accumulate(p, fa & FIRST ? 0 : (datapath.acc[p] as number), prod);
        counters.macs[p]!++;
        if (fa & LAST) writeOutput(array, out, wave.foldAt(t, i + j), i, j, n, acc);
      } else {
        datapath.load(p, 0, zeroAccPat);
      }
      if (aValid || bValid) counters.activeCycles[p]!++;
      counters.clockedFlops[p]! += allFlops;
    }
  }
}

/** PE(i,j)'s finished dot product of fold f (the slot the controller sent i+j cycles ago) leaves for the output buffer. */
function writeOutput(array: OsArray, out: Float64Array, f: number, i: number, j: number, n: number, acc: number): void {
  const { m0, n0 } = array.folds[f]!;
  out[(m0 + i) * n + n0 + j] = acc;
  array.words[f]!.cWrites++;
}
