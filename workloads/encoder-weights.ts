// The weights of one ViT encoder block (timm layout) and their seeded synthetic stand-ins (docs/workloads.md): the
// attention block's, plus norm2 and the MLP (fc1 D → 4D, GELU, fc2 4D → D), and a residual-stream input.
import { matrix, type Matrix } from '../core/matrix.js';
import { deriveSeed, normal, rng } from '../core/random.js';
import { syntheticBlock, syntheticNorm, truncatedNormal, type AttentionWeights } from './attention-block.js';
import type { BlockShape } from './presets.js';

/** The MLP's hidden width is 4·D in every ViT and DeiT. */
export const MLP_RATIO = 4;

/** timm: blocks.{i}.norm2 γ, β [D]; mlp.fc1.weight [4D × D], .bias [4D]; mlp.fc2.weight [D × 4D], .bias [D]. */
export interface EncoderWeights extends AttentionWeights {
  norm2Weight: Float64Array;
  norm2Bias: Float64Array;
  fc1Weight: Matrix;
  fc1Bias: Float64Array;
  fc2Weight: Matrix;
  fc2Bias: Float64Array;
}

/** Streams of a block's synthetic data beyond the attention weights. */
const MLP_STREAM = 2;
const INPUT_STREAM = 3;

/** Block i's seed: block 0 keeps the run's seed, so its attention weights are the attention scope's. */
export const blockSeed = (seed: number, block: number) => (block === 0 ? seed : deriveSeed(seed, 1000 + block));

/**
 * Seeded synthetic encoder block: the synthetic attention block's weights, then norm2 with the same outlier
 * channels as norm1; fc1 rows with log-normal gains, so that unit j's pre-activation has a standard deviation of
 * about e^(0.5·z_j) (median 1, a few units five times wider), and biases N(−0.25, 0.25²), as in trained MLPs whose
 * GELU outputs are mostly small with a long positive tail; fc2 and the biases truncated normal σ = 0.02.
 */
export function syntheticEncoderWeights(shape: BlockShape, seed: number, block: number): EncoderWeights {
  const D = shape.dim;
  const hidden = MLP_RATIO * D;
  const attention = syntheticBlock(shape, blockSeed(seed, block)).weights;
  const next = rng(deriveSeed(blockSeed(seed, block), MLP_STREAM));
  const gauss = normal(next);
  const w = truncatedNormal(gauss, 0.02);
  const norm2 = syntheticNorm(next, gauss, D);
  // A pre-activation sums D products of σ = 0.02·0.88 (the truncation) weights and unit-variance inputs: divide that out.
  const unitGain = 1 / (0.02 * 0.88 * Math.sqrt(D));
  const fc1Weight = matrix(hidden, D);
  for (let j = 0; j < hidden; j++) {
    const gain = unitGain * Math.exp(0.5 * gauss());
    for (let c = 0; c < D; c++) fc1Weight.data[j * D + c] = gain * w();
  }
  const fc1Bias = Float64Array.from({ length: hidden }, () => -0.25 + 0.25 * gauss());
  const fc2Weight = matrix(D, hidden);
  for (let i = 0; i < fc2Weight.data.length; i++) fc2Weight.data[i] = w();
  return { ...attention, norm2Weight: norm2.weight, norm2Bias: norm2.bias, fc1Weight, fc1Bias, fc2Weight, fc2Bias: Float64Array.from({ length: D }, w) };
}

/**
 * A residual-stream input for a single block (B·T × D): channel offsets μ_c ~ N(0, 0.5²) and unit-variance tokens,
 * with ~1% massive channels (offsets ±8 to ±15, as the few huge residual channels of trained ViTs), which set the
 * range the residual stream's 16-bit codes must cover.
 */
export function syntheticResidual(shape: BlockShape, seed: number, images: number): Matrix {
  const { tokens: T, dim: D } = shape;
  const next = rng(deriveSeed(seed, INPUT_STREAM));
  const gauss = normal(next);
  const offset = Float64Array.from({ length: D }, () => 0.5 * gauss());
  for (let i = 0; i < Math.max(1, Math.round(0.01 * D)); i++) offset[Math.floor(next() * D)] = (8 + 7 * next()) * (next() < 0.5 ? -1 : 1);
  const x = matrix(images * T, D);
  for (let i = 0; i < x.data.length; i++) x.data[i] = (offset[i % D] as number) + gauss();
  return x;
}
