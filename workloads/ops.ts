// Op descriptors (docs/workloads.md, "Op descriptors"): a workload is a list of them, and each order's executor
// walks the list. Ops read and write tensors by name; the quantized model holds each tensor's quantizer and each
// linear op's weights under the same names.
import type { VectorUnit } from './vector-unit.js';

/** A tensor passed between ops: x, q, k, v, s, p, o, y in the attention block. */
export type TensorName = string;

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
export interface LinearOp {
  kind: 'linear';
  name: string;
  input: TensorName;
  weights: string;
  output: Exclude<OpOutput, { as: 'accumulators' }>;
}

/**
 * a·b (or a·bᵀ) divided by `divisor`, one GEMM per head: head h takes the h-th column group of a tensor, or the
 * h-th block of rows of a tensor whose heads are stacked; the heads' outputs are stacked (S) or side by side (O).
 */
export interface MatmulOp {
  kind: 'matmul';
  name: string;
  a: TensorName;
  b: TensorName;
  transposeB: boolean;
  heads: number;
  joinHeads: 'stack' | 'concat';
  divisor: number;
  output: OpOutput;
}

/** A vector unit on a GEMM's accumulators, its output quantized to codes. */
export interface VectorOp {
  kind: 'vector';
  name: string;
  unit: VectorUnit;
  input: TensorName;
  output: { tensor: TensorName; as: 'codes' };
}

export type OpDescriptor = LinearOp | MatmulOp | VectorOp;
