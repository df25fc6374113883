// The ViT attention block as an op list (docs/workloads.md): qkv = X·Wqkvᵀ + b split into Q, K, V; per head
// S = Q·Kᵀ/√dh, P = softmax(S), O = P·V; Y = O·Wprojᵀ + b_proj, the block's float output.
import type { Matrix } from '../core/matrix.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { joinHeads } from './heads.js';
import type { OpDescriptor, TensorName } from './ops.js';
import type { BlockShape } from './presets.js';
import { SOFTMAX } from './softmax-unit.js';

export function attentionOps(shape: BlockShape): OpDescriptor[] {
  const { heads } = shape;
  const dh = shape.dim / heads;
  const group = 'attention';
  return [
    { kind: 'linear', name: 'qkv', group, input: 'x', weights: 'qkv', output: { tensor: 'qkv', as: 'codes', parts: ['q', 'k', 'v'] } },
    { kind: 'matmul', name: 'qk', group, a: 'q', b: 'k', transposeB: true, heads, images: 1, joinHeads: 'stack', divisor: Math.sqrt(dh), output: { tensor: 's', as: 'accumulators' } },
    { kind: 'vector', name: 'softmax', group, unit: SOFTMAX, inputs: ['s'], output: { tensor: 'p', as: 'codes' } },
    { kind: 'matmul', name: 'pv', group, a: 'p', b: 'v', transposeB: false, heads, images: 1, joinHeads: 'concat', divisor: 1, output: { tensor: 'o', as: 'codes' } },
    { kind: 'linear', name: 'proj', group, input: 'o', weights: 'proj', output: { tensor: 'y', as: 'float' } },
  ];
}

/** The block's float64 forward pass under the ops' tensor names, heads stacked as the ops stack them. */
export function attentionReference(block: AttentionBlock, ref: ReferenceForward): Map<TensorName, Matrix> {
  return new Map([
    ['x', block.x],
    ['qkv', ref.qkv],
    ['s', joinHeads(ref.heads.map((h) => h.s), 'stack')],
    ['p', joinHeads(ref.heads.map((h) => h.p), 'stack')],
    ['o', ref.o],
    ['y', ref.y],
  ]);
}
