// The attention block in either operand order (docs/workloads.md): its op list walked by the order's executor.
//   before: codes are dequantized to the float PE's format at the array edge, float MACs, requantized after
//           each op (float multiply, round, clamp);
//   after:  codes go straight into integer PEs; bias in the accumulator domain; zero points corrected exactly
//           with rank-1 terms; integer requantization (fixed-point multiply and shift) between ops; one
//           dequantization at the end.
// Both execute the same quantized model (QuantModel). Every op carries its edge and vector-unit operations.
import type { Matrix } from '../core/matrix.js';
import { accuracyOf, type Accuracy } from '../sim/accuracy.js';
import type { OpResult } from '../sim/op-result.js';
import type { ArraySetup, Order } from './array-setup.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { attentionOps, attentionReference } from './attention-ops.js';
import { AFTER } from './execute-after.js';
import { BEFORE } from './execute-before.js';
import { executeOps } from './execute-ops.js';
import type { OrderExecutor } from './executor.js';
import type { RequantCheck } from './requantize.js';
import { codeOf, quantizerOf, type QuantModel } from './quant-model.js';
import { mapMatrix, tensorOf, type Tensors } from './tensors.js';

export { AFTER_PES, ORDERS, type AfterPe, type ArraySetup, type Order } from './array-setup.js';
export type { RequantCheck } from './requantize.js';

export const EXECUTORS: Record<Order, OrderExecutor> = { before: BEFORE, after: AFTER };

export interface AttentionRun {
  order: Order;
  ops: OpResult[];
  y: Matrix;
  accuracy: Accuracy;
  checks: RequantCheck[];
}

/** The block input as codes of its quantizer, the first tensor of the op list. */
export function blockInputs(block: AttentionBlock, qm: QuantModel): Tensors {
  const q = quantizerOf(qm, 'x');
  return new Map([['x', { kind: 'codes', codes: mapMatrix(block.x, (v) => codeOf(q, v)), quantizer: q, stackedHeads: 1 }]]);
}

export function runAttention(block: AttentionBlock, ref: ReferenceForward, qm: QuantModel, order: Order, setup: ArraySetup): AttentionRun {
  const run = executeOps(attentionOps(block.shape), EXECUTORS[order], blockInputs(block, qm), { model: qm, reference: attentionReference(block, ref), setup });
  const y = tensorOf(run.tensors, 'y', 'float').values;
  return { order, ops: run.ops, y, accuracy: accuracyOf(y.data, ref.y.data), checks: run.checks };
}
