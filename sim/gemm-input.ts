// What one GEMM simulation takes (sim/simulate-gemm.ts runs it; a fold runner's tasks carry it to other threads).
import type { Matrix } from '../core/matrix.js';
import type { Gating, RegisterSnapshot } from '../dataflow/array-run.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import type { Micro } from '../dataflow/micro.js';
import type { TrafficObserver } from '../dataflow/traffic.js';
import type { MemoryConfig } from '../memory/memory-model.js';
import type { PeSpec } from '../pe/pe-model.js';
import type { OpKind } from './op-result.js';
import type { Tech } from './tech.js';

export interface GemmInput {
  a: Matrix;
  b: Matrix;
  pe: PeSpec | string;
  dataflow: DataflowName;
  rows: number;
  cols: number;
  tech?: Tech;
  gating?: Gating;
  /** `simple` (default) or `pipelined` (docs/microarchitecture.md). */
  micro?: Micro;
  clockMhz?: number;
  name?: string;
  kind?: OpKind;
  /** Per-cycle register snapshots (reference engine only; slow, for tests and debugging). */
  trace?: (snapshot: RegisterSnapshot) => void;
  /** `fast` (default) computes the counters from the operand streams; `reference` steps every register. */
  engine?: EngineName;
  /** Compare the output with a float64 GEMM of the inputs (default true); callers with their own reference skip it. */
  accuracy?: boolean;
  /** Told every fold's edge-buffer traffic, besides the result's totals (a memory model; tests). */
  traffic?: TrafficObserver;
  /** Buffers and DRAM around the array (docs/memory.md): stall cycles, traffic, SRAM and DRAM energy. Absent: edge buffers at a flat price, no stalls. */
  memory?: MemoryConfig;
}

export const ENGINES = ['fast', 'reference'] as const;
export type EngineName = (typeof ENGINES)[number];
