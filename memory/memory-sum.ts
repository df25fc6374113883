// Several GEMMs' memory reports as one (the heads of an attention matmul, a run's totals): counts and cycles add;
// the bandwidth needed is the peak of the parts in calc mode and the run's average use with a given bandwidth.
import type { AccessCount, MemoryReport } from './memory-model.js';

const add = (x: AccessCount, y: AccessCount): AccessCount => ({ reads: x.reads + y.reads, writes: x.writes + y.writes });

function addTwo(x: MemoryReport, y: MemoryReport): MemoryReport {
  const cycles = x.computeCycles + x.stallCycles + y.computeCycles + y.stallCycles;
  const bytes = (bits: number) => bits / 8 / cycles;
  const dramBits = { a: { reads: x.dramBits.a.reads + y.dramBits.a.reads }, b: { reads: x.dramBits.b.reads + y.dramBits.b.reads }, c: { writes: x.dramBits.c.writes + y.dramBits.c.writes } };
  const used = { a: bytes(dramBits.a.reads), b: bytes(dramBits.b.reads), c: bytes(dramBits.c.writes) };
  const p = x.bandwidthNeeded;
  const q = y.bandwidthNeeded;
  return {
    ...x,
    sramKb: { ...x.sramKb },
    computeCycles: x.computeCycles + y.computeCycles,
    stallCycles: x.stallCycles + y.stallCycles,
    sram: { a: add(x.sram.a, y.sram.a), b: add(x.sram.b, y.sram.b), c: add(x.sram.c, y.sram.c) },
    dram: { a: { reads: x.dram.a.reads + y.dram.a.reads }, b: { reads: x.dram.b.reads + y.dram.b.reads }, c: { writes: x.dram.c.writes + y.dram.c.writes } },
    sramBits: { a: add(x.sramBits.a, y.sramBits.a), b: add(x.sramBits.b, y.sramBits.b), c: add(x.sramBits.c, y.sramBits.c) },
    dramBits,
    bandwidthNeeded:
      x.bandwidth === 'calc'
        ? { a: Math.max(p.a, q.a), b: Math.max(p.b, q.b), c: Math.max(p.c, q.c), total: Math.max(p.total, q.total) }
        : { ...used, total: used.a + used.b + used.c },
  };
}

/** The reports as one; undefined when there are none. */
export function sumMemory(reports: readonly MemoryReport[]): MemoryReport | undefined {
  if (reports.length === 0) return undefined;
  return reports.slice(1).reduce(addTwo, structuredClone(reports[0]!));
}
