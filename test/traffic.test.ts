// Per-fold edge-buffer traffic: every engine (reference, fast, ungated) tells the observer the same folds, tiles,
// cycles and words as the cycle-stepped reference counts them, and the result's totals are their sum.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataflow, floatSpec, gating, gemmOnArray, intSpec, seed } from './arbitraries.js';
import { planFolds, DATAFLOWS } from '../dataflow/fold-plan.js';
import { forEachFold, type Fold } from '../dataflow/for-each-fold.js';
import type { FoldWords, TrafficObserver } from '../dataflow/traffic.js';
import type { PeSpec } from '../pe/pe-model.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm, type GemmInput } from '../sim/simulate-gemm.js';

type FoldRecord = Fold & FoldWords & { cycles: number };

/** The folds an engine reports, and its result's SRAM totals. */
function observed(input: GemmInput) {
  const folds: FoldRecord[] = [];
  const traffic: TrafficObserver = { fold: (fold, cycles, words) => folds.push({ ...fold, ...words, cycles }) };
  const run = simulateGemm({ ...input, traffic });
  return { folds, sram: run.result.sram, pe: run.pe };
}

const trafficCase = fc.record({
  ...gemmOnArray(30, 8),
  // int8 runs in the WebAssembly kernel, wide int accumulators and fp16 accumulators in JS.
  spec: fc.oneof(fc.constant<PeSpec>({ kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'wrap' }), intSpec(true), floatSpec),
  gating,
  seed,
});

describe('per-fold traffic: fast and ungated engines = reference engine', () => {
  it('on random GEMMs with partial folds and K-folds, every dataflow and gating, kernel and JS MAC paths', () => {
    fc.assert(fc.property(trafficCase, ({ dataflow, m, k, n, rows, cols, spec, gating, seed }) => {
      const { a, b } = randomOperands(spec as PeSpec, m, k, n, seed);
      const input: GemmInput = { a, b, pe: spec as PeSpec, dataflow, rows, cols, gating, accuracy: false };
      const ref = observed({ ...input, engine: 'reference' });
      const fast = observed({ ...input, engine: 'fast' });
      expect(fast.folds).toEqual(ref.folds);
      const plan = planFolds(dataflow, m, k, n, rows, cols);
      expect(ref.folds.map((f) => [f.index, f.cycles])).toEqual(Array.from({ length: plan.folds }, (_, i) => [i, plan.cyclesPerFold]));
      // The default observer's totals are the folds' words, A and B at their widths and C at the accumulator's.
      const sum = (f: (r: FoldRecord) => number) => ref.folds.reduce((s, r) => s + f(r), 0);
      const { aBits, bBits, accBits } = ref.pe;
      expect(ref.sram).toEqual({
        reads: sum((r) => r.aReads + r.bReads + r.cReads),
        writes: sum((r) => r.cWrites),
        readBits: sum((r) => r.aReads * aBits + r.bReads * bBits + r.cReads * accBits),
        writeBits: sum((r) => r.cWrites * accBits),
      });
    }), { numRuns: 150 });
  });

  it('reads each tile once: A mf·kf, B kf·nf, C mf·nf written, read back after the first K-fold (WS, IS)', () => {
    const a = { rows: 5, cols: 7, data: new Float64Array(35).fill(1) };
    const b = { rows: 7, cols: 3, data: new Float64Array(21).fill(2) };
    for (const df of DATAFLOWS) {
      const { folds } = observed({ a, b, pe: 'int8', dataflow: df, rows: 2, cols: 2, engine: 'reference' });
      for (const f of folds) {
        expect([f.aReads, f.bReads, f.cWrites, f.cReads]).toEqual([f.mf * f.kf, f.kf * f.nf, f.mf * f.nf, f.k0 > 0 ? f.mf * f.nf : 0]);
      }
      expect(folds.some((f) => f.cReads > 0)).toBe(df !== 'os');
    }
  });
});

describe('forEachFold', () => {
  it('covers every MAC of the GEMM exactly once, column folds outer, as the plan counts them', () => {
    fc.assert(
      fc.property(dataflow, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (df, m, k, n, rows, cols) => {
        const plan = planFolds(df, m, k, n, rows, cols);
        const covered = new Uint8Array(m * k * n);
        const folds: Fold[] = [];
        forEachFold(plan, (f) => {
          folds.push(f);
          for (let i = f.m0; i < f.m0 + f.mf; i++) for (let kk = f.k0; kk < f.k0 + f.kf; kk++) for (let j = f.n0; j < f.n0 + f.nf; j++) covered[(i * k + kk) * n + j]!++;
        });
        expect(covered.every((c) => c === 1)).toBe(true);
        expect(folds.map((f) => f.index)).toEqual(Array.from({ length: plan.folds }, (_, i) => i));
        // Column folds outer: the column slice never goes back.
        expect(folds.every((f, i) => i === 0 || f.c0 >= folds[i - 1]!.c0)).toBe(true);
        expect(folds.every((f) => f.rf <= rows && f.cf <= cols)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
