// Weight- and input-stationary dataflows share one stepper: a stationary matrix W (Kd×Nc) is shifted down into
// the array (bottom row's value first, R cycles), then a streamed matrix S (T×Kd) flows right and partial sums
// flow down: psum ← psum_in + s·w (row 0: psum_in = 0). WS: S = A, W = B. IS: S = Bᵀ, W = Aᵀ.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from '../sim/operand-words.js';
import { emitOutput, snapshot, type ArrayRun } from './array-run.js';
import { LAST, VALID } from './flags.js';

export interface StationaryOperands {
  S: OperandWords;
  W: OperandWords;
  /** Stream length T, reduction depth Kd, output columns Nc. */
  t: number;
  kd: number;
  nc: number;
  /** Which of the PE's operand registers the streamed word sits in (the counters are named for A and B). */
  streamedIsA: boolean;
}

/** Runs O = S·W fold by fold, adding K-fold partial sums at the array edge; returns the cycles stepped. */
export function runStationary(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { rows: R, cols: C, pe, counters, datapath, sram } = run;
  const { S, W, t: T, kd, nc, streamedIsA } = ops;
  const none = run.gating === 'none';
  const P = R * C;
  const tS = streamedIsA ? counters.toggles.aReg : counters.toggles.bReg;
  const tW = streamedIsA ? counters.toggles.bReg : counters.toggles.aReg;
  const sBits = streamedIsA ? pe.aBits : pe.bBits;
  const wBits = streamedIsA ? pe.bBits : pe.aBits;
  const { macs, activeCycles, clockedFlops } = counters;
  const allFlops = pe.aBits + pe.bBits + pe.accBits;
  const zeroAccPat = pe.accPattern(0);
  const acc = datapath.acc;
  const accPat = datapath.accPat;
  // Register state, updated in place from the bottom-right corner so every PE reads its neighbours' old values.
  const sIdx = new Int32Array(P).fill(S.zero);
  const wIdx = new Int32Array(P).fill(W.zero);
  const sFl = new Uint8Array(P);
  const wFl = new Uint8Array(P);
  const psFl = new Uint8Array(P);
  const guard = T + R + C + 1;
  // Ungated PEs evaluate their multiplier every cycle on whatever their registers hold.
  const aWords = streamedIsA ? S : W;
  const bWords = streamedIsA ? W : S;
  const aIdx = streamedIsA ? sIdx : wIdx;
  const bIdx = streamedIsA ? wIdx : sIdx;
  const idleMultiply = (p: number) => {
    const ia = aIdx[p] as number;
    const ib = bIdx[p] as number;
    datapath.multiply(p, aWords.val[ia] as number, bWords.val[ib] as number, aWords.pp[ia] as number, bWords.pp[ib] as number, aWords.ppPop[ia] as number, bWords.ppPop[ib] as number);
  };
  let cycles = 0;
  for (let n0 = 0; n0 < nc; n0 += C) {
    const nf = Math.min(C, nc - n0);
    for (let k0 = 0; k0 < kd; k0 += R) {
      const kf = Math.min(R, kd - k0);
      // Load: a counter register steps R cycles while the stationary words shift down; starting a load clears the
      // stationary valid bits, so only words fed in this load travel down the columns.
      wFl.fill(0);
      for (let load = 0; load < R; load++) {
        const r = R - 1 - load;
        for (let i = R - 1; i >= 0; i--) {
          for (let j = C - 1; j >= 0; j--) {
            const p = i * C + j;
            let iw: number;
            let fw: number;
            if (i === 0) {
              fw = 0;
              iw = W.zero;
              if (r < kf && j < nf) {
                fw = VALID;
                iw = (k0 + r) * nc + n0 + j;
                sram.reads++;
                sram.readBits += wBits;
              }
            } else {
              iw = wIdx[p - C] as number;
              fw = wFl[p - C] as number;
            }
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
              idleMultiply(p);
              clockedFlops[p]! += allFlops;
            } else if (fw & VALID) {
              clockedFlops[p]! += wBits;
            }
          }
        }
        if (run.trace) run.trace(snapshot(run, cycles, 'load', aWords.val, aIdx, bWords.val, bIdx));
        cycles++;
      }
      // Stream: the word that arrived last during the load is the PE's own; its valid bit says if the PE computes.
      for (let st = 0; ; st++) {
        if (st > guard) throw new Error(`internal: stationary fold did not finish in ${guard} cycles`);
        for (let i = R - 1; i >= 0; i--) {
          for (let j = C - 1; j >= 0; j--) {
            const p = i * C + j;
            let is: number;
            let fs: number;
            if (j === 0) {
              const mm = st - i;
              fs = mm === T - 1 ? LAST : 0;
              is = S.zero;
              if (i < kf && mm >= 0 && mm < T) {
                fs |= VALID;
                is = mm * kd + k0 + i;
                sram.reads++;
                sram.readBits += sBits;
              }
            } else {
              is = sIdx[p - 1] as number;
              fs = sFl[p - 1] as number;
            }
            const sValid = fs & VALID;
            let flops = 0;
            if (sValid || none) {
              const w = sValid ? is : S.zero;
              tS[p]! += popcount32((S.pat[sIdx[p] as number] as number) ^ (S.pat[w] as number));
              sIdx[p] = w;
              flops += sBits;
            }
            sFl[p] = fs;
            const inFl = i === 0 ? fs & LAST : (psFl[p - C] as number);
            let written = false;
            if (sValid && wFl[p]! & VALID) {
              const iw = wIdx[p] as number;
              const prod = streamedIsA
                ? datapath.multiply(p, S.val[is] as number, W.val[iw] as number, S.pp[is] as number, W.pp[iw] as number, S.ppPop[is] as number, W.ppPop[iw] as number)
                : datapath.multiply(p, W.val[iw] as number, S.val[is] as number, W.pp[iw] as number, S.pp[is] as number, W.ppPop[iw] as number, S.ppPop[is] as number);
              datapath.accumulate(p, i === 0 ? 0 : (acc[p - C] as number), prod);
              macs[p]!++;
              written = true;
            } else if (inFl & VALID) {
              datapath.load(p, acc[p - C] as number, accPat[p - C] as number);
              written = true;
            } else if (none) {
              datapath.load(p, 0, zeroAccPat);
            }
            if (none && !(sValid && wFl[p]! & VALID)) idleMultiply(p);
            psFl[p] = (inFl & LAST) | (written ? VALID : 0);
            if (written) flops += pe.accBits;
            if (sValid || written) activeCycles[p]!++;
            clockedFlops[p]! += none ? allFlops : flops;
            // The bottom row's partial sum leaves the array.
            if (written && i === R - 1) emitOutput(run, out, (st - (R - 1) - j) * nc + n0 + j, acc[p] as number, k0 === 0);
          }
        }
        if (run.trace) run.trace(snapshot(run, cycles, 'stream', aWords.val, aIdx, bWords.val, bIdx));
        cycles++;
        if (psFl[P - 1]! & LAST) break;
      }
    }
  }
  return cycles;
}
