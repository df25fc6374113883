// The integer vector units of the dequant-after order against the float ones, on the ranges a block produces
// (docs/workloads.md, "Vector units"): I-BERT's integer LayerNorm within its documented bound, i-GELU within its
// polynomial's 1.82e-2 plus 2^−15·|x|; the integer square root exact; the fp32 units within fp32 rounding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../core/matrix.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { ArraySetup, Order } from '../workloads/array-setup.js';
import { encoderBlock } from '../workloads/encoder-block.js';
import { syntheticEncoderWeights, syntheticResidual } from '../workloads/encoder-weights.js';
import { erf, gelu, GELU, polynomialGelu } from '../workloads/gelu.js';
import { integerSqrt, layerNorm, layerNormUnit, type NormParams } from '../workloads/layer-norm.js';
import { PRESETS } from '../workloads/presets.js';
import { codeOf, valueOf, wideQuantizer, type QuantSettings } from '../workloads/quant-model.js';
import { mapMatrix } from '../workloads/tensors.js';
import type { UnitInput, UnitOutput, VectorUnit } from '../workloads/vector-unit.js';

const setup: ArraySetup = { rows: 8, cols: 8, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float' };
const quant: QuantSettings = { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax', reparam: false };
const shape = PRESETS['deit-tiny']!;
const weights = syntheticEncoderWeights(shape, 1, 0);
const x0 = syntheticResidual(shape, 1, 1);
const reference = encoderBlock({ shape, at: { name: (n) => n, images: 1 }, weights, input: { name: 'in', ref: x0 }, quant, layer: 0, last: 'float' }).reference;

/** A tensor of the block as the 16-bit codes the vector units read: the integer unit's input, and the values the codes stand for. */
function asCodes(m: Matrix): { int: UnitInput; values: Matrix } {
  const q = wideQuantizer(m, quant);
  const codes = mapMatrix(m, (v) => codeOf(q, v));
  return { int: { x: mapMatrix(codes, (c) => c - (q.zero[0] as number)), scale: q.scale[0] as number }, values: mapMatrix(codes, (c) => valueOf(q, c)) };
}

const maxOf = (xs: Float64Array) => xs.reduce((a, b) => Math.max(a, b), -Infinity);
const apply = (unit: VectorUnit, order: Order, input: UnitInput): UnitOutput => unit.implementation(setup, order).apply([input]);
const realOf = (o: UnitOutput) => mapMatrix(o.out, (v, i) => o.integer!.scale(i % o.out.cols) * v + (o.integer!.offset?.(i % o.out.cols) ?? 0));

describe('integer LayerNorm (I-BERT)', () => {
  const norms: [string, NormParams][] = [
    ['norm1 (outlier channels)', { weight: weights.normWeight, bias: weights.normBias }],
    ['γ = 1, β = 0', { weight: new Float64Array(shape.dim).fill(1), bias: new Float64Array(shape.dim) }],
  ];
  const inputs: [string, Matrix][] = [
    ['the block input', x0],
    ['residual1', reference.get('r')!],
  ];
  describe.each(inputs)('on %s', (_, m) => {
    const { int, values } = asCodes(m);
    it.each(norms)('%s: within |γ|·(0.5/σ + |ŷ|·(1/std + 1/factor) + 2^-20) of the float64 LayerNorm of the same codes', (_, norm) => {
      const got = realOf(apply(layerNormUnit(norm), 'after', int));
      const want = layerNorm(values, norm);
      const D = m.cols;
      let excess = -Infinity;
      for (let r = 0; r < m.rows; r++) {
        const row = int.x.data.subarray(r * D, (r + 1) * D);
        const mean = row.reduce((a, b) => a + b, 0) / D;
        const sigma = Math.sqrt(row.reduce((a, b) => a + (b - mean) ** 2, 0) / D);
        const std = Math.sqrt(D) * sigma;
        for (let c = 0; c < D; c++) {
          const normalized = ((row[c] as number) - mean) / sigma;
          const bound = Math.abs(norm.weight[c] as number) * (0.5 / sigma + Math.abs(normalized) * (1 / std + std / 2 ** 31) + 2 ** -20);
          excess = Math.max(excess, Math.abs((got.data[r * D + c] as number) - (want.data[r * D + c] as number)) - bound);
        }
      }
      expect(excess).toBeLessThanOrEqual(0);
    });
    it('fp32 LayerNorm is within 1e-5 of float64', () => {
      const norm = norms[0]![1];
      const got = apply(layerNormUnit(norm), 'before', { x: mapMatrix(values, Math.fround), scale: 1 }).out;
      const want = layerNorm(values, norm);
      expect(maxOf(got.data.map((v, i) => Math.abs(v - (want.data[i] as number))))).toBeLessThan(1e-5);
    });
  });

  it('integerSqrt is ⌊√v⌋ for any integer up to 2^50', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (v) => {
        const { root } = integerSqrt(v);
        expect(root * root).toBeLessThanOrEqual(v);
        expect((root + 1) * (root + 1)).toBeGreaterThan(v);
      }),
    );
  });
});

describe('i-GELU (I-BERT)', () => {
  const f = reference.get('f')!;
  const { int, values } = asCodes(f);

  it('erf matches known values to 1e-15', () => {
    for (const [x, want] of [[0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [-3.2, -0.9999939742388483]] as const) expect(Math.abs(erf(x) - want)).toBeLessThan(1e-15);
  });
  it('the polynomial approximation is within 1.82e-2 of GELU everywhere (I-BERT reports 1.8e-2)', () => {
    let worst = 0;
    for (let x = -20; x <= 20; x += 1e-3) worst = Math.max(worst, Math.abs(polynomialGelu(x) - gelu(x)));
    expect(worst).toBeLessThan(1.82e-2);
  });
  it('on fc1’s output range: within 1.82e-2 + 2^−15·|x| of GELU of the same codes', () => {
    const got = realOf(apply(GELU, 'after', int));
    expect(maxOf(values.data.map((x, i) => Math.abs((got.data[i] as number) - gelu(x)) - (1.82e-2 + 2 ** -15 * Math.abs(x))))).toBeLessThanOrEqual(0);
  });
  it('fp32 GELU (Abramowitz–Stegun erf) is within 1e-6 of GELU', () => {
    const got = apply(GELU, 'before', { x: mapMatrix(values, Math.fround), scale: 1 }).out;
    expect(maxOf(values.data.map((x, i) => Math.abs((got.data[i] as number) - gelu(Math.fround(x)))))).toBeLessThan(1e-6);
  });
  it('is integer arithmetic: 16-bit inputs times a 16-bit polynomial give 32-bit integer outputs', () => {
    const o = apply(GELU, 'after', int);
    expect(o.out.data.every((v) => Number.isInteger(v) && Math.abs(v) < 2 ** 31)).toBe(true);
  });
});
