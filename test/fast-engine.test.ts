// Differential test: the fast engine must reproduce the cycle-stepped reference engine exactly: outputs bit for
// bit, every counter, every energy to the last bit, over random shapes, arrays, dataflows, PE kinds and data; and
// its JS loops (a bundle or the sources without the WebAssembly kernel) must reproduce the kernel just as exactly.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floatSpec, gating, gemmOnArray, intSpec, lutSpec, seed, shiftSpec } from './arbitraries.js';
import kernelBytes from '../dataflow/mac-kernel-bytes.js';
import { kernelFits, kernelTakes, useMacKernel } from '../dataflow/mac-kernel.js';
import { createPe, peSpecFromName } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm, type GemmRun } from '../sim/simulate-gemm.js';

/** f() on the engines' JS loops: the kernel switched off for its duration. */
function withoutKernel<T>(f: () => T): T {
  useMacKernel(undefined);
  try {
    return f();
  } finally {
    useMacKernel(kernelBytes);
  }
}

/** Every field of the result, every counter, every output bit and every per-PE energy of `got` equal `want`'s. */
function expectSameRun(got: GemmRun, want: GemmRun): void {
  expect(got.result).toEqual(want.result);
  expect(got.counters).toEqual(want.counters);
  expect(got.output.data.every((v, i) => Object.is(v, want.output.data[i]))).toBe(true);
  for (const key of ['registers', 'multiplier', 'adder', 'clock', 'leakage', 'total'] as const) {
    expect(got.energy[key].every((v, i) => Object.is(v, want.energy[key][i]))).toBe(true);
  }
}

/** The fast engine equals the reference engine, and on its JS loops equals itself on the kernel. */
function expectSameAsReference(input: Parameters<typeof simulateGemm>[0]): void {
  const ref = simulateGemm({ ...input, engine: 'reference' });
  const fast = simulateGemm({ ...input, engine: 'fast' });
  expectSameRun(fast, ref);
  expectSameRun(withoutKernel(() => simulateGemm({ ...input, engine: 'fast' })), fast);
}

describe('the MAC kernel in tests', () => {
  it('is compiled in (vitest.config.ts), so the engines take it; without it they take the JS loops', () => {
    const int8 = createPe(peSpecFromName('int8'), 64);
    expect(kernelBytes).toBeInstanceOf(Uint8Array);
    expect(kernelTakes(int8, 64)).toBe(true);
    expect(withoutKernel(() => kernelTakes(int8, 64))).toBe(false);
  });
});

describe('fast engine = reference engine, gated and ungated', () => {
  it('on random GEMMs: every field of the result and every output bit', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...gemmOnArray(40, 12),
          spec: fc.oneof(intSpec(true), floatSpec, shiftSpec, lutSpec),
          seed,
          sparse: fc.boolean(),
          gating,
        }),
        ({ dataflow, m, k, n, rows, cols, spec, seed, sparse, gating }) => {
          const pe = spec as PeSpec;
          const { a, b } = randomOperands(pe, m, k, n, seed);
          // Sparse A (a LUT's codebook may not hold zero).
          if (sparse && pe.kind !== 'lut') a.data.forEach((_, i) => i % 3 === 0 && (a.data[i] = 0));
          expectSameAsReference({ a, b, pe, dataflow, rows, cols, gating });
        },
      ),
      { numRuns: 300 },
    );
  });
  it('with a memory system: every memory field, the stall cycles and their clock and leakage', () => {
    fc.assert(
      fc.property(
        fc.record({ ...gemmOnArray(30, 8), spec: fc.oneof(intSpec(true), floatSpec), seed, gating, bandwidth: fc.oneof(fc.constant('calc' as const), fc.integer({ min: 1, max: 8 })), banks: fc.integer({ min: 1, max: 4 }) }),
        ({ dataflow, m, k, n, rows, cols, spec, seed, gating, bandwidth, banks }) => {
          const pe = spec as PeSpec;
          const { a, b } = randomOperands(pe, m, k, n, seed);
          expectSameAsReference({ a, b, pe, dataflow, rows, cols, gating, memory: { mode: 'tiled', sramKb: { a: 64, b: 64, c: 64 }, banks, bandwidth, dram: 'hbm2' } });
        },
      ),
      { numRuns: 100 },
    );
  });
  it('with special float values (inf, NaN products, subnormals, signed zeros)', () => {
    const a = matrix(3, 4, [65504, -65504, 6e-8, -0, 1e-5, 2, -3, 65504, 0, 0, 1, -1]);
    const b = matrix(4, 2, [65504, 1, 65504, -1, 1e-7, 0, -0, 3]);
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      for (const [acc, gating] of [['fp32', 'valid'], ['fp16', 'valid'], ['fp32', 'none'], ['fp16', 'none']] as const) {
        const pe: PeSpec = { kind: 'float', format: 'fp16', acc };
        expectSameAsReference({ a, b, pe, dataflow, rows: 2, cols: 2, gating });
      }
    }
  });
});

describe('the WebAssembly MAC kernel = reference engine', () => {
  // PEs the kernel takes: int with narrow (overflowing, wrapping or saturating) accumulators, fp32-acc floats;
  // shapes with partial eight-column chunks, rows of several chunks and several folds each way.
  const kernelSpec = fc.oneof(
    fc.record({
      kind: fc.constant('int' as const),
      aBits: fc.integer({ min: 2, max: 8 }),
      bBits: fc.integer({ min: 2, max: 8 }),
      aSigned: fc.boolean(),
      bSigned: fc.boolean(),
      overflow: fc.constantFrom('wrap' as const, 'saturate' as const),
      accBits: fc.integer({ min: 4, max: 30 }),
    }),
    floatSpec.map((s) => ({ ...s, acc: 'fp32' as const })),
  );
  it('on random GEMMs the kernel runs: every field of the result and every output bit', () => {
    fc.assert(
      fc.property(
        fc.record({
          ...gemmOnArray(30, 17),
          spec: kernelSpec,
          seed,
          gating,
        }),
        ({ dataflow, m, k, n, rows, cols, spec, seed, gating }) => {
          const pe = spec as PeSpec;
          // Only PEs whose |acc| + |product| fits an i32 lane reach the kernel; the others are the first test's.
          fc.pre(kernelFits(createPe(pe, k), k));
          const { a, b } = randomOperands(pe, m, k, n, seed);
          expectSameAsReference({ a, b, pe, dataflow, rows, cols, gating });
        },
      ),
      { numRuns: 200 },
    );
  });
  it('in each lane type, on rows of two full eight-column chunks and a partial one', () => {
    // i16 lanes: int8, int4 × uint8 (12-bit product patterns). i32 lanes: uint8 (products above 2^15); int8 with
    // accumulators that overflow (14 bits) or may (17 bits: OS and full K-folds checked, the last 2-row K-fold
    // in i16 lanes, so PEs change lane type between folds). f32 lanes: fp16 and bf16 (raw bits), fp32 with an
    // inf · 0 that makes some chunks and rows run again with canonical NaN.
    const specs: PeSpec[] = [
      peSpecFromName('int8'),
      { kind: 'int', aBits: 4, bBits: 8, aSigned: true, bSigned: false, overflow: 'wrap' },
      { kind: 'int', aBits: 8, bBits: 8, aSigned: false, bSigned: false, overflow: 'wrap' },
      { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'saturate', accBits: 14 },
      { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'wrap', accBits: 17 },
      { kind: 'float', format: 'fp16', acc: 'fp32' },
      { kind: 'float', format: 'bf16', acc: 'fp32' },
      { kind: 'float', format: 'fp32', acc: 'fp32' },
    ];
    for (const pe of specs) {
      const { a, b } = randomOperands(pe, 21, 42, 37, 11);
      if (pe.kind === 'float' && pe.format === 'fp32') {
        a.data[3 * 42 + 5] = Infinity;
        b.data[5 * 37 + 20] = 0;
      }
      for (const dataflow of ['os', 'ws', 'is'] as const) expectSameAsReference({ a, b, pe, dataflow, rows: 5, cols: 17 });
    }
  });
  it('with fp32 overflow to infinity and NaN sums (inf − inf, inf · 0), whose patterns are canonical', () => {
    const a = matrix(3, 3, [3e38, 3e38, 1, -3e38, 0, 2, 1e-45, -0, 3e38]);
    const b = matrix(3, 5, [3e38, 1, 0, -1, 2, -3e38, 1, 1, 2, 3, Infinity, -0, 1e-40, 4, 5]);
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      for (const gating of ['valid', 'none'] as const) {
        expectSameAsReference({ a, b, pe: { kind: 'float', format: 'fp32', acc: 'fp32' }, dataflow, rows: 2, cols: 3, gating });
      }
    }
  });
});

describe('the float64 reference GEMM in the kernel', () => {
  const value = fc.oneof(
    fc.double({ noNaN: false }),
    fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, 1),
    fc.integer({ min: -100, max: 100 }),
  );
  /** On GEMMs of these sizes and values, the kernel's product equals the JS loop's bit for bit. */
  function equalsJsLoop(sizes: [fc.Arbitrary<number>, fc.Arbitrary<number>, fc.Arbitrary<number>], values: fc.Arbitrary<number>, numRuns: number): void {
    fc.assert(
      fc.property(...sizes, fc.infiniteStream(values), (m, k, n, stream) => {
        const a = matrix(m, k, [...stream.take(m * k)]);
        const b = matrix(k, n, [...stream.take(k * n)]);
        const want = withoutKernel(() => referenceGemm(a, b)).data;
        expect(referenceGemm(a, b).data.every((v, i) => Object.is(v, want[i]))).toBe(true);
      }),
      { numRuns },
    );
  }
  it('equals its JS loop bit for bit (odd widths, zeros, infinities, NaN, subnormals)', () => {
    equalsJsLoop([fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 })], value, 500);
  });
  it('equals its JS loop bit for bit across column tiles and two-row, four-k blocks (zeros take the row path)', () => {
    // Mostly dense finite values, so most blocks take the block path; some zeros and specials send others to the rows.
    const dense = fc.oneof({ arbitrary: fc.double({ min: -10, max: 10, noNaN: true }), weight: 12 }, { arbitrary: value, weight: 1 }, { arbitrary: fc.constant(0), weight: 1 });
    equalsJsLoop([fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 120, max: 300 })], dense, 60);
  });
});
