// The memory system around the array: three double-buffered operand buffers (A, B, C = SCALE-Sim's IFMAP, FILTER,
// OFMAP) and a DRAM interface. A memory model turns a GEMM's fold plan (what the array demands, fold by fold) into
// buffer and DRAM traffic and stall cycles. It needs shapes only, never operand values (docs/memory.md).
import type { FoldPlan } from '../dataflow/fold-plan.js';

/** `scalesim` reproduces SCALE-Sim v2's policies exactly; `tiled` is a buffer a designer would build (docs/memory.md). */
export const MEMORY_MODES = ['scalesim', 'tiled'] as const;
export type MemoryMode = (typeof MEMORY_MODES)[number];

export type Operand = 'a' | 'b' | 'c';

/** `calc`: no stalls, the bandwidth needed is reported; a number: DRAM words per cycle, stalls counted. */
export type Bandwidth = 'calc' | number;

export interface MemoryConfig {
  mode: MemoryMode;
  /** Capacity of each operand buffer in kB (1 kB = 1024 bytes), both halves of the double buffer together. */
  sramKb: Record<Operand, number>;
  /** Banks per buffer (SCALE-Sim's MemoryBanks). */
  banks: number;
  bandwidth: Bandwidth;
  /** DRAM technology: an entry of the technology file's `dram` table. */
  dram: string;
}

/** Bit widths of one element of each operand as the buffers hold it (C holds accumulator words). */
export interface OperandWidths {
  aBits: number;
  bBits: number;
  accBits: number;
}

export interface AccessCount {
  reads: number;
  writes: number;
}

/** What one GEMM's memory system did; counts in elements (words) and, alongside, in bits. */
export interface MemoryReport {
  mode: MemoryMode;
  sramKb: Record<Operand, number>;
  bandwidth: Bandwidth;
  /** The DRAM technology the traffic is priced at. */
  dramTech: string;
  /** The array's cycles with every operand ready when wanted. */
  computeCycles: number;
  /** Cycles the array waits for DRAM (0 in calc mode). */
  stallCycles: number;
  /** Array ↔ buffer accesses per operand. */
  sram: Record<Operand, AccessCount>;
  /** DRAM ↔ buffer traffic: A and B are read from DRAM, C written to it. */
  dram: { a: { reads: number }; b: { reads: number }; c: { writes: number } };
  /** The same counts in bits. */
  sramBits: Record<Operand, AccessCount>;
  dramBits: { a: { reads: number }; b: { reads: number }; c: { writes: number } };
  /** DRAM words per cycle needed to run without stalls (calc), or used on average (a given bandwidth); per operand and total. */
  bandwidthNeeded: Record<Operand, number> & { total: number };
}

/** One memory mode: a pure function of the plan, the configuration and the operand widths. */
export type MemoryModel = (plan: FoldPlan, config: MemoryConfig, widths: OperandWidths) => MemoryReport;
