// Fast WS/IS engine: the cycle-stepped stationary stepper's counters, computed from the operand streams.
// In a fold, PE(i,j)'s stationary register sees the column's words from row min(R, Kf)−1 down to i; its streamed
// register sees column k0+i of S (shared by the array row); its partial-sum register sees, for each m, the partial
// sum over rows 0..min(i, Kf−1). With the stationary word fixed, PPHD = HD(s, s')·pop(w).
// Int PEs whose sums fit an i32 and fp32-accumulator float PEs run their MACs in the WebAssembly kernel
// (mac-kernel.ts), four columns at a time.
import { hammingWide, partialProductToggles, popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { OperandWords } from '../sim/operand-words.js';
import { emitOutput, intOverflow, type ArrayRun } from './array-run.js';
import { fillValues, MacKernel, kernelFits } from './mac-kernel.js';
import type { StationaryOperands } from './stationary.js';
import { MAC_GENERIC, MAC_INT32, macArithmetic } from './mac-mode.js';
import { streamsOf, type Streams } from './stream-terms.js';

export function runStationaryFast(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { rows: R, cols: C, pe, counters, sram } = run;
  const { S, W, t: T, kd, nc, streamedIsA } = ops;
  const P = R * C;
  const { macs, activeCycles, clockedFlops, overflows } = counters;
  const t = counters.toggles;
  const tS = streamedIsA ? t.aReg : t.bReg;
  const tW = streamedIsA ? t.bReg : t.aReg;
  const sBits = streamedIsA ? pe.aBits : pe.bBits;
  const wBits = streamedIsA ? pe.bBits : pe.aBits;
  const accBits = pe.accBits;
  const sCols = streamsOf(S, T, kd, false); // stream c = column c of S, in m order
  const sIds = sCols.ids;
  const lastS = new Int32Array(P).fill(S.zero);
  const lastW = new Int32Array(P).fill(W.zero);
  const mulS = new Int32Array(P).fill(S.zero);
  const mulW = new Int32Array(P).fill(W.zero);
  const { mode, accMin, accMax, productMask, accMask } = macArithmetic(pe);
  const kernel = kernelFits(pe, T) ? stationaryKernel(pe, P, W, sCols, T, kd, nc) : undefined;
  const prodPat = new Int32Array(P);
  const accPat = new Float64Array(P);
  const psum = new Float64Array(T);
  const psumPat = new Float64Array(T);
  const sXorSum = new Float64Array(kd);
  for (let c = 0; c < kd; c++) for (let mm = 1; mm < T; mm++) sXorSum[c]! += sCols.ppXor[c * T + mm] as number;
  // The PE's multiply takes A's word first.
  const multiply = streamedIsA ? (s: number, w: number) => pe.multiply(s, w) : (s: number, w: number) => pe.multiply(w, s);
  const hd = mode === MAC_GENERIC ? hammingWide : (x: number, y: number) => popcount32(x ^ y);
  let folds = 0;
  for (let n0 = 0; n0 < nc; n0 += C) {
    const nf = Math.min(C, nc - n0);
    for (let k0 = 0; k0 < kd; k0 += R) {
      const kf = Math.min(R, kd - k0);
      folds++;
      // Load: the stationary words of column j pass rows 0..r on their way to row r. Row i's register sees
      // words kf−1 down to i: one toggle count from its last word, then the column's suffix of neighbour toggles.
      for (let j = 0; j < nf; j++) {
        let suffix = 0;
        for (let i = kf - 1; i >= 0; i--) {
          const p = i * C + j;
          const w = (k0 + i) * nc + n0 + j;
          if (i < kf - 1) suffix += popcount32((W.pat[w + nc] as number) ^ (W.pat[w] as number));
          tW[p]! += popcount32((W.pat[lastW[p] as number] as number) ^ (W.pat[(k0 + kf - 1) * nc + n0 + j] as number)) + suffix;
          lastW[p] = w;
          activeCycles[p]! += kf - i;
          clockedFlops[p]! += wBits * (kf - i);
        }
      }
      sram.reads += kf * nf;
      sram.readBits += kf * nf * wBits;
      // Stream: row i's streamed register sees column k0+i of S, in every column of the array.
      for (let i = 0; i < kf; i++) {
        const s = k0 + i;
        const first = sIds[s * T] as number;
        for (let j = 0; j < C; j++) {
          const p = i * C + j;
          tS[p]! += popcount32((S.pat[lastS[p] as number] as number) ^ (S.pat[first] as number)) + (sCols.innerToggles[s] as number);
          lastS[p] = sIds[s * T + T - 1] as number;
          clockedFlops[p]! += sBits * T;
        }
      }
      for (let i = 0; i < R; i++) for (let j = 0; j < C; j++) if (i < kf || j < nf) activeCycles[i * C + j]! += T;
      sram.reads += T * kf;
      sram.readBits += T * kf * sBits;
      // Column groups: four columns per kernel call, or one column at a time in JS.
      for (let j0 = 0; j0 < nf; j0 += kernel ? 4 : 1) {
        const lanes = Math.min(kernel ? 4 : 1, nf - j0);
        for (let j = j0; j < j0 + lanes; j++) {
          for (let i = 0; i < kf; i++) {
            // With the stationary word fixed, the partial-product toggles are the first MAC's plus HD(s, s')·pop(w).
            const p = i * C + j;
            const w = (k0 + i) * nc + n0 + j;
            const is = sIds[(k0 + i) * T] as number;
            t.ppArray[p]! +=
              partialProductToggles(S.pp[is] as number, W.pp[w] as number, S.pp[mulS[p] as number] as number, W.pp[mulW[p] as number] as number) +
              (sXorSum[k0 + i] as number) * (W.ppPop[w] as number);
            mulS[p] = sIds[(k0 + i) * T + T - 1] as number;
            mulW[p] = w;
            macs[p]! += T;
            clockedFlops[p]! += accBits * T;
          }
        }
        if (kernel) {
          // The kernel runs the group's MACs, the forwarding rows' accumulator toggles and the output adds.
          kernel.mem.stationaryGroup(j0, lanes, C, R, kf, kernel.w + ((k0 * nc + n0 + j0) << 2), nc << 2, kernel.s + ((k0 * T) << 2), T, kernel.psum, kernel.out + ((n0 + j0) << 2), nc << 2, k0 === 0 ? 1 : 0);
          for (let j = j0; j < j0 + lanes; j++) for (let i = kf; i < R; i++) clockedFlops[i * C + j]! += accBits * T;
          const emitted = lanes * T;
          sram.writes += emitted;
          sram.writeBits += emitted * accBits;
          if (k0 > 0) {
            sram.reads += emitted;
            sram.readBits += emitted * accBits;
          }
          continue;
        }
        // JS: one column per group.
        const j = j0;
        // Partial sums down column j: row i adds its MACs to row i−1's sums.
        for (let i = 0; i < kf; i++) {
          const p = i * C + j;
          const w = (k0 + i) * nc + n0 + j;
          const base = (k0 + i) * T;
          let pPat = prodPat[p] as number;
          let aPat = accPat[p] as number;
          let prodToggles = 0;
          let accToggles = 0;
          const before = pe.overflows;
          const wv = W.val[w] as number;
          const sVal = sCols.val;
          for (let mm = 0; mm < T; mm++) {
            const sv = sVal[base + mm] as number;
            const from = i === 0 ? 0 : (psum[mm] as number);
            let np: number;
            let na: number;
            let v: number;
            if (mode === MAC_INT32) {
              const prod = sv * wv;
              np = (prod | 0) & productMask;
              v = from + prod;
              if (v < accMin || v > accMax) v = intOverflow(pe, v);
              na = (v | 0) & accMask;
            } else {
              const prod = multiply(sv, wv);
              np = pe.productPattern(prod);
              v = pe.add(from, prod);
              na = pe.accPattern(v);
            }
            prodToggles += popcount32(np ^ pPat);
            pPat = np;
            accToggles += mode === MAC_GENERIC ? hammingWide(na, aPat) : popcount32(na ^ aPat);
            aPat = na;
            psum[mm] = v;
            psumPat[mm] = na;
          }
          overflows[p]! += pe.overflows - before;
          t.product[p]! += prodToggles;
          t.accReg[p]! += accToggles;
          prodPat[p] = pPat;
          accPat[p] = aPat;
        }
        // Rows below the fold's last K row forward the finished partial sums.
        let inner = 0;
        for (let mm = 1; mm < T; mm++) inner += hd(psumPat[mm] as number, psumPat[mm - 1] as number);
        for (let i = kf; i < R; i++) {
          const p = i * C + j;
          t.accReg[p]! += hd(accPat[p] as number, psumPat[0] as number) + inner;
          accPat[p] = psumPat[T - 1] as number;
          clockedFlops[p]! += accBits * T;
        }
        // The bottom row's partial sums leave; K-folds after the first add into the output buffer.
        for (let mm = 0; mm < T; mm++) emitOutput(run, out, mm * nc + n0 + j, psum[mm] as number, k0 === 0);
      }
    }
  }
  kernel?.mem.finish(pe, counters, run.edgeOverflows, 'out', out);
  return folds * (T + 2 * R + C - 2);
}

/** The kernel's memory for a WS/IS run: W as lane words (Kd × Nc, row-major), S's columns as streams, a column group's partial sums, the outputs. */
function stationaryKernel(pe: PeModel, P: number, W: OperandWords, sCols: Streams, T: number, kd: number, nc: number) {
  const mem = new MacKernel(pe, P, [
    ['w', kd * nc * 4],
    ['s', kd * T * 4],
    ['psum', T * 16],
    ['out', T * nc * 4],
  ]);
  fillValues(W, mem.words('w', kd * nc));
  const s = mem.words('s', kd * T);
  for (let i = 0; i < kd * T; i++) s[i] = sCols.val[i] as number;
  return { mem, w: mem.at('w'), s: mem.at('s'), psum: mem.at('psum'), out: mem.at('out') };
}
