// SCALE-Sim v2's memory policies, reproduced (docs/memory.md, "The scalesim mode"): the fast path's run of its
// scratchpad, turned into a memory report. One element is one SCALE-Sim word.
import { InputError } from '../core/input-error.js';
import type { FoldPlan } from '../dataflow/fold-plan.js';
import type { MemoryConfig, MemoryModel, MemoryReport, OperandWidths } from './memory-model.js';
import { scalesimFast } from './scalesim-fast.js';
import type { ScalesimRun, Span } from './scalesim-run.js';

/** What SCALE-Sim itself accepts: its config reads buffer sizes and the bandwidth as whole numbers, and it has one array. */
function checkConfig(plan: FoldPlan, config: MemoryConfig): void {
  if (plan.micro !== 'simple') {
    throw new InputError(`micro: "${plan.micro}" is not allowed with memory "scalesim"; allowed simple (SCALE-Sim models no other array)`);
  }
  for (const operand of ['a', 'b', 'c'] as const) {
    const kb = config.sramKb[operand];
    if (!Number.isInteger(kb) || kb < 1) {
      throw new InputError(`sramKb.${operand}: ${kb} is not allowed with memory "scalesim"; allowed whole kB ≥ 1 (SCALE-Sim sizes its buffers in whole kB)`);
    }
  }
  if (config.bandwidth !== 'calc' && (!Number.isInteger(config.bandwidth) || config.bandwidth < 1)) {
    throw new InputError(`bandwidth: ${config.bandwidth} is not allowed with memory "scalesim"; allowed calc or whole words per cycle ≥ 1`);
  }
}

/** Its BANDWIDTH_REPORT's DRAM figures: words over the cycles from the trace's first to its last line. */
const perCycle = (words: number, [start, stop]: Span): number => words / (stop - start + 1);

export function scalesimReport(run: ScalesimRun, config: MemoryConfig, widths: OperandWidths): MemoryReport {
  const { aBits, bBits, accBits } = widths;
  const sram = { a: { reads: run.sram.aReads, writes: 0 }, b: { reads: run.sram.bReads, writes: 0 }, c: { reads: 0, writes: run.sram.cWrites } };
  const dram = { a: { reads: run.dram.aReads }, b: { reads: run.dram.bReads }, c: { writes: run.dram.cWrites } };
  const bandwidth = { a: perCycle(dram.a.reads, run.dramSpan.a), b: perCycle(dram.b.reads, run.dramSpan.b), c: perCycle(dram.c.writes, run.dramSpan.c) };
  return {
    mode: 'scalesim',
    sramKb: { ...config.sramKb },
    bandwidth: config.bandwidth,
    dramTech: config.dram,
    computeCycles: run.rows,
    stallCycles: run.stallCycles,
    sram,
    dram,
    sramBits: {
      a: { reads: sram.a.reads * aBits, writes: 0 },
      b: { reads: sram.b.reads * bBits, writes: 0 },
      c: { reads: 0, writes: sram.c.writes * accBits },
    },
    dramBits: { a: { reads: dram.a.reads * aBits }, b: { reads: dram.b.reads * bBits }, c: { writes: dram.c.writes * accBits } },
    bandwidthNeeded: { ...bandwidth, total: bandwidth.a + bandwidth.b + bandwidth.c },
  };
}

export const scalesimMemory: MemoryModel = (plan, config, widths) => {
  checkConfig(plan, config);
  return scalesimReport(scalesimFast(plan, config), config, widths);
};
