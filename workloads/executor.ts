// What an order's executor is given and gives back for one op (docs/workloads.md, "Executors").
import type { Matrix } from '../core/matrix.js';
import type { OpResult } from '../sim/op-result.js';
import type { ArraySetup, Order } from './array-setup.js';
import type { LinearOp, MatmulOp, TensorName } from './ops.js';
import type { LinearWeights, QuantModel } from './quant-model.js';
import type { RequantCheck } from './requantize.js';
import type { CodesTensor, Tensor, Tensors } from './tensors.js';

export interface RunContext {
  model: QuantModel;
  /** Float64 values of the tensors the ops read and write, from the unquantized workload. */
  reference: ReadonlyMap<TensorName, Matrix>;
  setup: ArraySetup;
  tensors: Tensors;
  checks: RequantCheck[];
}

/** One op's results (FrameQuant's transform before its linear), its output tensors, and what its accuracy measures. */
export interface OpStep {
  results: OpResult[];
  outputs: [TensorName, Tensor][];
  measured: Matrix;
}

/** What differs between the orders: how ops on the array run, given their operands. Vector ops run alike in both. */
export interface OrderExecutor {
  order: Order;
  linear(op: LinearOp, x: CodesTensor, w: LinearWeights, ctx: RunContext): OpStep;
  matmul(op: MatmulOp, a: CodesTensor, b: CodesTensor, ctx: RunContext): OpStep;
}

export function referenceOf(ctx: RunContext, name: TensorName): Matrix {
  const m = ctx.reference.get(name);
  if (!m) throw new Error(`internal: no float64 reference for tensor "${name}"`);
  return m;
}
