// The JS loops the engines fall back on without the WebAssembly kernel (a bundle without it, the sources outside
// the tests) give the kernel's results bit for bit: outputs, every counter and energy, and the reference GEMM.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataflow, floatSpec, intSpec } from './arbitraries.js';
import kernelBytes from '../dataflow/mac-kernel-bytes.js';
import { kernelFits, kernelTakes, useMacKernel } from '../dataflow/mac-kernel.js';
import { createPe, peSpecFromName } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';

function withoutKernel<T>(f: () => T): T {
  useMacKernel(undefined);
  try {
    return f();
  } finally {
    useMacKernel(kernelBytes);
  }
}

describe('the MAC kernel in tests', () => {
  it('is compiled in (vitest.config.ts), so the engines take it; without it they take the JS loops', () => {
    const int8 = createPe(peSpecFromName('int8'), 64);
    expect(kernelBytes).toBeInstanceOf(Uint8Array);
    expect(kernelTakes(int8, 64)).toBe(true);
    expect(withoutKernel(() => kernelTakes(int8, 64))).toBe(false);
  });
});

describe('JS loops = WebAssembly kernel', () => {
  it('on random GEMMs the kernel takes: every field of the result and counter, every output bit and per-PE energy', () => {
    fc.assert(
      fc.property(
        fc.record({
          dataflow,
          m: fc.integer({ min: 1, max: 30 }),
          k: fc.integer({ min: 1, max: 30 }),
          n: fc.integer({ min: 1, max: 30 }),
          rows: fc.integer({ min: 1, max: 9 }),
          cols: fc.integer({ min: 1, max: 9 }),
          spec: fc.oneof(intSpec(true), floatSpec),
          seed: fc.integer({ min: 0, max: 2 ** 31 }),
          gating: fc.constantFrom('valid' as const, 'none' as const),
        }),
        ({ dataflow, m, k, n, rows, cols, spec, seed, gating }) => {
          const pe = spec as PeSpec;
          fc.pre(kernelFits(createPe(pe, k), k));
          const { a, b } = randomOperands(pe, m, k, n, seed);
          const input = { a, b, pe, dataflow, rows, cols, gating, engine: 'fast' as const };
          const kernel = simulateGemm(input);
          const js = withoutKernel(() => simulateGemm(input));
          expect(js.result).toEqual(kernel.result);
          expect(js.counters).toEqual(kernel.counters);
          expect(js.output.data.every((v, i) => Object.is(v, kernel.output.data[i]))).toBe(true);
          for (const key of ['registers', 'multiplier', 'adder', 'clock', 'leakage', 'total'] as const) {
            expect(js.energy[key].every((v, i) => Object.is(v, kernel.energy[key][i]))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const value = fc.oneof(
    fc.double({ noNaN: false }),
    fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, 1),
    fc.integer({ min: -100, max: 100 }),
  );
  it('the float64 reference GEMM, bit for bit (odd widths, zeros, infinities, NaN, subnormals)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.infiniteStream(value), (m, k, n, values) => {
        const a = matrix(m, k, [...values.take(m * k)]);
        const b = matrix(k, n, [...values.take(k * n)]);
        const want = withoutKernel(() => referenceGemm(a, b)).data;
        expect(referenceGemm(a, b).data.every((v, i) => Object.is(v, want[i]))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
