// The pipelined microarchitecture (docs/microarchitecture.md, "Pipelined"): the cycle-stepped engine produces the
// documented closed form by stepping, the fast engine reproduces every counter, the outputs equal the simple array's,
// and overlapping folds saves cycles whenever there is more than one fold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedFormCycles, planFolds } from '../dataflow/fold-plan.js';
import type { Fold } from '../dataflow/for-each-fold.js';
import type { FoldWords } from '../dataflow/traffic.js';
import type { PeSpec } from '../pe/pe-model.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { floatSpec, gemmOnArray, intSpec, lutSpec, seed, shiftSpec } from './arbitraries.js';

const pipelinedGating = fc.constantFrom('valid' as const, 'zero' as const);

describe('pipelined array', () => {
  it('steps the closed form, computes what the simple array computes, and saves cycles on more than one fold', () => {
    fc.assert(
      fc.property(fc.record({ ...gemmOnArray(40, 10), spec: fc.oneof(intSpec(true), floatSpec), seed }), ({ dataflow, m, k, n, rows, cols, spec, seed }) => {
        const { a, b } = randomOperands(spec as PeSpec, m, k, n, seed);
        const input = { a, b, pe: spec as PeSpec, dataflow, rows, cols, engine: 'reference' as const };
        const pipelined = simulateGemm({ ...input, micro: 'pipelined' });
        const simple = simulateGemm(input);
        const plan = planFolds(dataflow, m, k, n, rows, cols, 'pipelined');
        expect(pipelined.result.cycles).toBe(closedFormCycles(plan));
        expect(pipelined.output.data.every((v, i) => Object.is(v, simple.output.data[i]))).toBe(true);
        expect(pipelined.result.macs).toBe(simple.result.macs);
        // A 1×1 OS array has no fill or drain to overlap.
        const overlaps = plan.folds > 1 && !(dataflow === 'os' && rows === 1 && cols === 1);
        if (overlaps) expect(pipelined.result.cycles).toBeLessThan(simple.result.cycles);
        else expect(pipelined.result.cycles).toBe(simple.result.cycles);
        // Operand streams are the same; OS has no shadow register, so its toggles are the simple array's.
        expect(pipelined.result.toggles.aReg + pipelined.result.toggles.bReg + pipelined.result.toggles.shadowReg!).toBeGreaterThanOrEqual(simple.result.toggles.aReg + simple.result.toggles.bReg);
        if (dataflow === 'os') expect({ ...pipelined.result.toggles, shadowReg: undefined }).toEqual({ ...simple.result.toggles, shadowReg: undefined });
      }),
      { numRuns: 80 },
    );
  });

  it('fast engine = reference engine: every field, every output bit, every fold report', () => {
    fc.assert(
      fc.property(
        fc.record({ ...gemmOnArray(40, 10), spec: fc.oneof(intSpec(true), floatSpec, shiftSpec, lutSpec), seed, sparse: fc.boolean(), gating: pipelinedGating }),
        ({ dataflow, m, k, n, rows, cols, spec, seed, sparse, gating }) => {
          const pe = spec as PeSpec;
          const { a, b } = randomOperands(pe, m, k, n, seed);
          if (sparse && pe.kind !== 'lut') a.data.forEach((_, i) => i % 3 === 0 && (a.data[i] = 0));
          const folds = (engine: 'fast' | 'reference') => {
            const seen: Array<[number, number, FoldWords]> = [];
            const run = simulateGemm({ a, b, pe, dataflow, rows, cols, gating, micro: 'pipelined', engine, traffic: { fold: (f: Fold, c: number, w: FoldWords) => seen.push([f.index, c, { ...w }]) } });
            return { run, seen };
          };
          const ref = folds('reference');
          const fast = folds('fast');
          expect(fast.run.result).toEqual(ref.run.result);
          expect(fast.run.output.data.every((v, i) => Object.is(v, ref.run.output.data[i]))).toBe(true);
          expect(fast.seen).toEqual(ref.seen);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is refused with gating none, naming the field', () => {
    const { a, b } = randomOperands({ kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'wrap' }, 4, 4, 4, 1);
    expect(() => simulateGemm({ a, b, pe: 'int8', dataflow: 'ws', rows: 2, cols: 2, gating: 'none', micro: 'pipelined' })).toThrow('micro: "pipelined" is not modelled with gating none');
  });
});
