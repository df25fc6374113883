// The versioned result object of a run (docs/result-schema.md): resolved config, one entry per op, totals and accuracy.
import type { Accuracy } from './accuracy.js';
import { ENERGY_COMPONENTS } from './power-model.js';
import type { EnergyKey, OpResult } from './simulate-gemm.js';

export const SCHEMA_VERSION = 1;

export interface Totals {
  cycles: number;
  macs: number;
  energyPj: Record<EnergyKey, number>;
  perPeEnergyPj: number[];
  timeUs: number;
  powerMw: number;
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

export function totalsOf(ops: OpResult[], clockMhz: number): Totals {
  const energyPj = { sram: 0, edge: 0, total: 0 } as Record<EnergyKey, number>;
  for (const c of ENERGY_COMPONENTS) energyPj[c] = 0;
  const perPe: number[] = new Array<number>(ops[0]?.perPe.energyPj.length ?? 0).fill(0);
  let cycles = 0;
  let macs = 0;
  for (const op of ops) {
    cycles += op.cycles;
    macs += op.macs;
    for (const key of Object.keys(energyPj) as (keyof typeof energyPj)[]) energyPj[key] += op.energyPj[key];
    op.perPe.energyPj.forEach((e, p) => (perPe[p] = (perPe[p] as number) + e));
  }
  const timeUs = cycles / clockMhz;
  return { cycles, macs, energyPj, perPeEnergyPj: perPe, timeUs, powerMw: timeUs > 0 ? energyPj.total / timeUs / 1000 : 0 };
}

export function assembleResult(command: string, version: string, config: Record<string, unknown>, ops: OpResult[], clockMhz: number, accuracy: Accuracy): Result {
  return { schemaVersion: SCHEMA_VERSION, tool: { name: 'systolic', version }, command, config, ops, totals: totalsOf(ops, clockMhz), accuracy };
}
