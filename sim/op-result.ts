// One op's JSON-ready result (docs/result-schema.md) and the one factory that builds it, so that every op (a GEMM,
// several GEMMs merged, a vector unit) has the same keys in the same order and owns its arrays.
import type { Gating } from '../dataflow/array-run.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import { TOGGLE_COUNTERS, type ToggleCounter } from '../dataflow/pe-counters.js';
import type { Accuracy } from './accuracy.js';
import type { AreaUm2 } from './area.js';
import type { EdgeCounts } from './edge-units.js';
import { ENERGY_COMPONENTS, type EnergyComponent } from './power-model.js';

export type OpKind = 'gemm' | 'linear' | 'matmul' | 'vector';
export type EnergyKey = EnergyComponent | 'sram' | 'edge' | 'total';
const ENERGY_KEYS: readonly EnergyKey[] = [...ENERGY_COMPONENTS, 'sram', 'edge', 'total'];

export interface SramTraffic {
  reads: number;
  writes: number;
  readBits: number;
  writeBits: number;
}

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
  /** How many GEMMs of this shape the op stands for (one per head for attention matmuls). */
  instances: number;
  folds: number;
  cycles: number;
  macs: number;
  utilization: number;
  overflows: { pe: number; edge: number };
  toggles: Record<ToggleCounter, number>;
  energyPj: Record<EnergyKey, number>;
  /** Operations of the units outside the array (dequant, requant, softmax), charged in energyPj.edge. */
  edge: EdgeCounts;
  perPe: {
    energyPj: number[];
    macs: number[];
    activeCycles: number[];
    toggles: Record<ToggleCounter, number[]>;
  };
  sram: SramTraffic;
  accuracy: Accuracy;
  /** The op's hardware: its PE, the edge units it needs, the array (completed by assembleResult, sim/result.ts). */
  areaUm2: AreaUm2;
}

/** What the PE array did during an op: totals and per-PE counters (typed arrays or plain ones). */
export interface ArrayActivity {
  macs: number;
  overflows: { pe: number; edge: number };
  toggles: Record<ToggleCounter, number>;
  energyPj: Record<EnergyKey, number>;
  perPe: {
    energyPj: ArrayLike<number>;
    macs: ArrayLike<number>;
    activeCycles: ArrayLike<number>;
    toggles: Record<ToggleCounter, ArrayLike<number>>;
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
  const energyPj = {} as Record<EnergyKey, number>;
  for (const key of ENERGY_KEYS) energyPj[key] = f.energyPj[key];
  const accuracy = f.accuracy ?? UNMEASURED;
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
    instances: f.instances ?? 1,
    folds: f.folds,
    cycles: f.cycles,
    macs: f.macs,
    utilization: utilization(f.macs, f.cycles, f.rows, f.cols),
    overflows: { pe: f.overflows.pe, edge: f.overflows.edge },
    toggles: byCounter((t) => f.toggles[t]),
    energyPj,
    edge: { ...f.edge },
    perPe: {
      energyPj: toArray(f.perPe.energyPj),
      macs: toArray(f.perPe.macs),
      activeCycles: toArray(f.perPe.activeCycles),
      toggles: byCounter((t) => toArray(f.perPe.toggles[t])),
    },
    sram: { reads: f.sram.reads, writes: f.sram.writes, readBits: f.sram.readBits, writeBits: f.sram.writeBits },
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
