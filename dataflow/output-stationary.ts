// Output-stationary dataflow: array rows take M, columns take N, K streams through; each PE keeps its output.
// A[i][k] and B[k][j] reach PE(i,j) on cycle k+i+j of the fold; acc ← (k = 0 ? 0 : acc) + a·b.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from '../sim/operand-words.js';
import { snapshot, type ArrayRun } from './array-run.js';
import { FIRST, LAST, VALID } from './flags.js';

/** Runs C = A·B (A: M×K words, B: K×N words) fold by fold; writes C into `out`; returns the cycles stepped. */
export function runOutputStationary(
  run: ArrayRun,
  A: OperandWords,
  B: OperandWords,
  m: number,
  k: number,
  n: number,
  out: Float64Array,
): number {
  const { rows: R, cols: C, pe, counters, datapath, sram } = run;
  const none = run.gating === 'none';
  const P = R * C;
  const tA = counters.toggles.aReg;
  const tB = counters.toggles.bReg;
  const { macs, activeCycles, clockedFlops } = counters;
  // Register state, updated in place from the bottom-right corner so every PE reads its neighbours' old values.
  const aIdx = new Int32Array(P).fill(A.zero);
  const bIdx = new Int32Array(P).fill(B.zero);
  const aFl = new Uint8Array(P);
  const bFl = new Uint8Array(P);
  const { aBits, bBits, accBits } = pe;
  const allFlops = aBits + bBits + accBits;
  const aPat = A.pat;
  const bPat = B.pat;
  let reads = 0;
  let readBits = 0;
  let writes = 0;
  const zeroAccPat = pe.accPattern(0);
  const guard = k + R + C + 1;
  let cycles = 0;
  for (let n0 = 0; n0 < n; n0 += C) {
    const nf = Math.min(C, n - n0);
    for (let m0 = 0; m0 < m; m0 += R) {
      const mf = Math.min(R, m - m0);
      for (let t = 0; ; t++) {
        if (t > guard) throw new Error(`internal: OS fold did not finish in ${guard} cycles`);
        for (let i = R - 1; i >= 0; i--) {
          for (let j = C - 1; j >= 0; j--) {
            const p = i * C + j;
            let ia: number;
            let fa: number;
            if (j === 0) {
              const kk = t - i;
              fa = (kk === k - 1 ? LAST : 0) | (kk === 0 ? FIRST : 0);
              ia = A.zero;
              if (i < mf && kk >= 0 && kk < k) {
                fa |= VALID;
                ia = (m0 + i) * k + kk;
                reads++;
                readBits += aBits;
              }
            } else {
              ia = aIdx[p - 1] as number;
              fa = aFl[p - 1] as number;
            }
            let ib: number;
            let fb: number;
            if (i === 0) {
              const kk = t - j;
              fb = kk === k - 1 ? LAST : 0;
              ib = B.zero;
              if (j < nf && kk >= 0 && kk < k) {
                fb |= VALID;
                ib = kk * n + n0 + j;
                reads++;
                readBits += bBits;
              }
            } else {
              ib = bIdx[p - C] as number;
              fb = bFl[p - C] as number;
            }
            const aValid = fa & VALID;
            const bValid = fb & VALID;
            let flops = 0;
            if (aValid || none) {
              const w = aValid ? ia : A.zero;
              tA[p]! += popcount32((aPat[aIdx[p] as number] as number) ^ (aPat[w] as number));
              aIdx[p] = w;
              flops += aBits;
            }
            if (bValid || none) {
              const w = bValid ? ib : B.zero;
              tB[p]! += popcount32((bPat[bIdx[p] as number] as number) ^ (bPat[w] as number));
              bIdx[p] = w;
              flops += bBits;
            }
            aFl[p] = fa;
            bFl[p] = fb;
            if (aValid && bValid) {
              const prod = datapath.multiply(p, A.val[ia] as number, B.val[ib] as number, A.pp[ia] as number, B.pp[ib] as number, A.ppPop[ia] as number, B.ppPop[ib] as number);
              const acc = datapath.accumulate(p, fa & FIRST ? 0 : (datapath.acc[p] as number), prod);
              macs[p]!++;
              flops += accBits;
              if (fa & LAST) {
                out[(m0 + i) * n + n0 + j] = acc;
                writes++;
              }
            } else if (none) {
              // Ungated: the multiplier sees whatever the registers hold, and the accumulator loads zero.
              const wa = aIdx[p] as number;
              const wb = bIdx[p] as number;
              datapath.multiply(p, A.val[wa] as number, B.val[wb] as number, A.pp[wa] as number, B.pp[wb] as number, A.ppPop[wa] as number, B.ppPop[wb] as number);
              datapath.load(p, 0, zeroAccPat);
            }
            if (aValid || bValid) activeCycles[p]!++;
            clockedFlops[p]! += none ? allFlops : flops;
          }
        }
        if (run.trace) run.trace(snapshot(run, cycles, 'stream', A.val, aIdx, B.val, bIdx));
        cycles++;
        if (aFl[P - 1]! & bFl[P - 1]! & LAST) break;
      }
    }
  }
  sram.reads += reads;
  sram.readBits += readBits;
  sram.writes += writes;
  sram.writeBits += writes * accBits;
  return cycles;
}
