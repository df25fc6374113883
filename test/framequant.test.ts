// FrameQuant (arXiv 2403.06082): the transform is a tight (Parseval) fusion frame, 2-bit weights in frame space
// beat 2-bit uniform per-channel weights on the layer output, and the dequant-after run carries the transform GEMMs.
import { describe, expect, it } from 'vitest';
import { closedFormCycles, planFolds } from '../dataflow/fold-plan.js';
import { accuracyOf } from '../sim/accuracy.js';
import { transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { syntheticBlock } from '../workloads/attention-block.js';
import { runVitJob } from '../workloads/vit-job.js';
import { PRESETS, type BlockShape } from '../workloads/presets.js';
import { denseWeights, frameQuantize, frameWeights, type FrameClip } from '../workloads/quant/framequant.js';
import { frameOperator, fusionFrame } from '../workloads/quant/fusion-frame.js';
import { calibrateUniform, dequantizeUniform, quantizeUniform, type Calibration } from '../workloads/quant/uniform.js';

const maxAbsDiffFromIdentity = (s: Matrix) => {
  let worst = 0;
  for (let i = 0; i < s.rows; i++) for (let j = 0; j < s.cols; j++) worst = Math.max(worst, Math.abs((s.data[i * s.cols + j] as number) - (i === j ? 1 : 0)));
  return worst;
};

describe('the fusion frame', () => {
  it.each([
    // dim, requested redundancy, frame vectors p = ⌈8r⌉·d/8
    [64, 1.0, 64],
    [192, 1.0, 192],
    [192, 1.1, 216],
    [384, 1.1, 432],
    [768, 1.1, 864],
    [96, 1.5, 144],
    [64, 2.0, 128],
  ])('d = %i, r = %f: p = %i and the frame operator TᵀT is the identity to 1e-6', (dim, r, p) => {
    const f = fusionFrame(dim, r, 3);
    expect(f.size).toBe(p);
    expect(f.transform.rows).toBe(p);
    expect(maxAbsDiffFromIdentity(frameOperator(f))).toBeLessThan(1e-6);
  });

  it('each subspace block has orthogonal rows of equal norm: a scaled projection onto an l-dimensional subspace', () => {
    const f = fusionFrame(96, 1.1, 5);
    const { subspaces: k, subspaceDim: l, dim: d } = f;
    expect([k, l]).toEqual([9, 12]);
    for (let j = 0; j < k; j++) {
      const block = { rows: l, cols: d, data: f.transform.data.slice(j * l * d, (j + 1) * l * d) };
      const gram = referenceGemm(block, transpose(block));
      const c = gram.data[0] as number;
      expect(c).toBeGreaterThan(0.5);
      for (let a = 0; a < l; a++) for (let b = 0; b < l; b++) expect(gram.data[a * l + b]).toBeCloseTo(a === b ? c : 0, 12);
    }
  });

  it('the random signs come from the seed: same seed, same bits; another seed, another frame', () => {
    expect(fusionFrame(64, 1.1, 9).transform.data).toEqual(fusionFrame(64, 1.1, 9).transform.data);
    expect(fusionFrame(64, 1.1, 9).transform.data).not.toEqual(fusionFrame(64, 1.1, 10).transform.data);
  });

  it.each([
    [100, 1.1, /dim 100 is not allowed; the fusion frame needs a multiple of 8/],
    [64, 0.9, /--redundancy: 0.9 is not allowed; allowed 1.0 to 2.0/],
    [64, Number.NaN, /--redundancy: NaN is not allowed/],
  ])('rejects dim %i, redundancy %f', (dim, r, message) => {
    expect(() => fusionFrame(dim, r, 1)).toThrow(message);
  });
});

describe('2-bit FrameQuant weights', () => {
  const shape = PRESETS['deit-tiny']!;
  const block = syntheticBlock(shape, 1);
  const relL2 = (got: Matrix, want: Matrix) => accuracyOf(got.data, want.data).relL2;
  // Output error of a layer x·Ŵᵀ against x·Wᵀ, for uniform per-channel (symmetric, as the simulator quantizes
  // weights) and for FrameQuant with the like-for-like clipping rule.
  const layers: [string, Matrix, Matrix][] = [
    ['qkv', block.weights.qkvWeight, block.x],
    ['proj', block.weights.projWeight, block.x],
  ];
  const cases: [Calibration, FrameClip][] = [
    ['minmax', 'sigma'],
    ['mse', 'mse'],
  ];

  it.each(layers.flatMap(([name, w, x]) => cases.map(([cal, clip]) => [name, cal, clip, w, x] as const)))(
    '%s layer: FrameQuant (%s vs %s clipping) has lower output error than uniform per-channel',
    (name, calibration, clip, w, x) => {
      const want = referenceGemm(x, transpose(w));
      const wT = transpose(w);
      const uq = calibrateUniform(wT, { bits: 2, symmetric: true, perChannel: true, calibration });
      const uniformErr = relL2(referenceGemm(x, dequantizeUniform(uq, quantizeUniform(uq, wT))), want);
      for (const r of [1.0, 1.1]) {
        const fq = frameQuantize(w, fusionFrame(w.cols, r, 1), 2, clip);
        const frameErr = relL2(referenceGemm(x, denseWeights(fq)), want);
        console.log(`${name} ${calibration}: uniform per-channel relL2 ${uniformErr.toFixed(4)}, FrameQuant r=${r} (${clip}) ${frameErr.toFixed(4)}`);
        expect(frameErr).toBeLessThan(uniformErr);
      }
    },
  );

  it('redundancy lowers the error: r = 1.1 beats r = 1.0 (the frame discards the noise outside R^d)', () => {
    const w = block.weights.qkvWeight;
    const want = referenceGemm(block.x, transpose(w));
    const err = (r: number) => relL2(referenceGemm(block.x, denseWeights(frameQuantize(w, fusionFrame(w.cols, r, 1), 2))), want);
    expect(err(1.1)).toBeLessThan(err(1.0));
  });

  it('the codes are 2-bit, levels symmetric about zero, and frame space computes the same layer as the dense weights', () => {
    const w = block.weights.projWeight;
    const fq = frameQuantize(w, fusionFrame(w.cols, 1.1, 2), 2);
    expect(new Set(fq.codes.data)).toEqual(new Set([0, 1, 2, 3]));
    expect(fq.zero).toBe(1.5);
    const inFrame = referenceGemm(referenceGemm(block.x, transpose(fq.frame.transform)), frameWeights(fq));
    expect(accuracyOf(inFrame.data, referenceGemm(block.x, denseWeights(fq)).data).relL2).toBeLessThan(1e-12);
  });
});

describe('FrameQuant attention run', () => {
  const shape: BlockShape = { name: 'small', tokens: 40, dim: 64, heads: 2 };
  const out = runVitJob({
    scope: 'attention',
    images: 1,
    shape,
    orders: ['before', 'after'],
    quant: { wbits: 2, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax', wquant: 'framequant', redundancy: 1.1 },
    setup: { rows: 8, cols: 8, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float' },
    seed: 1,
    config: {},
    version: 'test',
  });
  const after = out.results.after!;
  const p = 72;

  it('dequant-after runs a transform GEMM before each FrameQuant layer, at the closed-form cycles', () => {
    expect(after.ops.map((op) => op.name)).toEqual(['qkv-frame', 'qkv', 'qk', 'softmax', 'pv', 'proj-frame', 'proj']);
    const transform = after.ops[0]!;
    expect([transform.m, transform.k, transform.n]).toEqual([40, 64, p]);
    expect(transform.cycles).toBe(closedFormCycles(planFolds('os', 40, 64, p, 8, 8)));
    expect(transform.energyPj.total).toBeGreaterThan(0);
    expect(after.ops[1]!.k).toBe(p);
    expect(after.ops[6]!.k).toBe(p);
  });

  it('dequant-before multiplies the rebuilt dense weights: five ops, K = d', () => {
    const before = out.results.before!;
    expect(before.ops.map((op) => op.name)).toEqual(['qkv', 'qk', 'softmax', 'pv', 'proj']);
    expect(before.ops[0]!.k).toBe(64);
  });

  it('both orders execute the same quantized model, and the integer requantizations stay within one code', () => {
    expect(accuracyOf(out.runs.before!.y.data, out.runs.after!.y.data).cosine).toBeGreaterThan(0.999);
    const checks = out.runs.after!.checks;
    expect(checks.map((c) => c.name)).toEqual(['qkv-frame', 'qkv', 'pv', 'proj-frame']);
    for (const c of checks) expect(c.maxGap).toBeLessThanOrEqual(1);
  });
});
