// Walks an op list in one operand order (docs/workloads.md, "Executors"): each op reads its input tensors by name,
// runs on the array (linear, matmul: the order's executor) or on a vector unit, and writes its outputs; each op's
// last result gets its accuracy against the float64 reference of its output.
import { untimed, type Phase, type PhaseName } from '../core/phase.js';
import { accuracyOf } from '../sim/accuracy.js';
import type { OpResult } from '../sim/op-result.js';
import { referenceOf, type OrderExecutor, type RunContext } from './executor.js';
import type { OpDescriptor, TensorName } from './ops.js';
import { weightsOf } from './quant-model.js';
import type { RequantCheck } from './requantize.js';
import { tensorOf, type Tensors } from './tensors.js';
import { runVectorOp } from './vector-op.js';

export interface OpsRun {
  ops: OpResult[];
  /** The descriptor each result comes from (FrameQuant's transform and its linear share one). */
  sources: OpDescriptor[];
  tensors: Tensors;
  checks: RequantCheck[];
}

const PHASE_OF: Record<OpDescriptor['kind'], PhaseName> = { linear: 'simulate linear', matmul: 'simulate matmul', vector: 'vector units' };

/** Runs the ops in order; `phase` times each op kind and the accuracy figures (--profile). */
export function executeOps(ops: OpDescriptor[], executor: OrderExecutor, inputs: Tensors, given: Omit<RunContext, 'tensors' | 'checks'>, phase: Phase = untimed): OpsRun {
  const ctx: RunContext = { ...given, tensors: new Map(inputs), checks: [] };
  const results: OpResult[] = [];
  const sources: OpDescriptor[] = [];
  const codes = (name: TensorName) => tensorOf(ctx.tensors, name, 'codes');
  for (const op of ops) {
    const step = phase(PHASE_OF[op.kind], () =>
      op.kind === 'linear'
        ? executor.linear(op, codes(op.input), weightsOf(ctx.model, op.weights), ctx)
        : op.kind === 'matmul'
          ? executor.matmul(op, codes(op.a), codes(op.b), ctx)
          : runVectorOp(op, executor.order, ctx),
    );
    step.results.at(-1)!.accuracy = phase('accuracy', () => accuracyOf(step.measured.data, referenceOf(ctx, op.output.tensor).data));
    results.push(...step.results);
    for (const _ of step.results) sources.push(op);
    for (const [name, tensor] of step.outputs) ctx.tensors.set(name, tensor);
  }
  return { ops: results, sources, tensors: ctx.tensors, checks: ctx.checks };
}
