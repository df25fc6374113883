// I&S-ViT's channel→layer reparameterization of post-LayerNorm activations (arXiv 2311.10126, docs/workloads.md), lossless
// while the weights are float. With per-channel asymmetric scales s and zero points z of X (= n⊙γ + β):
//   s̃ = mean(s), z̃ = round(mean(z)), r1 = s/s̃, r2 = z − z̃;
//   γ̃ = γ/r1, β̃ = (β + s⊙r2)/r1  (so X̃ = (X + s⊙r2)/r1),  W̃ = r1⊙W per input channel,  b̃ = b − (s⊙r2)·Wᵀ.
// Then X̃W̃ᵀ + b̃ = XWᵀ + b, and layer-wise quantization of X̃ with (s̃, z̃) equals channel-wise quantization of X.
import { matrix } from '../core/matrix.js';
import type { AttentionBlock } from './attention-block.js';
import { calibrateUniform, type Calibration } from './quant/uniform.js';

export interface Reparam {
  block: AttentionBlock;
  /** Layer-wise scale and zero point the reparameterized activations quantize with. */
  scale: number;
  zero: number;
  r1: Float64Array;
  r2: Float64Array;
}

export function reparameterize(block: AttentionBlock, bits: number, calibration: Calibration = 'minmax'): Reparam {
  const { x, weights: w } = block;
  const D = x.cols;
  const perChannel = calibrateUniform(x, { bits, symmetric: false, perChannel: true, calibration });
  const s = perChannel.scale;
  const z = perChannel.zero;
  const scale = s.reduce((a, b) => a + b, 0) / D;
  const zero = Math.round(z.reduce((a, b) => a + b, 0) / D);
  const r1 = Float64Array.from(s, (v) => v / scale);
  const r2 = Float64Array.from(z, (v) => v - zero);
  const shift = Float64Array.from(s, (v, c) => v * (r2[c] as number));
  const xt = matrix(x.rows, D);
  for (let i = 0; i < x.data.length; i++) xt.data[i] = ((x.data[i] as number) + (shift[i % D] as number)) / (r1[i % D] as number);
  const qkvWeight = matrix(w.qkvWeight.rows, D);
  const qkvBias = Float64Array.from(w.qkvBias);
  for (let o = 0; o < w.qkvWeight.rows; o++) {
    for (let c = 0; c < D; c++) {
      const wc = w.qkvWeight.data[o * D + c] as number;
      qkvWeight.data[o * D + c] = wc * (r1[c] as number);
      qkvBias[o]! -= (shift[c] as number) * wc;
    }
  }
  return {
    block: {
      shape: block.shape,
      x: xt,
      weights: {
        ...w,
        qkvWeight,
        qkvBias,
        normWeight: Float64Array.from(w.normWeight, (g, c) => g / (r1[c] as number)),
        normBias: Float64Array.from(w.normBias, (b, c) => (b + (shift[c] as number)) / (r1[c] as number)),
      },
    },
    scale,
    zero,
    r1,
    r2,
  };
}
