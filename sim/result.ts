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

export interface Result {
  schemaVersion: number;
  tool: { name: 'systolic'; version: string };
  command: string;
  config: Record<string, unknown>;
  ops: OpResult[];
  totals: Totals;
  accuracy: Accuracy;
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
