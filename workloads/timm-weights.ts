// Weights of a timm ViT from safetensors tensors, with shapes checked against the model (docs/workloads.md): the
// attention of block i, a whole encoder block, or the whole model. A missing or misshapen tensor is named in the error.
import { InputError } from '../core/input-error.js';
import type { Tensor } from '../io/safetensors.js';
import type { AttentionWeights } from './attention-block.js';
import { MLP_RATIO, type EncoderWeights } from './encoder-weights.js';
import { PATCH_DIM } from './patches.js';
import type { BlockShape } from './presets.js';
import type { VitWeights } from './vit-model.js';

/** The blocks a file has tensors of (the i of blocks.{i}.*), in the file's order. */
export function timmBlocks(tensors: Map<string, Tensor>): string[] {
  return [...new Set([...tensors.keys()].map((k) => /^blocks\.(\d+)\./.exec(k)?.[1]).filter((x) => x !== undefined))];
}

/** A tensor's data, checked against its shape; optional tensors (biases) give undefined when absent. */
function reader(tensors: Map<string, Tensor>, file: string, dim: number) {
  function get(name: string, shape: number[]): Float64Array;
  function get(name: string, shape: number[], optional: true): Float64Array | undefined;
  function get(name: string, shape: number[], optional = false): Float64Array | undefined {
    const t = tensors.get(name);
    if (!t) {
      if (optional) return undefined;
      const blocks = timmBlocks(tensors);
      throw new InputError(`${file}: tensor ${name} not found${blocks.length ? `; the file has blocks ${blocks.join(', ')}` : '; no timm blocks.{i}.attn tensors in the file'}`);
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new InputError(`${file}: tensor ${name} has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}] for dim ${dim}`);
    }
    return t.data;
  }
  return get;
}

/** Block i's attention; norm1 defaults to γ = 1, β = 0 when absent (the attention input is taken as post-LayerNorm). */
export function timmAttentionWeights(tensors: Map<string, Tensor>, block: number, dim: number, file: string, norm1Required = false): AttentionWeights {
  const get = reader(tensors, file, dim);
  const p = `blocks.${block}.`;
  const D = dim;
  const normWeight = norm1Required ? get(`${p}norm1.weight`, [D]) : get(`${p}norm1.weight`, [D], true);
  return {
    qkvWeight: { rows: 3 * D, cols: D, data: get(`${p}attn.qkv.weight`, [3 * D, D]) },
    qkvBias: get(`${p}attn.qkv.bias`, [3 * D], true) ?? new Float64Array(3 * D),
    projWeight: { rows: D, cols: D, data: get(`${p}attn.proj.weight`, [D, D]) },
    projBias: get(`${p}attn.proj.bias`, [D], true) ?? new Float64Array(D),
    normWeight: normWeight ?? new Float64Array(D).fill(1),
    normBias: get(`${p}norm1.bias`, [D], true) ?? new Float64Array(D),
  };
}

/** Block i whole: its attention with norm1, norm2 and the MLP (biases default to zero). */
export function timmEncoderWeights(tensors: Map<string, Tensor>, block: number, dim: number, file: string): EncoderWeights {
  const get = reader(tensors, file, dim);
  const p = `blocks.${block}.`;
  const [D, hidden] = [dim, MLP_RATIO * dim];
  return {
    ...timmAttentionWeights(tensors, block, dim, file, true),
    norm2Weight: get(`${p}norm2.weight`, [D]),
    norm2Bias: get(`${p}norm2.bias`, [D], true) ?? new Float64Array(D),
    fc1Weight: { rows: hidden, cols: D, data: get(`${p}mlp.fc1.weight`, [hidden, D]) },
    fc1Bias: get(`${p}mlp.fc1.bias`, [hidden], true) ?? new Float64Array(hidden),
    fc2Weight: { rows: D, cols: hidden, data: get(`${p}mlp.fc2.weight`, [D, hidden]) },
    fc2Bias: get(`${p}mlp.fc2.bias`, [D], true) ?? new Float64Array(D),
  };
}

/** The whole model: patch embedding, class token, position embedding, `blocks` blocks, the final norm and the head. */
export function timmVitWeights(tensors: Map<string, Tensor>, shape: BlockShape, blocks: number, file: string): VitWeights {
  const get = reader(tensors, file, shape.dim);
  const { tokens: T, dim: D } = shape;
  const classes = tensors.get('head.weight')?.shape[0] ?? 1000;
  return {
    patchWeight: { rows: D, cols: PATCH_DIM, data: get('patch_embed.proj.weight', [D, 3, 16, 16]) },
    patchBias: get('patch_embed.proj.bias', [D], true) ?? new Float64Array(D),
    embeddings: { classToken: get('cls_token', [1, 1, D]), position: { rows: T, cols: D, data: get('pos_embed', [1, T, D]) } },
    norm: { weight: get('norm.weight', [D]), bias: get('norm.bias', [D], true) ?? new Float64Array(D) },
    headWeight: { rows: classes, cols: D, data: get('head.weight', [classes, D]) },
    headBias: get('head.bias', [classes], true) ?? new Float64Array(classes),
    blocks: Array.from({ length: blocks }, (_, i) => timmEncoderWeights(tensors, i, D, file)),
  };
}

/** Infers dim from blocks.{i}.attn.qkv.weight, for files whose model is not a preset. */
export function timmDim(tensors: Map<string, Tensor>, block: number): number | undefined {
  return tensors.get(`blocks.${block}.attn.qkv.weight`)?.shape[1];
}
