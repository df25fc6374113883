// Fast WS/IS engine: the cycle-stepped stationary stepper's counters, computed from the operand streams.
// In a fold, PE(i,j)'s stationary register sees the column's words from row min(R, Kf)−1 down to i; its streamed
// register sees column k0+i of S (shared by the array row); its partial-sum register sees, for each m, the partial
// sum over rows 0..min(i, Kf−1). With the stationary word fixed, PPHD = HD(s, s')·pop(w).
// Int PEs whose sums fit an i32 and fp32-accumulator float PEs run their MACs in the WebAssembly kernel
// (mac-kernel.ts), eight columns at a time; zero-gated runs stay in JS (an isolated MAC breaks the per-stream sums).
// Pipelined: the load's words go to the shadow register, the stationary register takes one word per fold (the
// copy), and a load overlaps the previous fold's stream, so the PE's cycles of both count once.
import { partialProductToggles, popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { OperandWords } from './operand-words.js';
import { emitOutput, type ArrayRun } from './array-run.js';
import { closedFormCycles, foldCycles } from './fold-plan.js';
import type { Fold } from './for-each-fold.js';
import { forEachFold } from './for-each-fold.js';
import { RangeCounts } from './fold-range.js';
import { fillValues, MacKernel, kernelTakes } from './mac-kernel.js';
import type { StationaryOperands } from './stationary.js';
import { MacLane } from './mac-lane.js';
import { tileWords } from './traffic.js';
import { streamsOf, streamWords, takeStream, type Streams, type StreamWords } from './stream-terms.js';

/** What every fold of a WS/IS run shares: the operands, their streams, the per-PE state carried across folds. */
interface StationaryFastRun {
  run: ArrayRun;
  S: OperandWords;
  W: OperandWords;
  T: number;
  kd: number;
  nc: number;
  sCols: Streams;
  tS: Float64Array;
  tW: Float64Array;
  /** The register the load writes: the stationary one (simple) or its shadow (pipelined). */
  tSh: Float64Array;
  sBits: number;
  wBits: number;
  /** The last word the streamed registers of each array row hold; the stationary registers' and the multiplier's, per PE. */
  lastS: Int32Array;
  lastW: Int32Array;
  mulS: Int32Array;
  mulW: Int32Array;
  /** Pipelined: the word each PE's stationary register holds (lastW is then the shadow's). */
  active: Int32Array | undefined;
  isolate: boolean;
  kernel: ReturnType<typeof stationaryKernel> | undefined;
}

// Each per-fold step is its own small function with one loop nest after its scalar bookkeeping: V8 optimizes them
// after a few folds, where one function holding every loop kept deoptimizing on code its early folds had not run.
export function runStationaryFast(run: ArrayRun, ops: StationaryOperands, out: Float64Array): number {
  const { pe, counters, plan } = run;
  const { rows: R, cols: C, timeDim: T, rowDim: kd, colDim: nc } = plan;
  const { S, W, streamedIsA } = ops;
  const P = R * C;
  const t = counters.toggles;
  const sCols = streamsOf(S, T, kd, false); // stream c = column c of S, in m order
  const pipelined = plan.micro === 'pipelined';
  const isolate = run.gating === 'zero';
  const x: StationaryFastRun = {
    run,
    S,
    W,
    T,
    kd,
    nc,
    sCols,
    tS: streamedIsA ? t.aReg : t.bReg,
    tW: streamedIsA ? t.bReg : t.aReg,
    tSh: pipelined ? counters.shadowReg : streamedIsA ? t.bReg : t.aReg,
    sBits: streamedIsA ? pe.aBits : pe.bBits,
    wBits: streamedIsA ? pe.bBits : pe.aBits,
    lastS: new Int32Array(R).fill(S.zero),
    lastW: new Int32Array(P).fill(W.zero),
    mulS: new Int32Array(P).fill(S.zero),
    mulW: new Int32Array(P).fill(W.zero),
    active: pipelined ? new Int32Array(P).fill(W.zero) : undefined,
    isolate,
    kernel: !isolate && kernelTakes(pe, T) ? stationaryKernel(pe, P, S, W, sCols, T, kd, nc) : undefined,
  };
  const js = x.kernel ? undefined : jsMacState(run, streamedIsA, P, T, streamWords(S, sCols));
  let previous: Fold | undefined;
  const counts = new RangeCounts(run, out.length);
  forEachFold(
    plan,
    (fold) => {
      counts.start(fold, x.kernel?.mem);
      const { r0: k0, rf: kf, c0: n0, cf: nf } = fold;
      chargeLoad(x, n0, nf, k0, kf);
      if (x.active) chargeCopy(x, n0, nf, k0, kf);
      if (x.active && previous) uncountOverlap(x, previous, kf, nf);
      previous = fold;
      chargeStream(x, nf, k0, kf);
      chargeMacs(x, n0, nf, k0, kf);
      if (js) for (let j = 0; j < nf; j++) jsColumn(x, js, out, n0 + j, j, k0, kf);
      else kernelFold(x, n0, nf, k0, kf);
      run.traffic.fold(fold, foldCycles(plan, fold.index), tileWords(fold));
    },
    run.range,
  );
  x.kernel?.mem.finish(pe, counters, run.edgeOverflows, 'out', out);
  counts.end();
  return closedFormCycles(plan);
}

/**
 * Load: the stationary words of column j pass rows 0..r on their way to row r. Row i's register sees words kf−1
 * down to i: one toggle count from its last word, then the column's suffix of neighbour toggles.
 */
function chargeLoad(x: StationaryFastRun, n0: number, nf: number, k0: number, kf: number): void {
  const { run, W, nc, tSh, wBits, lastW } = x;
  const { activeCycles, clockedFlops } = run.counters;
  const C = run.plan.cols;
  for (let j = 0; j < nf; j++) {
    let suffix = 0;
    for (let i = kf - 1; i >= 0; i--) {
      const p = i * C + j;
      const w = (k0 + i) * nc + n0 + j;
      if (i < kf - 1) suffix += popcount32((W.pat[w + nc] as number) ^ (W.pat[w] as number));
      tSh[p]! += popcount32((W.pat[lastW[p] as number] as number) ^ (W.pat[(k0 + kf - 1) * nc + n0 + j] as number)) + suffix;
      lastW[p] = w;
      activeCycles[p]! += kf - i;
      clockedFlops[p]! += wBits * (kf - i);
    }
  }
}

/** Pipelined: when the fold's first word passes, each PE with a loaded word copies it into its stationary register. */
function chargeCopy(x: StationaryFastRun, n0: number, nf: number, k0: number, kf: number): void {
  const { run, W, nc, tW, wBits } = x;
  const active = x.active!;
  const C = run.plan.cols;
  const clockedFlops = run.counters.clockedFlops;
  for (let i = 0; i < kf; i++) {
    for (let j = 0; j < nf; j++) {
      const p = i * C + j;
      const w = (k0 + i) * nc + n0 + j;
      tW[p]! += popcount32((W.pat[active[p] as number] as number) ^ (W.pat[w] as number));
      active[p] = w;
      clockedFlops[p]! += wBits;
    }
  }
}

/**
 * Pipelined: this fold's load starts R+C−2 cycles into the previous fold's stream (when its first word enters the
 * bottom-right PE). PE(i,j) takes load words on stream-relative cycles 2R+C−2−kf+i .. 2R+C−3 and was busy with the
 * previous fold on i+j .. i+j+T−1 (if it had a row or column of it): cycles in both were counted active twice.
 */
function uncountOverlap(x: StationaryFastRun, previous: Fold, kf: number, nf: number): void {
  const { run, T } = x;
  const { rows: R, cols: C } = run.plan;
  const activeCycles = run.counters.activeCycles;
  for (let i = 0; i < kf; i++) {
    for (let j = 0; j < nf; j++) {
      if (i >= previous.rf && j >= previous.cf) continue;
      const lo = Math.max(2 * R + C - 2 - kf + i, i + j);
      const hi = Math.min(2 * R + C - 3, i + j + T - 1);
      if (hi >= lo) activeCycles[i * C + j]! -= hi - lo + 1;
    }
  }
}

/** Stream: row i's streamed register sees column k0+i of S, in every column of the array (lastS is per array row). */
function chargeStream(x: StationaryFastRun, nf: number, k0: number, kf: number): void {
  const { run, S, T, sCols, tS, sBits, lastS } = x;
  const { rows: R, cols: C } = run.plan;
  const { activeCycles, clockedFlops } = run.counters;
  for (let i = 0; i < R; i++) {
    const s = k0 + i;
    let toggles = 0;
    if (i < kf) {
      toggles = takeStream(S, sCols, lastS, i, s);
    }
    for (let j = 0; j < C; j++) {
      const p = i * C + j;
      if (i < kf) {
        tS[p]! += toggles;
        clockedFlops[p]! += sBits * T;
      }
      if (i < kf || j < nf) activeCycles[p]! += T;
    }
  }
}

/** The fold's MAC counts; with the stationary word fixed, the partial-product toggles are the first MAC's plus HD(s, s')·pop(w). */
function chargeMacs(x: StationaryFastRun, n0: number, nf: number, k0: number, kf: number): void {
  const { run, S, W, T, nc, sCols, mulS, mulW } = x;
  const C = run.plan.cols;
  const { macs, clockedFlops } = run.counters;
  const ppArray = run.counters.toggles.ppArray;
  const accBits = run.pe.accBits;
  const sIds = sCols.ids;
  for (let j = 0; j < nf; j++) {
    for (let i = 0; i < kf; i++) {
      const p = i * C + j;
      macs[p]! += T;
      clockedFlops[p]! += accBits * T;
      // Zero gating: jsColumn counts the partial products of the MACs that ran.
      if (x.isolate) continue;
      const w = (k0 + i) * nc + n0 + j;
      const is = sIds[(k0 + i) * T] as number;
      ppArray[p]! +=
        partialProductToggles(S.pp[is] as number, W.pp[w] as number, S.pp[mulS[p] as number] as number, W.pp[mulW[p] as number] as number) +
        (sCols.ppXorSum[k0 + i] as number) * (W.ppPop[w] as number);
      mulS[p] = sIds[(k0 + i) * T + T - 1] as number;
      mulW[p] = w;
    }
  }
}

/** The kernel runs the fold's MACs, the forwarding rows' accumulator toggles and the output adds, in one call. */
function kernelFold(x: StationaryFastRun, n0: number, nf: number, k0: number, kf: number): void {
  const { run, T, nc } = x;
  const kernel = x.kernel!;
  const { rows: R, cols: C } = run.plan;
  const clockedFlops = run.counters.clockedFlops;
  const accBits = run.pe.accBits;
  kernel.mem.stationaryGroup(0, nf, C, R, kf, kernel.w + ((k0 * nc + n0) << 2), nc << 2, kernel.s + ((k0 * T) << 2), T, kernel.psum, kernel.out + (n0 << 2), nc << 2, k0 === 0 ? 1 : 0);
  for (let j = 0; j < nf; j++) for (let i = kf; i < R; i++) clockedFlops[i * C + j]! += accBits * T;
}

/** The JS MAC loops' state (PEs the kernel does not take): the MAC lane, product and accumulator patterns, a column's partial sums. */
function jsMacState(run: ArrayRun, streamedIsA: boolean, P: number, T: number, sWords: StreamWords) {
  return {
    lane: new MacLane(run.pe),
    streamedIsA,
    prodPat: new Int32Array(P),
    accPat: new Float64Array(P),
    psum: new Float64Array(T),
    psumPat: new Float64Array(T),
    zeroAccPat: run.pe.accPattern(0),
    /** S's words in stream order. */
    sWords,
  };
}

/** Column j of the array (output column c = n0 + j) in JS: partial sums down the column, forwarding, the outputs. */
function jsColumn(x: StationaryFastRun, js: ReturnType<typeof jsMacState>, out: Float64Array, c: number, j: number, k0: number, kf: number): void {
  const { run, S, W, T, nc, isolate, sCols, mulS, mulW } = x;
  const { pe, counters } = run;
  const { rows: R, cols: C } = run.plan;
  const { lane, streamedIsA, prodPat, accPat, psum, psumPat, zeroAccPat } = js;
  const { val: sVal, pp: sPp, iso: sIso } = js.sWords;
  const t = counters.toggles;
  const accBits = pe.accBits;
  // Partial sums down column j: row i adds its MACs to row i−1's sums.
  for (let i = 0; i < kf; i++) {
    const p = i * C + j;
    const base = (k0 + i) * T;
    const before = pe.overflows;
    const w = (k0 + i) * nc + c;
    const wv = W.val[w] as number;
    // Zero gating: a zero stationary word isolates every MAC of the fold, a zero streamed word its own; an isolated
    // MAC forwards the partial sum from above, and partial products count against the last MAC that ran.
    const wZero = isolate && W.iso[w] === 1;
    let gated = 0;
    let pp = 0;
    let lastS = mulS[p] as number;
    lane.start(prodPat[p] as number, accPat[p] as number);
    for (let mm = 0; mm < T; mm++) {
      const sv = sVal[base + mm] as number;
      const from = i === 0 ? 0 : (psum[mm] as number);
      if (isolate) {
        if (wZero || sIso[base + mm]) {
          gated++;
          psum[mm] = from;
          lane.load(i === 0 ? zeroAccPat : (psumPat[mm] as number));
          psumPat[mm] = lane.accPat;
          continue;
        }
        pp += partialProductToggles(sPp[base + mm] as number, W.pp[w] as number, S.pp[lastS] as number, W.pp[mulW[p] as number] as number);
        lastS = sCols.ids[base + mm] as number;
        mulW[p] = w;
      }
      // The PE's multiply takes A's word first.
      psum[mm] = streamedIsA ? lane.mac(from, sv, wv) : lane.mac(from, wv, sv);
      psumPat[mm] = lane.accPat;
    }
    if (isolate) {
      mulS[p] = lastS;
      t.ppArray[p]! += pp;
      counters.gatedMacs[p]! += gated;
    }
    counters.overflows[p]! += pe.overflows - before;
    t.product[p]! += lane.prodToggles;
    t.accReg[p]! += lane.accToggles;
    prodPat[p] = lane.prodPat;
    accPat[p] = lane.accPat;
  }
  // Rows below the fold's last K row forward the finished partial sums.
  let inner = 0;
  for (let mm = 1; mm < T; mm++) inner += lane.accHd(psumPat[mm] as number, psumPat[mm - 1] as number);
  for (let i = kf; i < R; i++) {
    const p = i * C + j;
    t.accReg[p]! += lane.accHd(accPat[p] as number, psumPat[0] as number) + inner;
    accPat[p] = psumPat[T - 1] as number;
    counters.clockedFlops[p]! += accBits * T;
  }
  // The bottom row's partial sums leave; K-folds after the first add into the output buffer.
  for (let mm = 0; mm < T; mm++) emitOutput(run, out, mm * nc + c, psum[mm] as number, k0 === 0);
}

/** The kernel's memory for a WS/IS run: W as lane words (Kd × Nc, row-major), S's columns as streams, a chunk's partial sums (two buffers of eight lanes per m), the outputs. */
function stationaryKernel(pe: PeModel, P: number, S: OperandWords, W: OperandWords, sCols: Streams, T: number, kd: number, nc: number) {
  const mem = new MacKernel(pe, P, [
    ['w', kd * nc * 4],
    ['s', kd * T * 4],
    ['psum', T * 64],
    ['out', T * nc * 4],
  ]);
  fillValues(W, mem.words('w', kd * nc));
  const s = mem.words('s', kd * T);
  for (let i = 0; i < kd * T; i++) s[i] = S.val[sCols.ids[i] as number] as number;
  return { mem, w: mem.at('w'), s: mem.at('s'), psum: mem.at('psum'), out: mem.at('out') };
}
