// Quantizers of docs/workloads.md: uniform (fits worked by hand), log2 and SULQ (η search, powers of two minus η).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matrix } from '../core/matrix.js';
import { referenceForward, syntheticBlock } from '../workloads/attention-block.js';
import { PRESETS } from '../workloads/presets.js';
import { log2Prob, squaredError, SULQ_ETAS, sulqProb, sulqWithEta, uniformProb } from '../workloads/quant/prob-quantizer.js';
import { calibrateUniform, dequantizeUniform, quantizeUniform } from '../workloads/quant/uniform.js';

describe('uniform quantizer', () => {
  const x = matrix(2, 3, [-1, 0.5, 2, 0.25, -0.5, 1]);
  it.each([
    // symmetric 8-bit: s = max|x| / 127 = 2/127, codes round(x/s), halves rounded up (−63.5 → −63)
    [{ bits: 8, symmetric: true }, [2 / 127], [0], [-63, 32, 127, 16, -32, 64]],
    // asymmetric 4-bit over [−1, 2]: s = 3/15 = 0.2, z = round(0 − (−1)/0.2) = 5
    [{ bits: 4, symmetric: false }, [0.2], [5], [0, 8, 15, 6, 3, 10]],
    // symmetric 3-bit per column: max|col| = 1, 0.5, 2 → s = 1/3, 0.5/3, 2/3
    [{ bits: 3, symmetric: true, perChannel: true }, [1 / 3, 0.5 / 3, 2 / 3], [0, 0, 0], [-3, 3, 3, 1, -3, 2]],
  ])('%j', (opts, scale, zero, codes) => {
    const q = calibrateUniform(x, opts);
    expect(Array.from(q.scale)).toEqual(scale);
    expect(Array.from(q.zero)).toEqual(zero);
    expect(Array.from(quantizeUniform(q, x).data)).toEqual(codes);
  });
  it('reconstruction error is at most half a step inside the calibrated range', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 2, maxLength: 50 }), fc.integer({ min: 2, max: 8 }), fc.boolean(), (xs, bits, symmetric) => {
        const m = matrix(1, xs.length, xs);
        const q = calibrateUniform(m, { bits, symmetric });
        const back = dequantizeUniform(q, quantizeUniform(q, m));
        xs.forEach((v, i) => expect(Math.abs(v - (back.data[i] as number))).toBeLessThanOrEqual((q.scale[0] as number) / 2 + 1e-12));
      }),
    );
  });
  it('MSE calibration never does worse than min-max', () => {
    const block = syntheticBlock(PRESETS['deit-tiny']!, 3);
    for (const bits of [3, 4, 6]) {
      const err = (calibration: 'minmax' | 'mse') => {
        const q = calibrateUniform(block.x, { bits, symmetric: true, calibration });
        const back = dequantizeUniform(q, quantizeUniform(q, block.x));
        return block.x.data.reduce((s, v, i) => s + (v - (back.data[i] as number)) ** 2, 0);
      };
      expect(err('mse')).toBeLessThanOrEqual(err('minmax'));
    }
  });
});

describe('log2 quantizer', () => {
  it.each([
    [1, 0],
    [0.5, 1],
    [0.3, 2], // −log2 0.3 = 1.74 → 2
    [0.001, 7], // clamped to 2^3 − 1
    [0, 7],
  ])('x = %d → code %d at 3 bits, value 2^−code', (x, code) => {
    const q = log2Prob(3);
    expect(q.quantize(x)).toBe(code);
    expect(q.values[code]).toBe(2 ** -code);
  });
});

describe('SULQ', () => {
  const block = syntheticBlock(PRESETS['deit-tiny']!, 1);
  const probs = referenceForward(block).heads[0]!.p.data;
  it('the η search picks the η with the lowest squared error', () => {
    for (const bits of [3, 4]) {
      const chosen = sulqProb(bits, probs);
      const errors = SULQ_ETAS.map((eta) => squaredError(sulqWithEta(bits, eta, probs), probs));
      expect(squaredError(chosen, probs)).toBe(Math.min(...errors));
    }
  });
  it('dequantized values are exact powers of two minus η', () => {
    const q = sulqProb(4, probs);
    q.values.forEach((v, c) => {
      const e = q.exponents![c]!;
      expect(Number.isInteger(e)).toBe(true);
      expect(v).toBe(2 ** e - q.eta);
    });
  });
  it.each([3, 4])('on softmax rows it beats log2 at %i bits', (bits) => {
    expect(squaredError(sulqProb(bits, probs), probs)).toBeLessThan(squaredError(log2Prob(bits), probs));
  });
  it('uniform probabilities: code = round(x·(2^b − 1))', () => {
    const q = uniformProb(4);
    expect([q.quantize(0), q.quantize(0.5), q.quantize(1), q.quantize(1 / 15)]).toEqual([0, 8, 15, 1]);
  });
});
