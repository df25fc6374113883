// Differential test of fold-parallel GEMMs: a GEMM cut into fold ranges (anywhere, also inside a column fold), each
// run on its own with its warm-up and merged, equals the GEMM run whole on every field, counter, output bit and
// per-PE energy, in every dataflow, micro, gating, PE kind, with the kernel and on the JS loops.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { floatSpec, gemmOnArray, intSpec, lutSpec, seed, shiftSpec } from './arbitraries.js';
import kernelBytes from '../dataflow/mac-kernel-bytes.js';
import { useMacKernel } from '../dataflow/mac-kernel.js';
import { foldRange, splitFolds, type FoldRange } from '../dataflow/fold-range.js';
import { planFolds } from '../dataflow/fold-plan.js';
import { rangesFor } from '../sim/fold-parallel.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateFoldRange, simulateGemm, simulateGemms, type GemmInput, type GemmRun } from '../sim/simulate-gemm.js';
import { useFoldRunner, type FoldRunner, type FoldTask } from '../sim/fold-runner.js';
import { referenceGemm, referenceRows } from '../sim/reference-gemm.js';

afterEach(() => {
  useFoldRunner(undefined);
  useMacKernel(kernelBytes);
});

/** Every field of the result, every counter, every output bit and every per-PE energy (toEqual tells −0 from 0, NaN equals NaN). */
function expectSameRun(got: GemmRun, want: GemmRun): void {
  const fields = (r: GemmRun) => ({ result: r.result, counters: r.counters, output: r.output, energy: r.energy });
  expect(fields(got)).toEqual(fields(want));
}

/**
 * A runner in this thread: its ranges, `threads` for the row split of reference products, and every list of tasks
 * run in the order `order` shuffles it into (each list's fold tasks also pushed to `calls`).
 */
function inThreadRunner(ranges: FoldRunner['ranges'], order: number[] = [0], threads = 2, calls: FoldTask[][] = []): FoldRunner {
  const shuffled = <T, R>(tasks: T[], run: (task: T) => R): R[] => {
    const results: R[] = [];
    const at = tasks.map((_, i) => i).sort((x, y) => order[x % order.length]! - order[y % order.length]! || y - x);
    for (const i of at) results[i] = run(tasks[i]!);
    return results;
  };
  return { threads, ranges, run: (tasks) => (calls.push(tasks), shuffled(tasks, (t) => simulateFoldRange(t.input, t.range))), rows: (tasks) => shuffled(tasks, referenceRows) };
}

/** The GEMM with its folds cut at `cuts` (fold indices), each range run by simulateFoldRange, merged by simulateGemm. */
function splitRun(input: GemmInput, cuts: number[]): GemmRun {
  useFoldRunner(
    inThreadRunner((plan) => {
      const at = [0, ...new Set(cuts.map((c) => c % plan.folds))].filter((c, i) => i === 0 || c > 0).sort((x, y) => x - y);
      return at.map((from, i) => foldRange(plan, from, at[i + 1] ?? plan.folds));
    }),
  );
  try {
    return simulateGemm(input);
  } finally {
    useFoldRunner(undefined);
  }
}

const micro = fc.constantFrom('simple' as const, 'pipelined' as const);

describe('fold ranges merge into the whole run', () => {
  it('over random shapes, arrays, dataflows, micros, gatings, PE kinds and cuts', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...gemmOnArray(30, 7),
          micro,
          gating: fc.constantFrom('valid' as const, 'none' as const),
          spec: fc.oneof(intSpec(true), floatSpec, shiftSpec, lutSpec),
          cuts: fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }),
          kernel: fc.boolean(),
          seed,
        }),
        ({ dataflow, m, k, n, rows, cols, micro, gating, spec, cuts, kernel, seed }) => {
          useMacKernel(kernel ? kernelBytes : undefined);
          const { a, b } = randomOperands(spec, m, k, n, seed);
          const input: GemmInput = { a, b, pe: spec, dataflow, rows, cols, gating, micro: gating === 'none' ? 'simple' : micro };
          expectSameRun(splitRun(input, cuts), simulateGemm(input));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('with a cut in every place of a WS and an OS plan whose column folds end in a partial row fold', () => {
    for (const df of ['os', 'ws', 'is'] as const) {
      const { a, b } = randomOperands({ kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'saturate', accBits: 12 }, 11, 13, 9, 3);
      const input: GemmInput = { a, b, pe: { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'saturate', accBits: 12 }, dataflow: df, rows: 4, cols: 4 };
      const whole = simulateGemm(input);
      expect(whole.result.overflows.pe + whole.result.overflows.edge).toBeGreaterThan(0);
      for (let cut = 1; cut < whole.plan.folds; cut++) expectSameRun(splitRun(input, [cut]), whole);
    }
  });

  it('zero gating runs whole: the runner is not asked', () => {
    const { a, b } = randomOperands({ kind: 'int', aBits: 4, bBits: 4, aSigned: true, bSigned: true, overflow: 'wrap' }, 20, 20, 20, 5);
    let asked = 0;
    useFoldRunner({ ...inThreadRunner((plan) => splitFolds(plan, 3)), run: () => (asked++, []) });
    simulateGemm({ a, b, pe: 'int4', dataflow: 'ws', rows: 4, cols: 4, gating: 'zero' });
    simulateGemm({ a, b, pe: 'int4', dataflow: 'ws', rows: 4, cols: 4, engine: 'reference' });
    expect(asked).toBe(0);
  });
});

describe('a batch of independent GEMMs', () => {
  it('runs on the runner in one call, tasks done out of order, and equals each GEMM run whole, in input order', () => {
    const gemm = fc.record({
      ...gemmOnArray(24, 6),
      micro,
      // Zero gating and the reference engine run whole in this thread, among the others' tasks.
      gating: fc.constantFrom('valid' as const, 'none' as const, 'zero' as const),
      engine: fc.constantFrom('fast' as const, 'fast' as const, 'reference' as const),
      spec: fc.oneof(intSpec(true), floatSpec, shiftSpec, lutSpec),
      seed,
    });
    fc.assert(
      fc.property(fc.array(gemm, { minLength: 2, maxLength: 5 }), fc.array(fc.nat(100), { minLength: 1, maxLength: 9 }), fc.boolean(), fc.boolean(), (gemms, order, split, kernel) => {
        useMacKernel(kernel ? kernelBytes : undefined);
        const inputs = gemms.map(({ spec, m, k, n, seed, gating, micro, ...rest }): GemmInput => ({ ...randomOperands(spec, m, k, n, seed), pe: spec, gating, micro: gating === 'none' ? 'simple' : micro, ...rest }));
        const want = inputs.map(simulateGemm);
        const calls: FoldTask[][] = [];
        useFoldRunner(inThreadRunner((plan) => (split ? splitFolds(plan, 3) : [foldRange(plan, 0, plan.folds)]), order, 2, calls));
        const got = simulateGemms(inputs);
        useFoldRunner(undefined);
        expect(got).toHaveLength(inputs.length);
        got.forEach((run, i) => expectSameRun(run, want[i]!));
        const whole = inputs.filter((x) => x.gating !== 'zero' && x.engine !== 'reference').length;
        expect(calls.length).toBe(whole > 0 ? 1 : 0);
        if (!split && whole > 0) expect(calls[0]!.length).toBe(whole);
      }),
      { numRuns: 80 },
    );
  });

  it('without a runner is simulateGemm of each', () => {
    const spec = { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'wrap' } as const;
    const inputs = [3, 4].map((seed): GemmInput => ({ ...randomOperands(spec, 9, 10, 11, seed), pe: spec, dataflow: 'ws', rows: 4, cols: 4 }));
    simulateGemms(inputs).forEach((run, i) => expectSameRun(run, simulateGemm(inputs[i]!)));
  });
});

describe('float64 reference products split by rows', () => {
  it('give the bits of one run, with the kernel and on the JS loop, whatever order the shares run in', () => {
    let x = 12345;
    // Values with zeros (skipped products) and mixed signs, so any change of the sums' order would show in the bits.
    const values = (n: number) => Float64Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % 7 === 0 ? 0 : (x / 2 ** 31 - 0.5) * 10 ** ((x % 9) - 4)));
    for (const [m, k, n, threads] of [
      [97, 512, 520, 3],
      [5, 2048, 2048, 2],
      [8, 16, 16, 2],
    ] as const) {
      const a = { rows: m, cols: k, data: values(m * k) };
      const b = { rows: k, cols: n, data: values(k * n) };
      for (const kernel of [kernelBytes, undefined]) {
        useMacKernel(kernel);
        const want = referenceGemm(a, b);
        let shares = 0;
        const runner = inThreadRunner(() => [], [2, 0, 1], threads);
        useFoldRunner({ ...runner, rows: (tasks) => ((shares = tasks.length), runner.rows(tasks)) });
        expect(referenceGemm(a, b)).toEqual(want);
        useFoldRunner(undefined);
        expect(shares).toBe(m * k * n >= threads << 23 ? threads : 0);
      }
    }
  });
});

describe('splitting a plan', () => {
  it('covers every fold once, in order, and warms up from a fold that wrote what the range reads', () => {
    for (const df of ['os', 'ws', 'is'] as const) {
      const plan = planFolds(df, 197, 768, 2304, 32, 32);
      for (const parts of [1, 2, 3, 8]) {
        const ranges: FoldRange[] = splitFolds(plan, parts);
        expect(ranges[0]!.from).toBe(0);
        expect(ranges.at(-1)!.to).toBe(plan.folds);
        ranges.forEach((r, i) => i > 0 && expect(r.from).toBe(ranges[i - 1]!.to));
        // Cuts fall on a column fold's second fold: one fold of warm-up.
        ranges.slice(1).forEach((r) => expect(r.from - r.warm).toBe(1));
      }
    }
  });

  it('runs small GEMMs and one thread whole', () => {
    expect(rangesFor(planFolds('os', 16, 16, 16, 4, 4), 4)).toHaveLength(1);
    expect(rangesFor(planFolds('os', 197, 768, 2304, 32, 32), 1)).toHaveLength(1);
    expect(rangesFor(planFolds('os', 197, 768, 2304, 32, 32), 2)).toHaveLength(2);
  });
});
