// The memory a GEMM simulation needs at its peak, estimated from its shape before anything is allocated, so a run
// too large for the machine is refused with a message instead of dying in an allocation (or swapping for hours).
// An upper bound, within about 2× of the measured peak (test/memory-budget.test.ts). Bytes per element:
//   of A and B: the float64 operands 8, their words (value, pattern, partial-product row and popcount) 17, the fast
//     engine's stream ids and per-position stream words 15, the WebAssembly kernel's or float64 reference's copy 8;
//   of C: the output 8, the kernel's sums 4, the .npy copy 8, IS's transposed output 8, the reference product 16;
//   per PE: counters, energies, datapath state and the result's JSON arrays, PER_PE.
// On more threads (fold ranges, sim/fold-parallel.ts) both operands are copied once into shared memory, and every
// thread beyond the first has its own heap and builds its own words of the operand a range does not cut (A in OS and
// WS, B in IS).
import type { DataflowName } from '../dataflow/fold-plan.js';
import type { EngineName } from './simulate-gemm.js';

export interface GemmSize {
  m: number;
  k: number;
  n: number;
  rows: number;
  cols: number;
  dataflow: DataflowName;
  engine: EngineName;
  /** Whether the output is checked against a float64 reference product (simulateGemm's accuracy). */
  reference: boolean;
  /** Threads its folds may be split over (--jobs); 1 when absent. */
  threads?: number;
}

const PER_PE = 1024;
/** A worker thread's own heap: its isolate, the simulator's bundle and its kernel instance (measured ≈ 10 MB idle). */
const THREAD_BYTES = 16 * 2 ** 20;

/** Typed arrays hold at most 2^32 elements; the WebAssembly kernel addresses 4 GiB. */
const MAX_ARRAY = 2 ** 32;
const KERNEL_BYTES = 2 ** 32;

export function gemmBytes(s: GemmSize): number {
  const words = 17 + (s.engine === 'fast' ? 15 : 0) + 8;
  const perOutput = 8 + 4 + 8 + (s.dataflow === 'is' ? 8 : 0) + (s.reference ? 16 : 0);
  const operands = s.m * s.k + s.k * s.n;
  const uncut = s.dataflow === 'is' ? s.k * s.n : s.m * s.k;
  const threads = s.engine === 'fast' ? (s.threads ?? 1) : 1;
  const split = threads > 1 ? 8 * operands + (threads - 1) * (words * uncut + THREAD_BYTES) : 0;
  return (8 + words) * operands + perOutput * s.m * s.n + PER_PE * s.rows * s.cols + split;
}

/** Why the engine cannot hold this GEMM at any budget (an array or the kernel's memory too large), if it cannot. */
export function gemmBeyondEngine(s: GemmSize): string | undefined {
  const largest = Math.max(s.m * s.k, s.k * s.n, s.m * s.n);
  if (largest >= MAX_ARRAY) return `a matrix of ${largest} values, and arrays hold fewer than 2^32`;
  const [operands, outputs] = [s.m * s.k + s.k * s.n, s.m * s.n];
  const kernel = Math.max(s.engine === 'fast' ? 8 * operands + 4 * outputs : 0, s.reference ? 8 * (operands + outputs) : 0);
  if (kernel > KERNEL_BYTES) return `${formatBytes(kernel)} of WebAssembly kernel memory, and the kernel addresses 4 GB`;
  return undefined;
}

/** Bytes in binary units with three significant digits: 1.50 GB is 1.5·2^30 bytes. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  while (bytes >= 1024 ** (i + 1) && i < units.length - 1) i++;
  return i === 0 ? `${bytes} bytes` : `${Number((bytes / 1024 ** i).toPrecision(3))} ${units[i]}`;
}
