// A whole ViT as segments (docs/workloads.md): the stem (patch_embed, a 16×16 stride-16 convolution as the GEMM of
// the patches with the flattened kernel, then pos_embed: class token and position embedding), the encoder blocks
// `blocks.{i}.*`, and the head (the final norm on each image's class token, then the classifier).
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { untimed, type Phase } from '../core/phase.js';
import { deriveSeed, normal, rng } from '../core/random.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { addBias, syntheticNorm, truncatedNormal } from './attention-block.js';
import type { Segment } from './encoder-block.js';
import type { EncoderWeights } from './encoder-weights.js';
import { layerNorm, layerNormUnit, type NormParams } from './layer-norm.js';
import { PATCH_DIM } from './patches.js';
import { embed, positionEmbeddingUnit, type Embeddings } from './position-embedding.js';
import type { BlockShape } from './presets.js';
import { activationQuantizer, quantizeLinear, wideQuantizer, type QuantSettings } from './quant-model.js';
import { reparameterizePair } from './reparam.js';
import { classTokens } from './tensors.js';

/** ImageNet classes of the classifier head. */
export const CLASSES = 1000;

/** timm: patch_embed.proj.weight [D × 3 × 16 × 16] as D × 768, .bias; cls_token, pos_embed; norm.*; head.weight [classes × D], .bias. */
export interface StemHeadWeights {
  patchWeight: Matrix;
  patchBias: Float64Array;
  embeddings: Embeddings;
  norm: NormParams;
  headWeight: Matrix;
  headBias: Float64Array;
}

/** A whole model's weights read from a file (synthetic models draw each block's weights when it runs). */
export interface VitWeights extends StemHeadWeights {
  blocks: EncoderWeights[];
}

const STEM_STREAM = 5;

/** Seeded synthetic stem and head: truncated normal σ = 0.02 weights and embeddings (timm's initialization), zero head bias, a final norm like norm1. */
export function syntheticStemHead(shape: BlockShape, seed: number): StemHeadWeights {
  const { tokens: T, dim: D } = shape;
  const next = rng(deriveSeed(seed, STEM_STREAM));
  const gauss = normal(next);
  const w = truncatedNormal(gauss, 0.02);
  const fill = (rows: number, cols: number) => matrix(rows, cols, Float64Array.from({ length: rows * cols }, w));
  return {
    patchWeight: fill(D, PATCH_DIM),
    patchBias: Float64Array.from({ length: D }, w),
    embeddings: { classToken: Float64Array.from({ length: D }, w), position: fill(T, D) },
    norm: syntheticNorm(next, gauss, D),
    headWeight: fill(CLASSES, D),
    headBias: new Float64Array(CLASSES),
  };
}

/** patch_embed (patches·Wᵀ + b, 16-bit codes) and pos_embed (the residual stream entering block 0); `phase` times the forward pass and the quantization. */
export function stemSegment(w: StemHeadWeights, patches: Matrix, quant: QuantSettings, layer: number, phase: Phase = untimed): Segment {
  const [projected, stream] = phase('float64 reference', () => {
    const projected = addBias(referenceGemm(patches, transpose(w.patchWeight)), w.patchBias);
    return [projected, embed(projected, w.embeddings)];
  });
  const model = phase('quantization', () => ({
    settings: quant,
    tensors: new Map([
      ['patch_embed', wideQuantizer(projected, quant)],
      ['embed', wideQuantizer(stream, quant)],
    ]),
    weights: new Map([['patch_embed', quantizeLinear(w.patchWeight, w.patchBias, patches, layer, quant)]]),
  }));
  return {
    ops: [
      { kind: 'linear', name: 'patch_embed', group: 'other', input: 'patches', weights: 'patch_embed', output: { tensor: 'patch_embed', as: 'codes' } },
      { kind: 'vector', name: 'pos_embed', group: 'other', unit: positionEmbeddingUnit(w.embeddings), inputs: ['patch_embed'], output: { tensor: 'embed', as: 'codes' } },
    ],
    model,
    reference: new Map([
      ['patch_embed', projected],
      ['embed', stream],
    ]),
    output: { name: 'embed', ref: stream },
  };
}

/** norm on each image's class token (reparameterized with the head, as every norm → linear pair, with --reparam), then head: the float logits. */
export function headSegment(shape: BlockShape, w: StemHeadWeights, input: { name: string; ref: Matrix }, quant: QuantSettings, layer: number, phase: Phase = untimed): Segment {
  let pair = { norm: w.norm, weight: w.headWeight, bias: w.headBias };
  let normed = phase('float64 reference', () => layerNorm(classTokens(input.ref, shape.tokens), pair.norm));
  if (quant.reparam) ({ x: normed, pair } = phase('quantization', () => reparameterizePair(normed, pair, quant.abits, quant.calibration)));
  const logits = phase('float64 reference', () => addBias(referenceGemm(normed, transpose(pair.weight)), pair.bias));
  const model = phase('quantization', () => ({ settings: quant, tensors: new Map([['norm', activationQuantizer(normed, quant)]]), weights: new Map([['head', quantizeLinear(pair.weight, pair.bias, normed, layer, quant)]]) }));
  return {
    ops: [
      { kind: 'vector', name: 'norm', group: 'norm', unit: layerNormUnit(pair.norm), inputs: [input.name], classTokenOf: shape.tokens, output: { tensor: 'norm', as: 'codes' } },
      { kind: 'linear', name: 'head', group: 'other', input: 'norm', weights: 'head', output: { tensor: 'logits', as: 'float' } },
    ],
    model,
    reference: new Map([
      ['norm', normed],
      ['logits', logits],
    ]),
    output: { name: 'logits', ref: logits },
  };
}
