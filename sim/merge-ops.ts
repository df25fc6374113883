// Combining op results: several GEMMs of one op (one per attention head) into one entry, and edge-unit costs.
import { addCounts, edgeEnergyPj, type EdgeCounts } from './edge-units.js';
import { TOGGLE_COUNTERS } from '../dataflow/pe-counters.js';
import { sumMemory } from '../memory/memory-sum.js';
import { opResult, utilization, type OpKind, type OpResult } from './op-result.js';
import type { Tech } from './tech.js';

const addInto = (a: number[], b: number[]) => b.forEach((v, i) => (a[i] = (a[i] as number) + v));

export function mergeOps(name: string, kind: OpKind, parts: OpResult[]): OpResult {
  const out = opResult({ ...parts[0]!, name, kind });
  for (const op of parts.slice(1)) {
    out.instances += op.instances;
    out.folds += op.folds;
    out.cycles += op.cycles;
    out.macs += op.macs;
    if (out.gatedMacs !== undefined) out.gatedMacs += op.gatedMacs ?? 0;
    if (out.perPe.gatedMacs && op.perPe.gatedMacs) addInto(out.perPe.gatedMacs, op.perPe.gatedMacs);
    if (out.perPe.toggles.shadowReg && op.perPe.toggles.shadowReg) {
      out.toggles.shadowReg! += op.toggles.shadowReg ?? 0;
      addInto(out.perPe.toggles.shadowReg, op.perPe.toggles.shadowReg);
    }
    out.overflows.pe += op.overflows.pe;
    out.overflows.edge += op.overflows.edge;
    for (const t of TOGGLE_COUNTERS) {
      out.toggles[t] += op.toggles[t];
      addInto(out.perPe.toggles[t], op.perPe.toggles[t]);
    }
    for (const key of Object.keys(out.energyPj) as (keyof OpResult['energyPj'])[]) out.energyPj[key]! += op.energyPj[key] ?? 0;
    addCounts(out.edge, op.edge);
    addInto(out.perPe.energyPj, op.perPe.energyPj);
    addInto(out.perPe.macs, op.perPe.macs);
    addInto(out.perPe.activeCycles, op.perPe.activeCycles);
    out.sram.reads += op.sram.reads;
    out.sram.writes += op.sram.writes;
    out.sram.readBits += op.sram.readBits;
    out.sram.writeBits += op.sram.writeBits;
    if (out.memory && op.memory) out.memory = sumMemory([out.memory, op.memory]);
  }
  out.utilization = utilization(out.macs, out.cycles, out.rows, out.cols);
  return out;
}

/** Charges edge-unit operations to an op: counts are added and their energy goes to energyPj.edge and total. */
export function chargeEdge(op: OpResult, tech: Tech, counts: EdgeCounts): void {
  addCounts(op.edge, counts);
  const e = edgeEnergyPj(tech, counts);
  op.energyPj.edge += e;
  op.energyPj.total += e;
}
