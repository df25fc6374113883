// I&S-ViT channel→layer reparameterization: lossless in float, and layer-wise quantization after it beats naive
// per-tensor quantization of the same activations.
import { describe, expect, it } from 'vitest';
import { accuracyOf } from '../sim/accuracy.js';
import { transpose } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { addBias, referenceForward, syntheticBlock, type AttentionBlock } from '../workloads/attention-block.js';
import { runVitJob } from '../workloads/vit-job.js';
import { PRESETS } from '../workloads/presets.js';
import { calibrateUniform, dequantizeUniform, quantizeUniform } from '../workloads/quant/uniform.js';
import { reparameterize } from '../workloads/reparam.js';

const blocks: [string, AttentionBlock][] = [
  ['deit-tiny', syntheticBlock(PRESETS['deit-tiny']!, 1)],
  ['custom 40×64, 2 heads, seed 5', syntheticBlock({ name: 'c', tokens: 40, dim: 64, heads: 2 }, 5)],
];

/** qkv output X·Wᵀ + b with X replaced by its per-tensor quantized-dequantized copy. */
function qkvWithQuantizedInput(b: AttentionBlock, bits: number) {
  const q = calibrateUniform(b.x, { bits, symmetric: false });
  const xHat = dequantizeUniform(q, quantizeUniform(q, b.x));
  return addBias(referenceGemm(xHat, transpose(b.weights.qkvWeight)), b.weights.qkvBias);
}

describe.each(blocks)('%s', (_, block) => {
  it('the float block output is the same before and after (1e-5 relative)', () => {
    const before = referenceForward(block).y;
    const after = referenceForward(reparameterize(block, 8).block).y;
    before.data.forEach((v, i) => expect(Math.abs((after.data[i] as number) - v)).toBeLessThanOrEqual(1e-5 * Math.max(1e-3, Math.abs(v))));
  });
  it.each([4, 6, 8])('layer-wise %i-bit quantization after it beats naive per-tensor quantization', (bits) => {
    const exact = referenceForward(block).qkv;
    const naive = accuracyOf(qkvWithQuantizedInput(block, bits).data, exact.data).relL2;
    const layerWise = accuracyOf(qkvWithQuantizedInput(reparameterize(block, bits).block, bits).data, exact.data).relL2;
    expect(layerWise).toBeLessThan(naive);
  });
  it('its layer-wise scale and zero point are the per-channel means', () => {
    const r = reparameterize(block, 8);
    const perChannel = calibrateUniform(block.x, { bits: 8, symmetric: false, perChannel: true });
    expect(r.scale).toBeCloseTo(perChannel.scale.reduce((a, b) => a + b, 0) / block.x.cols, 12);
    expect(Array.from(r.r1).reduce((a, b) => a + b, 0) / block.x.cols).toBeCloseTo(1, 12);
  });
});

describe('end to end', () => {
  it('DeiT-Tiny at W4A4, dequant-after: --reparam raises the block output cosine', () => {
    const run = (reparam: boolean) =>
      runVitJob({
        scope: 'attention',
        images: 1,
        shape: PRESETS['deit-tiny']!,
        orders: ['after'],
        quant: { wbits: 4, abits: 4, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax', reparam },
        setup: { rows: 16, cols: 16, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float' },
        seed: 1,
        config: {},
        version: 'test',
      }).results.after!.accuracy.cosine;
    const [plain, reparam] = [run(false), run(true)];
    console.log(`DeiT-Tiny W4A4 after: cosine ${plain.toFixed(5)} plain, ${reparam.toFixed(5)} reparameterized`);
    expect(reparam).toBeGreaterThan(plain);
  });
});
