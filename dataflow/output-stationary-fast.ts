// Fast output-stationary engine: the same counters as the cycle-stepped engine, computed from the operand streams.
// PE(i,j) of a fold sees row m0+i of A and column n0+j of B in k order, so its A register's toggles are the row's
// (shared by the whole array row), its B register's the column's, and each MAC's partial-product toggles come
// from per-stream terms: PPHD = x·HD(b,b') + (pop a − x)·pop b + (pop a' − x)·pop b', with x = pop(a & a').
// Int PEs whose sums fit an i32 and fp32-accumulator float PEs run their MACs in the WebAssembly kernel
// (mac-kernel.ts), the rest in JS below, as do zero-gated runs (an isolated MAC breaks the per-stream sums). The
// pipelined array sends the same words to every register as the simple one: only its cycles differ.
import { partialProductToggles } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { OperandWords } from './operand-words.js';
import type { ArrayRun } from './array-run.js';
import { closedFormCycles, foldCycles } from './fold-plan.js';
import { forEachFold } from './for-each-fold.js';
import { RangeCounts } from './fold-range.js';
import { fillColumnTerms, fillRowTerms, fillValues, MacKernel, kernelTakes } from './mac-kernel.js';
import { MacLane } from './mac-lane.js';
import type { OsOperands } from './output-stationary.js';
import { tileWords } from './traffic.js';
import { streamsOf, streamWords, takeStream, type Streams, type StreamWords } from './stream-terms.js';

/** What every fold of an OS run shares: the operands, their streams, the per-PE state carried across folds. */
interface OsFastRun {
  run: ArrayRun;
  A: OperandWords;
  B: OperandWords;
  k: number;
  n: number;
  rowsA: Streams;
  colsB: Streams;
  /** The last word the operand registers of each array row (A) and column (B) hold; the multiplier's last operands per PE. */
  lastA: Int32Array;
  lastB: Int32Array;
  mulA: Int32Array;
  mulB: Int32Array;
  /** Zero gating: a MAC with a zero operand is isolated (its counts come from jsPe, MAC by MAC). */
  isolate: boolean;
}

// Each per-fold step is its own small function with one loop nest after its scalar bookkeeping: V8 optimizes them
// after a few folds, where one function holding every loop kept deoptimizing on code its early folds had not run.
export function runOutputStationaryFast(run: ArrayRun, { A, B }: OsOperands, out: Float64Array): number {
  const { pe, counters, plan } = run;
  const { rows: R, cols: C, m, k, n } = plan;
  const P = R * C;
  const rowsA = streamsOf(A, m, k, true);
  const colsB = streamsOf(B, k, n, false);
  const x: OsFastRun = {
    run,
    A,
    B,
    k,
    n,
    rowsA,
    colsB,
    lastA: new Int32Array(R).fill(A.zero),
    lastB: new Int32Array(C).fill(B.zero),
    mulA: new Int32Array(P).fill(A.zero),
    mulB: new Int32Array(P).fill(B.zero),
    isolate: run.gating === 'zero',
  };
  const kernel = !x.isolate && kernelTakes(pe, k) ? osKernel(pe, P, A, B, m, k, n) : undefined;
  const js = kernel ? undefined : jsMacState(pe, P, streamWords(A, rowsA), streamWords(B, colsB));
  const counts = new RangeCounts(run, out.length);
  forEachFold(
    plan,
    (fold) => {
      counts.start(fold, kernel?.mem);
      const { m0, mf, n0, nf } = fold;
      chargeRows(x, m0, mf);
      chargeColumns(x, n0, nf);
      chargeMacs(x, m0, mf, n0, nf);
      if (kernel) kernelFold(x, kernel, m0, mf, n0, nf);
      else for (let i = 0; i < mf; i++) for (let j = 0; j < nf; j++) jsPe(x, js!, out, m0, n0, i, j);
      run.traffic.fold(fold, foldCycles(plan, fold.index), tileWords(fold));
    },
    run.range,
  );
  kernel?.mem.finish(pe, counters, run.edgeOverflows, 'out', out);
  counts.end();
  return closedFormCycles(plan);
}

/**
 * A fold's A registers: every PE of array row i (i < mf) sees row m0+i of A, so the row's toggle count is computed
 * once (lastA is per array row) and charged to each of its PEs.
 */
function chargeRows(x: OsFastRun, m0: number, mf: number): void {
  const { run, A, k, rowsA, lastA } = x;
  const C = run.plan.cols;
  const { aReg } = run.counters.toggles;
  const clockedFlops = run.counters.clockedFlops;
  const flops = run.pe.aBits * k;
  for (let i = 0; i < mf; i++) {
    const toggles = takeStream(A, rowsA, lastA, i, m0 + i);
    for (let j = 0; j < C; j++) {
      aReg[i * C + j]! += toggles;
      clockedFlops[i * C + j]! += flops;
    }
  }
}

/** A fold's B registers: every PE of array column j (j < nf) sees column n0+j of B; lastB is per array column. */
function chargeColumns(x: OsFastRun, n0: number, nf: number): void {
  const { run, B, k, colsB, lastB } = x;
  const { rows: R, cols: C } = run.plan;
  const { bReg } = run.counters.toggles;
  const clockedFlops = run.counters.clockedFlops;
  const flops = run.pe.bBits * k;
  for (let j = 0; j < nf; j++) {
    const toggles = takeStream(B, colsB, lastB, j, n0 + j);
    for (let i = 0; i < R; i++) {
      bReg[i * C + j]! += toggles;
      clockedFlops[i * C + j]! += flops;
    }
  }
}

/**
 * A fold's activity and MAC counts: a PE is active while either operand streams past, and computes where both do;
 * its first MAC's partial-product toggles are against the multiplier's last operands (later MACs: kernel or jsPe;
 * zero gating: all of them in jsPe, which knows which MACs were isolated).
 */
function chargeMacs(x: OsFastRun, m0: number, mf: number, n0: number, nf: number): void {
  const { run, A, B, k, rowsA, colsB, mulA, mulB } = x;
  const { pe, counters } = run;
  const { rows: R, cols: C } = run.plan;
  const { macs, activeCycles, clockedFlops } = counters;
  const ppArray = counters.toggles.ppArray;
  const flops = pe.accBits * k;
  const aIds = rowsA.ids;
  const bIds = colsB.ids;
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const p = i * C + j;
      if (i < mf || j < nf) activeCycles[p]! += k;
      if (i >= mf || j >= nf) continue;
      macs[p]! += k;
      if (x.isolate) continue;
      const aBase = (m0 + i) * k;
      const bBase = (n0 + j) * k;
      ppArray[p]! += partialProductToggles(
        A.pp[aIds[aBase] as number] as number,
        B.pp[bIds[bBase] as number] as number,
        A.pp[mulA[p] as number] as number,
        B.pp[mulB[p] as number] as number,
      );
      mulA[p] = aIds[aBase + k - 1] as number;
      mulB[p] = bIds[bBase + k - 1] as number;
      clockedFlops[p]! += flops;
    }
  }
}

/** One kernel call per array row (its columns in chunks of eight); the kernel keeps the product and accumulator state of every PE. */
function kernelFold(x: OsFastRun, kernel: ReturnType<typeof osKernel>, m0: number, mf: number, n0: number, nf: number): void {
  const { k, n } = x;
  const C = x.run.plan.cols;
  for (let i = 0; i < mf; i++) {
    const row = m0 + i;
    kernel.mem.osGroup(i * C, nf, kernel.aVal + row * k * 4, kernel.aTerm + row * k * 4, kernel.bVal + n0 * 4, kernel.bTerm + n0 * 4, n, k, kernel.out + (row * n + n0) * 4);
  }
}

/** The JS MAC loop's state (PEs the kernel does not take): the MAC lane, stream words, product and accumulator patterns. */
function jsMacState(pe: PeModel, P: number, rowWords: StreamWords, colWords: StreamWords) {
  return { lane: new MacLane(pe), rowWords, colWords, prodPat: new Int32Array(P), accPat: new Float64Array(P), zeroAccPat: pe.accPattern(0) };
}

/**
 * The MACs of PE(i,j) in a fold, in JS; writes its output. Valid gating: after its first partial-product count
 * (chargeMacs), from the per-stream terms. Zero gating: an isolated MAC holds the multiplier and the accumulator
 * (cleared on the fold's first MAC), so partial products count against the last MAC that ran.
 */
function jsPe(x: OsFastRun, js: ReturnType<typeof jsMacState>, out: Float64Array, m0: number, n0: number, i: number, j: number): void {
  const { run, k, n, isolate, mulA, mulB } = x;
  const { pe, counters } = run;
  const t = counters.toggles;
  const { lane, prodPat, accPat, zeroAccPat } = js;
  const { val: aVal, ppPop: aPop, ppAnd, pp: aPp, iso: aIso } = js.rowWords;
  const { val: bVal, ppPop: bPop, ppXor: bXor, pp: bPp, iso: bIso } = js.colWords;
  const p = i * run.plan.cols + j;
  const aBase = (m0 + i) * k;
  const bBase = (n0 + j) * k;
  let pp = 0;
  let acc = 0;
  let gated = 0;
  let lastA = mulA[p] as number;
  let lastB = mulB[p] as number;
  const before = pe.overflows;
  lane.start(prodPat[p] as number, accPat[p] as number);
  for (let kk = 0; kk < k; kk++) {
    const sa = aBase + kk;
    const sb = bBase + kk;
    if (isolate) {
      if (aIso[sa]! | bIso[sb]!) {
        gated++;
        if (kk === 0) {
          acc = 0;
          lane.load(zeroAccPat);
        }
        continue;
      }
      pp += partialProductToggles(aPp[sa] as number, bPp[sb] as number, x.A.pp[lastA] as number, x.B.pp[lastB] as number);
      lastA = x.rowsA.ids[sa] as number;
      lastB = x.colsB.ids[sb] as number;
    } else if (kk > 0) {
      const x = ppAnd[sa] as number;
      pp += x * (bXor[sb] as number) + ((aPop[sa] as number) - x) * (bPop[sb] as number) + ((aPop[sa - 1] as number) - x) * (bPop[sb - 1] as number);
    }
    acc = lane.mac(kk === 0 ? 0 : acc, aVal[sa] as number, bVal[sb] as number);
  }
  if (isolate) {
    mulA[p] = lastA;
    mulB[p] = lastB;
    counters.gatedMacs[p]! += gated;
    // The accumulator is clocked on every MAC that ran, and on a cleared first one.
    counters.clockedFlops[p]! += pe.accBits * (k - gated + (gated > 0 && (aIso[aBase]! | bIso[bBase]!) ? 1 : 0));
  }
  counters.overflows[p]! += pe.overflows - before;
  t.product[p]! += lane.prodToggles;
  t.ppArray[p]! += pp;
  t.accReg[p]! += lane.accToggles;
  prodPat[p] = lane.prodPat;
  accPat[p] = lane.accPat;
  out[(m0 + i) * n + n0 + j] = acc;
}

/** The kernel's memory for an OS run: A and B as lane words in their own layouts, their packed stream terms, the sums. */
function osKernel(pe: PeModel, P: number, A: OperandWords, B: OperandWords, m: number, k: number, n: number) {
  const mem = new MacKernel(pe, P, [
    ['aVal', m * k * 4],
    ['aTerm', m * k * 4],
    ['bVal', k * n * 4],
    ['bTerm', k * n * 4],
    ['out', m * n * 4],
  ]);
  fillValues(A, mem.words('aVal', m * k));
  fillRowTerms(A, m, k, mem.i32('aTerm', m * k));
  fillValues(B, mem.words('bVal', k * n));
  fillColumnTerms(B, k, n, mem.i32('bTerm', k * n));
  return { mem, aVal: mem.at('aVal'), aTerm: mem.at('aTerm'), bVal: mem.at('bVal'), bTerm: mem.at('bTerm'), out: mem.at('out') };
}
