// A vector unit beside the array (softmax now; LayerNorm, GELU, residual adds next): what it computes on a GEMM's
// accumulators and what it costs per operation. A vector op names its unit, so a new unit needs no executor change.
import type { Matrix } from '../core/matrix.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import type { ArraySetup, Order } from './array-setup.js';

export interface VectorFunction {
  /** Float units take fp32 values; integer units take integers, float inputs rounded onto a grid of `step`. */
  input: { kind: 'float' } | { kind: 'int'; step: number };
  /** f(scale·x) as real values, and the unit's operation counts (charged to the op as edge energy). */
  apply(x: Matrix, scale: number): { out: Matrix; counts: EdgeCounts };
}

export interface VectorUnit {
  /** The arithmetic the unit uses in a run: chosen by an option (softmax), or by the operand order. */
  implementation(setup: ArraySetup, order: Order): VectorFunction;
}
