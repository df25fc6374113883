// The array the workload runs on and the choices of each operand order: float PE format (dequant-before), integer
// PE kind (dequant-after), softmax unit, engine.
import type { Matrix } from '../core/matrix.js';
import type { Gating } from '../dataflow/array-run.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import type { Micro } from '../dataflow/micro.js';
import type { MemoryConfig } from '../memory/memory-model.js';
import type { PeSpec } from '../pe/pe-model.js';
import { simulateGemm, type EngineName, type GemmInput, type GemmRun, type OpKind } from '../sim/simulate-gemm.js';
import type { Tech } from '../sim/tech.js';
import type { SoftmaxKind } from './softmax.js';

export const ORDERS = ['before', 'after'] as const;
export type Order = (typeof ORDERS)[number];
export const AFTER_PES = ['int', 'shift', 'lut'] as const;
export type AfterPe = (typeof AFTER_PES)[number];

export interface ArraySetup {
  rows: number;
  cols: number;
  dataflow: DataflowName;
  gating: Gating;
  micro?: Micro;
  tech: Tech;
  clockMhz: number;
  /** Float PE format of the `before` order. */
  floatPe: 'fp16' | 'bf16' | 'fp32';
  softmax: SoftmaxKind;
  engine?: EngineName;
  /**
   * Integer PEs of the dequant-after order: `int` multipliers; `shift` for P·V (V shifted by P's log2/SULQ code,
   * int elsewhere); `lut` lookup tables of code products for every op (codes of at most 4 bits).
   */
  afterPe?: AfterPe;
  /** Buffers and DRAM around the array (docs/memory.md); absent: none. */
  memory?: MemoryConfig;
}

/** One GEMM of an op on the setup's array, as the simulator takes it. */
export function gemmInput(setup: ArraySetup, name: string, kind: OpKind, a: Matrix, b: Matrix, pe: PeSpec): GemmInput {
  // Op accuracy is measured against the workload's own float64 reference, not per GEMM.
  return { a, b, pe, name, kind, dataflow: setup.dataflow, rows: setup.rows, cols: setup.cols, gating: setup.gating, micro: setup.micro ?? 'simple', tech: setup.tech, clockMhz: setup.clockMhz, engine: setup.engine ?? 'fast', accuracy: false, ...(setup.memory && { memory: setup.memory }) };
}

/** One GEMM of an op on the setup's array, run. */
export function gemmOn(setup: ArraySetup, name: string, kind: OpKind, a: Matrix, b: Matrix, pe: PeSpec): GemmRun {
  return simulateGemm(gemmInput(setup, name, kind, a, b, pe));
}
