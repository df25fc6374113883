// Gating zero (operand isolation, docs/power-model.md): a zero operand holds the multiplier and the accumulator.
// Outputs equal valid gating's, the fast engine reproduces the reference engine, gated MACs are the products with a
// zero operand, and the energy falls with zeros and rises by the detectors' cost alone without them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeSpec } from '../pe/pe-model.js';
import type { Matrix } from '../core/matrix.js';
import { sumOf } from '../dataflow/pe-counters.js';
import { rng } from '../core/random.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { floatSpec, gemmOnArray, intSpec, lutSpec, seed, shiftSpec } from './arbitraries.js';

/** m with every element zeroed with probability 1/every (seeded). */
function withZeros(m: Matrix, every: number): Matrix {
  const next = rng(every);
  return { ...m, data: m.data.map((v) => (next() * every < 1 ? 0 : v)) };
}

describe('gating zero', () => {
  it('fast engine = reference engine on sparse operands: every field and every output bit', () => {
    fc.assert(
      fc.property(fc.record({ ...gemmOnArray(40, 12), spec: fc.oneof(intSpec(true), floatSpec, shiftSpec, lutSpec), seed, every: fc.integer({ min: 2, max: 4 }) }), ({ dataflow, m, k, n, rows, cols, spec, seed, every }) => {
        const pe = spec as PeSpec;
        const ops = randomOperands(pe, m, k, n, seed);
        const [a, b] = pe.kind === 'lut' ? [ops.a, ops.b] : [withZeros(ops.a, every), withZeros(ops.b, every + 1)];
        const ref = simulateGemm({ a, b, pe, dataflow, rows, cols, gating: 'zero', engine: 'reference' });
        const fast = simulateGemm({ a, b, pe, dataflow, rows, cols, gating: 'zero', engine: 'fast' });
        expect(fast.result).toEqual(ref.result);
        expect(fast.output.data.every((v, i) => Object.is(v, ref.output.data[i]))).toBe(true);
      }),
      { numRuns: 250 },
    );
  });

  it('computes what valid gating computes, and gates exactly the products with a zero operand', () => {
    fc.assert(
      fc.property(fc.record({ ...gemmOnArray(30, 8), spec: fc.oneof(intSpec(true), floatSpec), seed }), ({ dataflow, m, k, n, rows, cols, spec, seed }) => {
        const pe = spec as PeSpec;
        const ops = randomOperands(pe, m, k, n, seed);
        const [a, b] = [withZeros(ops.a, 2), withZeros(ops.b, 3)];
        const valid = simulateGemm({ a, b, pe, dataflow, rows, cols });
        const zero = simulateGemm({ a, b, pe, dataflow, rows, cols, gating: 'zero' });
        expect(Array.from(zero.output.data)).toEqual(Array.from(valid.output.data));
        expect(zero.result.macs).toBe(valid.result.macs);
        let products = 0;
        // Float +0 is the all-zero word; −0 is not detected.
        const zeroWord = (v: number) => Object.is(v, 0);
        for (let i = 0; i < m; i++) for (let kk = 0; kk < k; kk++) for (let j = 0; j < n; j++) if (zeroWord(a.data[i * k + kk]!) || zeroWord(b.data[kk * n + j]!)) products++;
        expect(zero.result.gatedMacs).toBe(products);
        expect(sumOf(zero.counters.gatedMacs)).toBe(products);
      }),
      { numRuns: 80 },
    );
  });

  it.each(['os', 'ws', 'is'] as const)('%s: with half the operands zero, every computing PE spends less; without zeros, exactly the detectors more', (df) => {
    const spec: PeSpec = { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, overflow: 'wrap' };
    const { a, b } = randomOperands(spec, 48, 64, 48, 5);
    // No zeros: shift the codes away from 0.
    const dense = { a: { ...a, data: a.data.map((v) => (v === 0 ? 1 : v)) }, b: { ...b, data: b.data.map((v) => (v === 0 ? 1 : v)) } };
    const noZeros = [simulateGemm({ ...dense, pe: spec, dataflow: df, rows: 8, cols: 8 }), simulateGemm({ ...dense, pe: spec, dataflow: df, rows: 8, cols: 8, gating: 'zero' })] as const;
    const perMac = DEFAULT_TECH.coefficients.zeroDetectBit.value * 16;
    noZeros[1].result.perPe.energyPj.forEach((e, p) => expect(e - noZeros[0].result.perPe.energyPj[p]!).toBeCloseTo((perMac * noZeros[0].result.perPe.macs[p]!) / 1000, 9));
    expect(noZeros[1].result.gatedMacs).toBe(0);
    const half = { a: withZeros(a, 2), b: withZeros(b, 2) };
    const sparse = [simulateGemm({ ...half, pe: spec, dataflow: df, rows: 8, cols: 8 }), simulateGemm({ ...half, pe: spec, dataflow: df, rows: 8, cols: 8, gating: 'zero' })] as const;
    sparse[1].result.perPe.energyPj.forEach((e, p) => {
      if (sparse[0].result.perPe.macs[p]! > 0) expect(e).toBeLessThan(sparse[0].result.perPe.energyPj[p]!);
    });
    const fraction = sparse[1].result.gatedMacs! / sparse[1].result.macs;
    expect(fraction).toBeGreaterThan(0.7); // 1 − (1/2)²
  });

});
