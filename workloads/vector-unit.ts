// A vector unit beside the array (softmax, LayerNorm, GELU, residual adds, the position embedding): what it computes
// on accumulators or codes and what it costs per operation. A vector op names its unit, so a new unit needs no
// executor change.
import type { Matrix } from '../core/matrix.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import type { ArraySetup, Order } from './array-setup.js';

/** One input of a unit: its real value is scale·x (x holds fp32 values for a float unit, integers for an integer one). */
export interface UnitInput {
  x: Matrix;
  scale: number;
}

/** Integer outputs: the real value of column c is scale(c)·out + offset(c) (a LayerNorm folds γ into the scale, β into the offset). */
export interface IntegerScale {
  scale: (c: number) => number;
  offset?: (c: number) => number;
}

export interface UnitOutput {
  /** Real values (float units; probabilities), or integers in units of `integer`. */
  out: Matrix;
  integer?: IntegerScale;
  /** The unit's operation counts, charged to the op as edge energy. */
  counts: EdgeCounts;
}

export interface VectorFunction {
  /** Float units take fp32 values; integer units take integers, float accumulators rounded onto a grid of `step` (units that read only codes have none). */
  input: { kind: 'float' } | { kind: 'int'; step?: number };
  apply(inputs: UnitInput[]): UnitOutput;
}

export interface VectorUnit {
  /** The arithmetic the unit uses in a run: chosen by an option (softmax), or by the operand order. */
  implementation(setup: ArraySetup, order: Order): VectorFunction;
}
