// I&S-ViT's channel→layer reparameterization of post-LayerNorm activations (arXiv 2311.10126, docs/workloads.md), lossless
// while the weights are float. With per-channel asymmetric scales s and zero points z of X (= n⊙γ + β):
//   s̃ = mean(s), z̃ = round(mean(z)), r1 = s/s̃, r2 = z − z̃;
//   γ̃ = γ/r1, β̃ = (β + s⊙r2)/r1  (so X̃ = (X + s⊙r2)/r1),  W̃ = r1⊙W per input channel,  b̃ = b − (s⊙r2)·Wᵀ.
// Then X̃W̃ᵀ + b̃ = XWᵀ + b, and layer-wise quantization of X̃ with (s̃, z̃) equals channel-wise quantization of X.
// It applies to every LayerNorm and the linear layer reading it (norm1 → qkv, norm2 → fc1).
import { matrix, type Matrix } from '../core/matrix.js';
import type { AttentionBlock } from './attention-block.js';
import type { NormParams } from './layer-norm.js';
import { calibrateUniform, type Calibration } from './quant/uniform.js';

/** A LayerNorm and the linear layer that reads its output (W: out × in). */
export interface NormLinear {
  norm: NormParams;
  weight: Matrix;
  bias: Float64Array;
}

export interface Reparam {
  /** X̃, the reparameterized LayerNorm output. */
  x: Matrix;
  pair: NormLinear;
  /** Layer-wise scale and zero point the reparameterized activations quantize with. */
  scale: number;
  zero: number;
  r1: Float64Array;
  r2: Float64Array;
}

/** Reparameterizes a LayerNorm and its linear layer from the LayerNorm's float output x. */
export function reparameterizePair(x: Matrix, p: NormLinear, bits: number, calibration: Calibration = 'minmax'): Reparam {
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
  const weight = matrix(p.weight.rows, D);
  const bias = Float64Array.from(p.bias);
  for (let o = 0; o < p.weight.rows; o++) {
    for (let c = 0; c < D; c++) {
      const wc = p.weight.data[o * D + c] as number;
      weight.data[o * D + c] = wc * (r1[c] as number);
      bias[o]! -= (shift[c] as number) * wc;
    }
  }
  const norm = {
    weight: Float64Array.from(p.norm.weight, (g, c) => g / (r1[c] as number)),
    bias: Float64Array.from(p.norm.bias, (b, c) => (b + (shift[c] as number)) / (r1[c] as number)),
  };
  return { x: xt, pair: { norm, weight, bias }, scale, zero, r1, r2 };
}

/** The attention block's norm1 → qkv pair reparameterized, with its input X̃. */
export function reparameterize(block: AttentionBlock, bits: number, calibration: Calibration = 'minmax'): Reparam & { block: AttentionBlock } {
  const w = block.weights;
  const r = reparameterizePair(block.x, { norm: { weight: w.normWeight, bias: w.normBias }, weight: w.qkvWeight, bias: w.qkvBias }, bits, calibration);
  const weights = { ...w, qkvWeight: r.pair.weight, qkvBias: r.pair.bias, normWeight: r.pair.norm.weight, normBias: r.pair.norm.bias };
  return { ...r, block: { shape: block.shape, x: r.x, weights } };
}
