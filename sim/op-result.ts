// One op's JSON-ready result (docs/result-schema.md) and the one factory that builds it, so that every op (a GEMM,
// several GEMMs merged, a vector unit) has the same keys in the same order and owns its arrays.
import type { Gating } from '../dataflow/array-run.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import type { Micro } from '../dataflow/micro.js';
import { TOGGLE_COUNTERS, type ToggleCounter } from '../dataflow/pe-counters.js';
import type { Accuracy } from './accuracy.js';
import type { AreaUm2 } from './area.js';
import type { EdgeCounts } from './edge-units.js';
import { ENERGY_COMPONENTS, type EnergyComponent } from './power-model.js';
import type { MemoryReport } from '../memory/memory-model.js';

export type OpKind = 'gemm' | 'linear' | 'matmul' | 'vector';
export type EnergyKey = EnergyComponent | 'sram' | 'edge' | 'total';
/** Energy by component (pJ); `dram` only when a memory system is simulated. */
export type EnergyPj = Record<EnergyKey, number> & { dram?: number };
const ENERGY_KEYS: readonly EnergyKey[] = [...ENERGY_COMPONENTS, 'sram', 'edge', 'total'];

export interface SramTraffic {
  reads: number;
  writes: number;
  readBits: number;
  writeBits: number;
}

/** Toggle sums by counter; a pipelined array also has its shadow registers'. */
export type Toggles<T> = Record<ToggleCounter, T> & { shadowReg?: T };

export interface OpResult {
  name: string;
  kind: OpKind;
  m: number;
  k: number;
  n: number;
  dataflow: DataflowName;
  rows: number;
  cols: number;
  pe: string;
  gating: Gating;
  /** Present only for the pipelined microarchitecture (absent: simple). */
  micro?: Micro;
  /** How many GEMMs of this shape the op stands for (one per head for attention matmuls). */
  instances: number;
  folds: number;
  cycles: number;
  macs: number;
  /** Gating zero only: MACs a zero operand isolated (they count in macs too). */
  gatedMacs?: number;
  utilization: number;
  overflows: { pe: number; edge: number };
  toggles: Toggles<number>;
  energyPj: EnergyPj;
  /** Operations of the units outside the array (dequant, requant, softmax), charged in energyPj.edge. */
  edge: EdgeCounts;
  perPe: {
    energyPj: number[];
    macs: number[];
    gatedMacs?: number[];
    activeCycles: number[];
    toggles: Toggles<number[]>;
  };
  sram: SramTraffic;
  /** The memory system's traffic and stalls, when one is simulated (docs/memory.md). */
  memory?: MemoryReport;
  accuracy: Accuracy;
  /** The op's hardware: its PE, the edge units it needs, the array (completed by assembleResult, sim/result.ts). */
  areaUm2: AreaUm2;
}

/** What the PE array did during an op: totals and per-PE counters (typed arrays or plain ones). */
export interface ArrayActivity {
  macs: number;
  gatedMacs?: number;
  overflows: { pe: number; edge: number };
  toggles: Toggles<number>;
  energyPj: EnergyPj;
  perPe: {
    energyPj: ArrayLike<number>;
    macs: ArrayLike<number>;
    gatedMacs?: ArrayLike<number>;
    activeCycles: ArrayLike<number>;
    toggles: Toggles<ArrayLike<number>>;
  };
}

/**
 * Everything an op result holds except what follows from it (utilization); edge and instances start at {} and 1,
 * accuracy as not measured (its caller measures it against its own reference), area as none (a unit beside the
 * array uses no PE).
 */
export type OpFields = Omit<OpResult, 'utilization' | 'edge' | 'instances' | 'accuracy' | 'areaUm2' | keyof ArrayActivity> &
  ArrayActivity & { edge?: EdgeCounts; instances?: number; accuracy?: Accuracy; areaUm2?: AreaUm2 };

const UNMEASURED: Accuracy = { cosine: NaN, relL2: NaN, maxAbs: NaN };
const NO_AREA: AreaUm2 = { pe: 0, array: 0, edge: 0 };

export function opResult(f: OpFields): OpResult {
  const energyPj = {} as EnergyPj;
  for (const key of ENERGY_KEYS) {
    energyPj[key] = f.energyPj[key];
    if (key === 'sram' && f.energyPj.dram !== undefined) energyPj.dram = f.energyPj.dram;
  }
  const accuracy = f.accuracy ?? UNMEASURED;
  // The optional fields appear only where their option is not the default, so default results keep their bytes.
  const shadow = f.micro === 'pipelined';
  const gated = f.perPe.gatedMacs !== undefined;
  return {
    name: f.name,
    kind: f.kind,
    m: f.m,
    k: f.k,
    n: f.n,
    dataflow: f.dataflow,
    rows: f.rows,
    cols: f.cols,
    pe: f.pe,
    gating: f.gating,
    ...(shadow && { micro: f.micro }),
    instances: f.instances ?? 1,
    folds: f.folds,
    cycles: f.cycles,
    macs: f.macs,
    ...(gated && { gatedMacs: f.gatedMacs ?? 0 }),
    utilization: utilization(f.macs, f.cycles, f.rows, f.cols),
    overflows: { pe: f.overflows.pe, edge: f.overflows.edge },
    toggles: { ...byCounter((t) => f.toggles[t]), ...(shadow && { shadowReg: f.toggles.shadowReg ?? 0 }) },
    energyPj,
    edge: { ...f.edge },
    perPe: {
      energyPj: toArray(f.perPe.energyPj),
      macs: toArray(f.perPe.macs),
      ...(gated && { gatedMacs: toArray(f.perPe.gatedMacs!) }),
      activeCycles: toArray(f.perPe.activeCycles),
      toggles: { ...byCounter((t) => toArray(f.perPe.toggles[t])), ...(shadow && { shadowReg: toArray(f.perPe.toggles.shadowReg ?? new Float64Array(f.perPe.macs.length)) }) },
    },
    sram: { reads: f.sram.reads, writes: f.sram.writes, readBits: f.sram.readBits, writeBits: f.sram.writeBits },
    ...(f.memory && { memory: structuredClone(f.memory) }),
    accuracy: { cosine: accuracy.cosine, relL2: accuracy.relL2, maxAbs: accuracy.maxAbs },
    areaUm2: { ...(f.areaUm2 ?? NO_AREA) },
  };
}

/** An array that does nothing while a unit outside it works (a vector op): zero counters, only SRAM energy. */
export function idleArray(pes: number, sramPj: number): ArrayActivity {
  const zeros = new Float64Array(pes);
  const energyPj = {} as Record<EnergyKey, number>;
  for (const key of ENERGY_KEYS) energyPj[key] = 0;
  energyPj.sram = sramPj;
  energyPj.total = sramPj;
  return {
    macs: 0,
    overflows: { pe: 0, edge: 0 },
    toggles: byCounter(() => 0),
    energyPj,
    perPe: { energyPj: zeros, macs: zeros, activeCycles: zeros, toggles: byCounter(() => zeros) },
  };
}

/** MACs per PE-cycle; an op without MACs (the array idles) has none. */
export function utilization(macs: number, cycles: number, rows: number, cols: number): number {
  return macs === 0 ? 0 : macs / (cycles * rows * cols);
}

function byCounter<T>(f: (t: ToggleCounter) => T): Record<ToggleCounter, T> {
  const out = {} as Record<ToggleCounter, T>;
  for (const t of TOGGLE_COUNTERS) out[t] = f(t);
  return out;
}

/** A counter array as a plain array for the JSON result (a loop: Array.from is several times slower on typed arrays). */
function toArray(xs: ArrayLike<number>): number[] {
  const a = new Array<number>(xs.length);
  for (let i = 0; i < xs.length; i++) a[i] = xs[i] as number;
  return a;
}
