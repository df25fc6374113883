// --max-memory: a simulation whose estimated peak (sim/memory-estimate.ts) exceeds the budget is refused before it
// allocates anything. The default is half of this machine's memory: the rest stays for the system, other processes
// and the estimate's own error.
import { totalmem } from 'node:os';
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { formatBytes } from '../sim/memory-estimate.js';
import { option } from '../workloads/option-info.js';

const UNITS: Record<string, number> = { MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(MB|GB|TB)$/i;

export const MAX_MEMORY_OPTION = option(z.string().regex(SIZE, 'allowed a size like 512MB, 16GB or 1.5TB').optional(), {
  arg: 'mem',
  help: "refuse runs estimated to need more memory, e.g. 512MB, 16GB (default: half of this machine's memory)",
});

/** The budget in bytes: --max-memory (MB, GB, TB are 2^20, 2^30, 2^40 bytes), else half of the machine's memory. */
export function memoryBudget(maxMemory: string | undefined): { bytes: number; from: string } {
  if (maxMemory === undefined) return { bytes: totalmem() / 2, from: `half of this machine's ${formatBytes(totalmem())}` };
  const m = SIZE.exec(maxMemory.trim());
  const bytes = m ? Number(m[1]) * UNITS[m[2]!.toUpperCase()]! : NaN;
  if (!(bytes > 0)) throw new InputError(`--max-memory: "${maxMemory.slice(0, 100)}" is not allowed; allowed a size like 512MB, 16GB or 1.5TB`);
  return { bytes, from: '--max-memory' };
}

/** Refuses (exit 2) a simulation that needs more than the budget, or more than the engine can hold at any budget. */
export function checkMemory(what: string, needs: number, beyondEngine: string | undefined, maxMemory: string | undefined): void {
  const budget = memoryBudget(maxMemory);
  if (needs > budget.bytes) {
    throw new InputError(
      `${what} needs about ${formatBytes(needs)} of memory, more than the budget of ${formatBytes(budget.bytes)} (${budget.from}); allowed smaller shapes, or a larger --max-memory if the machine has it`,
    );
  }
  if (beyondEngine) throw new InputError(`${what}: too large to simulate (${beyondEngine}); allowed smaller shapes`);
}
