// Op descriptors (docs/workloads.md, "Op descriptors"): a workload is a list of them, and each order's executor
// walks the list. Ops read and write tensors by name; the quantized model holds each tensor's quantizer and each
// linear op's weights under the same names.
import type { VectorUnit } from './vector-unit.js';

/** A tensor passed between ops: x, q, k, v, s, p, o, y in the attention block (`blocks.{i}.` before them in a model). */
export type TensorName = string;

/** What part of an encoder block an op belongs to, for the per-block summaries (residual adds, embeddings, head: other). */
export const LAYER_GROUPS = ['attention', 'mlp', 'norm', 'other'] as const;
export type LayerGroup = (typeof LAYER_GROUPS)[number];

interface OpBase {
  name: string;
  group: LayerGroup;
}

/** What an op's output becomes. */
export type OpOutput =
  /** Accumulators with their real scale, for a vector unit (S, read by softmax). */
  | { tensor: TensorName; as: 'accumulators' }
  /** Codes for the next ops; the columns split evenly among `parts` (qkv → q, k, v; default the tensor itself), each with its own quantizer. */
  | { tensor: TensorName; as: 'codes'; parts?: TensorName[] }
  /** The workload's float output: the one dequantization of the after order. */
  | { tensor: TensorName; as: 'float' };

/**
 * input·Wᵀ + b with the weights and bias the quantized model holds under `weights`. Its accumulators have a scale
 * per output channel, so it does not hand them to a vector unit (which takes one scale): its output is codes or float.
 */
export interface LinearOp extends OpBase {
  kind: 'linear';
  input: TensorName;
  weights: string;
  output: Exclude<OpOutput, { as: 'accumulators' }>;
}

/**
 * a·b (or a·bᵀ) divided by `divisor`, one GEMM per image and head: image i takes its block of token rows and head
 * h the h-th column group of it, or the (i·heads + h)-th block of rows of a tensor whose heads are stacked; the
 * outputs are stacked (S) or side by side within their image's rows (O).
 */
export interface MatmulOp extends OpBase {
  kind: 'matmul';
  a: TensorName;
  b: TensorName;
  transposeB: boolean;
  heads: number;
  /** Images stacked along the tokens (--batch): attention stays within an image. */
  images: number;
  joinHeads: 'stack' | 'concat';
  divisor: number;
  output: OpOutput;
}

/**
 * A vector unit beside the array on a GEMM's accumulators or on codes (one input, or two for a residual add), its
 * output quantized to codes or, at the end of the after order, dequantized to float.
 */
export interface VectorOp extends OpBase {
  kind: 'vector';
  unit: VectorUnit;
  inputs: TensorName[];
  output: { tensor: TensorName; as: 'codes' | 'float' };
  /** Read only each image's class token: the first of every `classTokenOf` rows (the final norm before the head). */
  classTokenOf?: number;
}

export type OpDescriptor = LinearOp | MatmulOp | VectorOp;
