// Checks of a memory configuration that hold in every mode: positive finite sizes, whole banks, a bandwidth of
// 'calc' or a positive number, a known mode. What a mode needs beyond that (tiles that fit) it checks itself.
import { InputError } from '../core/input-error.js';
import { MEMORY_MODES, type MemoryConfig } from './memory-model.js';

/** The configuration `--sram-kb`, `--bandwidth`, `--dram` and `--banks` fill in when some are left out. */
export const MEMORY_DEFAULTS = { mode: 'tiled', sramKb: { a: 64, b: 64, c: 32 }, banks: 1, bandwidth: 'calc', dram: 'lpddr4' } as const satisfies MemoryConfig;

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function checkMemoryConfig(c: MemoryConfig): MemoryConfig {
  if (!(MEMORY_MODES as readonly string[]).includes(c.mode)) throw new InputError(`memory: "${String(c.mode)}" is not allowed; allowed ${MEMORY_MODES.join(', ')}`);
  for (const x of ['a', 'b', 'c'] as const) {
    const v = c.sramKb[x];
    if (!positive(v)) throw new InputError(`sramKb.${x}: ${String(v)} is not allowed; allowed a finite number of kB > 0`);
  }
  if (!Number.isInteger(c.banks) || c.banks < 1) throw new InputError(`banks: ${String(c.banks)} is not allowed; allowed integers ≥ 1`);
  if (c.bandwidth !== 'calc' && !positive(c.bandwidth)) throw new InputError(`bandwidth: ${String(c.bandwidth)} is not allowed; allowed calc or a finite number of bytes per cycle > 0`);
  if (typeof c.dram !== 'string' || c.dram === '') throw new InputError(`dram: ${JSON.stringify(c.dram)} is not allowed; allowed the name of an entry of the technology file's dram table`);
  return c;
}
