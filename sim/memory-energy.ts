// Energy of the memory system (docs/power-model.md, "Memory system"): every buffer access priced by the size of the
// bank it hits, every DRAM bit by the DRAM technology. A word moved between DRAM and a buffer is also one buffer
// access (a fill writes it, a write-back reads it), besides the array's own reads and writes.
import { InputError } from '../core/input-error.js';
import type { MemoryConfig, MemoryReport, Operand } from '../memory/memory-model.js';
import { sramEnergyPj } from './power-model.js';
import type { Tech } from './tech.js';

/** Energy per DRAM bit (pJ) of a technology file's `dram` entry. */
export function dramPjPerBit(tech: Tech, name: string): number {
  const entry = tech.dram?.[name];
  if (!entry) {
    const known = Object.keys(tech.dram ?? {});
    throw new InputError(`dram: "${name}" is not in the dram table of technology ${tech.name}; allowed ${known.length > 0 ? known.join(', ') : 'none (the file has no dram table)'}`);
  }
  return entry.value;
}

export function memoryEnergyPj(tech: Tech, r: MemoryReport, config: MemoryConfig): { sram: number; dram: number } {
  const b = r.sramBits;
  const d = r.dramBits;
  const accessBits: Record<Operand, number> = {
    a: b.a.reads + b.a.writes + d.a.reads,
    b: b.b.reads + b.b.writes + d.b.reads,
    c: b.c.reads + b.c.writes + d.c.writes,
  };
  let sram = 0;
  for (const x of ['a', 'b', 'c'] as const) sram += sramEnergyPj(tech, accessBits[x], r.sramKb[x] / config.banks);
  return { sram, dram: (d.a.reads + d.b.reads + d.c.writes) * dramPjPerBit(tech, config.dram) };
}
