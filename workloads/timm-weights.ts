// Attention weights of block i of a timm ViT from safetensors tensors, with shapes checked against the block.
import { InputError } from '../core/input-error.js';
import type { Tensor } from '../io/safetensors.js';
import type { AttentionWeights } from './attention-block.js';

export function timmAttentionWeights(tensors: Map<string, Tensor>, block: number, dim: number, file: string): AttentionWeights {
  const get = (suffix: string, shape: number[], optional = false): Float64Array | undefined => {
    const name = `blocks.${block}.${suffix}`;
    const t = tensors.get(name);
    if (!t) {
      if (optional) return undefined;
      const blocks = [...new Set([...tensors.keys()].map((k) => /^blocks\.(\d+)\./.exec(k)?.[1]).filter((x) => x !== undefined))];
      throw new InputError(`${file}: tensor ${name} not found${blocks.length ? `; the file has blocks ${blocks.join(', ')}` : '; no timm blocks.{i}.attn tensors in the file'}`);
    }
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new InputError(`${file}: tensor ${name} has shape [${t.shape.join(', ')}]; expected [${shape.join(', ')}] for dim ${dim}`);
    }
    return t.data;
  };
  const D = dim;
  return {
    qkvWeight: { rows: 3 * D, cols: D, data: get('attn.qkv.weight', [3 * D, D])! },
    qkvBias: get('attn.qkv.bias', [3 * D], true) ?? new Float64Array(3 * D),
    projWeight: { rows: D, cols: D, data: get('attn.proj.weight', [D, D])! },
    projBias: get('attn.proj.bias', [D], true) ?? new Float64Array(D),
    normWeight: get('norm1.weight', [D], true) ?? new Float64Array(D).fill(1),
    normBias: get('norm1.bias', [D], true) ?? new Float64Array(D),
  };
}

/** Infers dim from blocks.{i}.attn.qkv.weight, for files whose model is not a preset. */
export function timmDim(tensors: Map<string, Tensor>, block: number): number | undefined {
  return tensors.get(`blocks.${block}.attn.qkv.weight`)?.shape[1];
}
