// The versioned result object of a run (docs/result-schema.md): resolved config, one entry per op, totals and accuracy.
import type { Accuracy } from './accuracy.js';
import { arrayArea, edgeAreaUm2, edgeUnits, sharedEdgeUnits, type AreaUm2 } from './area.js';
import { ENERGY_COMPONENTS } from './power-model.js';
import type { MemoryReport } from '../memory/memory-model.js';
import { sumMemory } from '../memory/memory-sum.js';
import type { EnergyPj } from './op-result.js';
import type { OpResult } from './simulate-gemm.js';
import type { Tech } from './tech.js';

export const SCHEMA_VERSION = 2;
/** Versions a reader takes: version 1 lacks only the memory system's fields (docs/result-schema.md). */
export const READABLE_VERSIONS: readonly number[] = [1, SCHEMA_VERSION];

export interface Totals {
  cycles: number;
  macs: number;
  energyPj: EnergyPj;
  perPeEnergyPj: number[];
  timeUs: number;
  powerMw: number;
  /** The run's hardware: the largest PE its ops use, edge units that serve every op, the array. */
  areaUm2: AreaUm2;
  /** The memory reports of the ops that have one, summed (docs/memory.md). */
  memory?: MemoryReport;
}

/** What a share of the ops cost: energy, cycles, MACs, and the sum over its ops of their mean per-PE energy. */
export interface Share {
  energyPj: number;
  cycles: number;
  macs: number;
  perPeMeanPj: number;
}

/** One encoder block of a block or model run: its cost, its ops' energy by layer group, its output's accuracy, its per-PE energy. */
export interface BlockSummary {
  name: string;
  energyPj: number;
  cycles: number;
  macs: number;
  groups: Record<string, number>;
  outputAccuracy: Accuracy;
  perPeEnergyPj: number[];
}

/** Block and model runs: energy per image, by op kind (linear, matmul, vector), by layer group (attention, mlp, norm, other) and per block. */
export interface Summary {
  images: number;
  energyPerImagePj: number;
  cyclesPerImage: number;
  byKind: Record<string, Share>;
  byGroup: Record<string, Share>;
  blocks: BlockSummary[];
}

export interface Result {
  schemaVersion: number;
  tool: { name: 'systolic'; version: string };
  command: string;
  config: Record<string, unknown>;
  ops: OpResult[];
  totals: Totals;
  accuracy: Accuracy;
  summary?: Summary;
}

export function totalsOf(ops: OpResult[], clockMhz: number, tech: Tech): Totals {
  const energyPj = { sram: 0, edge: 0, total: 0 } as EnergyPj;
  for (const c of ENERGY_COMPONENTS) energyPj[c] = 0;
  const memory = sumMemory(ops.flatMap((op) => (op.memory ? [op.memory] : [])));
  if (memory) energyPj.dram = 0;
  const perPe: number[] = new Array<number>(ops[0]?.perPe.energyPj.length ?? 0).fill(0);
  let cycles = 0;
  let macs = 0;
  for (const op of ops) {
    cycles += op.cycles;
    macs += op.macs;
    for (const key of Object.keys(energyPj) as (keyof typeof energyPj)[]) energyPj[key]! += op.energyPj[key] ?? 0;
    op.perPe.energyPj.forEach((e, p) => (perPe[p] = (perPe[p] as number) + e));
  }
  const timeUs = cycles / clockMhz;
  const pe = Math.max(0, ...ops.map((op) => op.areaUm2.pe));
  const edge = edgeAreaUm2(tech, sharedEdgeUnits(ops.map((op) => edgeUnits(op.edge, op.cycles))));
  const areaUm2 = arrayArea(ops[0]?.rows ?? 0, ops[0]?.cols ?? 0, pe, edge);
  return { cycles, macs, energyPj, perPeEnergyPj: perPe, timeUs, powerMw: timeUs > 0 ? energyPj.total / timeUs / 1000 : 0, areaUm2, ...(memory && { memory }) };
}

/** An op's area with the edge units its own operations need. */
function withEdgeArea(op: OpResult, tech: Tech): OpResult {
  return { ...op, areaUm2: arrayArea(op.rows, op.cols, op.areaUm2.pe, edgeAreaUm2(tech, edgeUnits(op.edge, op.cycles))) };
}

export function assembleResult(command: string, version: string, config: Record<string, unknown>, ops: OpResult[], clockMhz: number, accuracy: Accuracy, tech: Tech): Result {
  const complete = ops.map((op) => withEdgeArea(op, tech));
  return { schemaVersion: SCHEMA_VERSION, tool: { name: 'systolic', version }, command, config, ops: complete, totals: totalsOf(complete, clockMhz, tech), accuracy };
}
