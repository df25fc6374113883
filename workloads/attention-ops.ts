// The ViT attention block as an op list (docs/workloads.md): qkv = X·Wqkvᵀ + b split into Q, K, V; per image and head
// S = Q·Kᵀ/√dh, P = softmax(S), O = P·V; Y = O·Wprojᵀ + b_proj, the block's float output (or, inside an encoder
// block, codes for the residual add).
import type { Matrix } from '../core/matrix.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { joinHeads } from './heads.js';
import type { LinearOp, OpDescriptor, TensorName } from './ops.js';
import type { BlockShape } from './presets.js';
import { SOFTMAX } from './softmax-unit.js';

/** Where an op list sits in a workload: its names (`blocks.{i}.` before them in a model) and the images along the tokens. */
export interface Placement {
  name: (local: string) => string;
  images: number;
}

export const ALONE: Placement = { name: (n) => n, images: 1 };

export function attentionOps(shape: BlockShape, at: Placement = ALONE, output: LinearOp['output'] = { tensor: 'y', as: 'float' }): OpDescriptor[] {
  const { heads } = shape;
  const { name: n, images } = at;
  const dh = shape.dim / heads;
  const group = 'attention';
  return [
    { kind: 'linear', name: n('qkv'), group, input: n('x'), weights: n('qkv'), output: { tensor: n('qkv'), as: 'codes', parts: [n('q'), n('k'), n('v')] } },
    { kind: 'matmul', name: n('qk'), group, a: n('q'), b: n('k'), transposeB: true, heads, images, joinHeads: 'stack', divisor: Math.sqrt(dh), output: { tensor: n('s'), as: 'accumulators' } },
    { kind: 'vector', name: n('softmax'), group, unit: SOFTMAX, inputs: [n('s')], output: { tensor: n('p'), as: 'codes' } },
    { kind: 'matmul', name: n('pv'), group, a: n('p'), b: n('v'), transposeB: false, heads, images, joinHeads: 'concat', divisor: 1, output: { tensor: n('o'), as: 'codes' } },
    { kind: 'linear', name: n('proj'), group, input: n('o'), weights: n('proj'), output },
  ];
}

/** The block's float64 forward pass under the ops' tensor names, heads stacked as the ops stack them; `y` is proj's output. */
export function attentionReference(block: AttentionBlock, ref: ReferenceForward, name: (local: string) => string = ALONE.name, y = 'y'): Map<TensorName, Matrix> {
  return new Map([
    [name('x'), block.x],
    [name('qkv'), ref.qkv],
    [name('s'), joinHeads(ref.heads.map((h) => h.s), 'stack')],
    [name('p'), joinHeads(ref.heads.map((h) => h.p), 'stack')],
    [name('o'), ref.o],
    [name(y), ref.y],
  ]);
}
