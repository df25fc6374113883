// What every dataflow engine shares: the PE model, the plan, the gating mode, the counters and the traffic observer.
import type { PeModel } from '../pe/pe-model.js';
import type { Datapath } from './datapath.js';
import type { FoldPlan } from './fold-plan.js';
import type { FoldRange } from './for-each-fold.js';
import type { PeCounters } from './pe-counters.js';
import type { TrafficObserver } from './traffic.js';

/** valid: idle registers hold (clock-gated); none: they load zero every cycle; zero: valid, and a zero operand isolates the multiplier and adder. */
export const GATINGS = ['valid', 'none', 'zero'] as const;
export type Gating = (typeof GATINGS)[number];

export interface ArrayRun {
  pe: PeModel;
  /** The GEMM, the array (plan.rows × plan.cols) and the folds the engine runs. */
  plan: FoldPlan;
  gating: Gating;
  counters: PeCounters;
  datapath: Datapath;
  /** Told, per fold, the words read from and written to the edge buffers (SRAM). */
  traffic: TrafficObserver;
  /** Called after every cycle with the register contents; only tests and debugging set it (it allocates). */
  trace?: (snapshot: RegisterSnapshot) => void;
  /** Overflows of the edge adders that sum K-fold partial results (WS, IS). */
  edgeOverflows: { count: number };
  /** Only these folds (the fast engines; sim/fold-parallel.ts merges the ranges); every fold without it. */
  range?: FoldRange;
}

/** The value every PE's A-operand, B-operand and accumulator register holds after a cycle, and toggles so far. */
export interface RegisterSnapshot {
  cycle: number;
  /** 'load' on a cycle the stationary words shifted (in the pipelined array a stream may run beside the load). */
  phase: 'load' | 'stream';
  a: number[];
  b: number[];
  acc: number[];
  /** Pipelined WS/IS: the shadow registers the load writes. */
  shadow?: number[];
  toggles: { aReg: number[]; bReg: number[]; accReg: number[]; shadowReg: number[] };
}

export function snapshot(
  run: ArrayRun,
  cycle: number,
  phase: 'load' | 'stream',
  aVal: Float64Array,
  aIdx: Int32Array,
  bVal: Float64Array,
  bIdx: Int32Array,
  shIdx?: Int32Array,
  shVal?: Float64Array,
): RegisterSnapshot {
  const t = run.counters.toggles;
  return {
    cycle,
    phase,
    a: Array.from(aIdx, (i) => aVal[i] as number),
    b: Array.from(bIdx, (i) => bVal[i] as number),
    acc: Array.from(run.datapath.acc),
    ...(shIdx && shVal && { shadow: Array.from(shIdx, (i) => shVal[i] as number) }),
    toggles: { aReg: Array.from(t.aReg), bReg: Array.from(t.bReg), accReg: Array.from(t.accReg), shadowReg: Array.from(run.counters.shadowReg) },
  };
}

/** The out-of-range sum of an inlined int accumulate, through the PE's own wrap/saturate (which counts the event). */
export function intOverflow(pe: PeModel, sum: number): number {
  const r = pe.int!;
  return pe.add(sum > r.accMax ? r.accMax : r.accMin, sum > r.accMax ? sum - r.accMax : sum - r.accMin);
}

/**
 * The bottom row's partial sum for output element o leaves the array: the first K-fold writes it, later K-folds
 * add it to the buffer in the PE's arithmetic (a read-modify-write; overflows are the edge adder's).
 */
export function emitOutput(run: ArrayRun, out: Float64Array, o: number, value: number, firstFold: boolean): void {
  if (firstFold) {
    out[o] = value;
  } else {
    const pe = run.pe;
    const before = pe.overflows;
    out[o] = pe.add(out[o] as number, value);
    run.edgeOverflows.count += pe.overflows - before;
  }
}
