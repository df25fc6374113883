// Output-stationary dataflow: array rows take M, columns take N, K streams through; each PE keeps its output.
// A[i][k] and B[k][j] reach PE(i,j) on cycle k+i+j of the fold; acc ← (k = 0 ? 0 : acc) + a·b.
// Each cycle is two small functions (the feeders, then every PE), so V8 optimizes them as ordinary functions.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from './operand-words.js';
import { snapshot, type ArrayRun } from './array-run.js';
import { FIRST, LAST, VALID } from './flags.js';
import { forEachFold, type Fold } from './for-each-fold.js';
import type { FoldWords } from './traffic.js';

/** The operand registers of every PE (word ids and control flags, row-major), the feeders' outputs, the fold's traffic. */
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
  /** Edge-buffer words the feeders read and the PEs wrote in this fold. */
  words: FoldWords;
}

export interface OsOperands {
  A: OperandWords;
  B: OperandWords;
}

/** Runs C = A·B (A: M×K words, B: K×N words) fold by fold; writes C into `out`; returns the cycles stepped. */
export function runOutputStationary(run: ArrayRun, { A, B }: OsOperands, out: Float64Array): number {
  const { rows: R, cols: C, k, n } = run.plan;
  const P = R * C;
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
    words: { aReads: 0, bReads: 0, cWrites: 0, cReads: 0 },
  };
  const step = run.gating === 'none' ? stepUngated : stepGated;
  const guard = k + R + C + 1;
  let cycles = 0;
  forEachFold(run.plan, (fold) => {
    const start = cycles;
    array.words = { aReads: 0, bReads: 0, cWrites: 0, cReads: 0 };
    for (let t = 0; ; t++) {
      if (t > guard) throw new Error(`internal: OS fold did not finish in ${guard} cycles`);
      feed(array, A, B, t, fold, k, n);
      step(run, array, A, B, out, fold.m0 * n + fold.n0, n);
      if (run.trace) run.trace(snapshot(run, cycles, 'stream', A.val, array.aIdx, B.val, array.bIdx));
      cycles++;
      if (array.aFl[P - 1]! & array.bFl[P - 1]! & LAST) break;
    }
    run.traffic.fold(fold, cycles - start, array.words);
  });
  return cycles;
}

/** Cycle t of a fold's feeders: row i sends A[m0+i][t−i], column j sends B[t−j][n0+j]; each valid word is one edge-buffer read. */
function feed(array: OsArray, A: OperandWords, B: OperandWords, t: number, { m0, mf, n0, nf }: Fold, k: number, n: number): void {
  const { edgeA, edgeAFl, edgeB, edgeBFl, words } = array;
  for (let i = 0; i < array.R; i++) {
    const kk = t - i;
    edgeAFl[i] = (kk === k - 1 ? LAST : 0) | (kk === 0 ? FIRST : 0);
    edgeA[i] = A.zero;
    if (i < mf && kk >= 0 && kk < k) {
      edgeAFl[i]! |= VALID;
      edgeA[i] = (m0 + i) * k + kk;
      words.aReads++;
    }
  }
  for (let j = 0; j < array.C; j++) {
    const kk = t - j;
    edgeBFl[j] = kk === k - 1 ? LAST : 0;
    edgeB[j] = B.zero;
    if (j < nf && kk >= 0 && kk < k) {
      edgeBFl[j]! |= VALID;
      edgeB[j] = kk * n + n0 + j;
      words.bReads++;
    }
  }
}

/**
 * One cycle of every PE with valid gating: a register loads only a valid word, and the PE computes only when both
 * are valid. PEs step from the bottom-right corner so each reads its neighbours' old values; PE(i,j)'s finished
 * sum goes to out[outAt + i·n + j].
 */
function stepGated(run: ArrayRun, array: OsArray, A: OperandWords, B: OperandWords, out: Float64Array, outAt: number, n: number): void {
  const { pe, counters, datapath } = run;
  const { R, C, aIdx, bIdx, aFl, bFl, edgeA, edgeAFl, edgeB, edgeBFl } = array;
  const tA = counters.toggles.aReg;
  const tB = counters.toggles.bReg;
  const { macs, activeCycles, clockedFlops } = counters;
  const { aBits, bBits, accBits } = pe;
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
        const prod = datapath.multiply(p, A.val[ia] as number, B.val[ib] as number, A.pp[ia] as number, B.pp[ib] as number, A.ppPop[ia] as number, B.ppPop[ib] as number);
        const acc = datapath.accumulate(p, fa & FIRST ? 0 : (datapath.acc[p] as number), prod);
        macs[p]!++;
        flops += accBits;
        if (fa & LAST) writeOutput(array, out, outAt + i * n + j, acc);
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
function stepUngated(run: ArrayRun, array: OsArray, A: OperandWords, B: OperandWords, out: Float64Array, outAt: number, n: number): void {
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
        if (fa & LAST) writeOutput(array, out, outAt + i * n + j, acc);
      } else {
        datapath.load(p, 0, zeroAccPat);
      }
      if (aValid || bValid) counters.activeCycles[p]!++;
      counters.clockedFlops[p]! += allFlops;
    }
  }
}

/** A PE's finished dot product leaves for the output buffer. */
function writeOutput(array: OsArray, out: Float64Array, o: number, acc: number): void {
  out[o] = acc;
  array.words.cWrites++;
}
