// The memory system's options (docs/memory.md): buffer sizes, DRAM bandwidth, mode, DRAM technology, banks. Any of
// them turns the memory system on, the others taking their defaults; none leaves results as without one.
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { MEMORY_DEFAULTS, checkMemoryConfig } from '../memory/memory-config.js';
import { MEMORY_MODES, type Bandwidth, type MemoryConfig } from '../memory/memory-model.js';
import { integers, option } from './option-info.js';

const d = MEMORY_DEFAULTS;

export const MEMORY_OPTIONS = {
  sramKb: option(z.union([z.string().min(1), z.array(z.number()).length(3)]).optional(), { arg: 'A,B,C', help: `buffer sizes in kB of A, B and C, each double-buffered (memory default ${d.sramKb.a},${d.sramKb.b},${d.sramKb.c})`, anyText: true }),
  bandwidth: option(z.union([z.literal('calc'), z.number(), z.string().min(1)]).optional(), { arg: 'calc|W', help: `DRAM bandwidth in bytes per cycle, or calc: no stalls, the bandwidth needed is reported (memory default ${d.bandwidth})`, anyText: true }),
  memory: option(z.enum(MEMORY_MODES).optional(), { arg: 'mode', help: `memory system: tiled (one DRAM port shared by A, B and C) or scalesim (SCALE-Sim v2's policies); default ${d.mode} when any memory option is given, none otherwise` }),
  dram: option(z.string().min(1).optional(), { arg: 'name', help: `DRAM technology: an entry of the technology file's dram table, ddr3, lpddr4 or hbm2 in the built-in ones (memory default ${d.dram})`, anyText: true }),
  banks: option(integers(1, 1024).optional(), { arg: 'n', help: `banks per buffer; an access is priced at one bank's size (memory default ${d.banks})` }),
};

export type MemoryOptions = { [K in keyof typeof MEMORY_OPTIONS]?: z.output<(typeof MEMORY_OPTIONS)[K]> };

/** `A,B,C` (a flag or a config file's text) or [A, B, C] (a config file) as kB per buffer. */
export function parseSramKb(v: string | number[]): MemoryConfig['sramKb'] {
  const parts = typeof v === 'string' ? v.split(',').map((s) => (s.trim() === '' ? NaN : Number(s))) : v;
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) throw new InputError(`sramKb: "${String(v).slice(0, 100)}" is not allowed; allowed three sizes in kB, A,B,C (such as 64,64,32)`);
  return { a: parts[0]!, b: parts[1]!, c: parts[2]! };
}

export function parseBandwidth(v: string | number): Bandwidth {
  if (v === 'calc') return v;
  const w = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(w) || w <= 0) throw new InputError(`bandwidth: "${String(v).slice(0, 100)}" is not allowed; allowed calc or a finite number of bytes per cycle > 0`);
  return w;
}

/** The memory configuration the options ask for, checked; undefined when no memory option is given. */
export function memoryConfigOf(o: MemoryOptions): MemoryConfig | undefined {
  if (o.sramKb === undefined && o.bandwidth === undefined && o.memory === undefined && o.dram === undefined && o.banks === undefined) return undefined;
  return checkMemoryConfig({
    mode: o.memory ?? d.mode,
    sramKb: o.sramKb === undefined ? { ...d.sramKb } : parseSramKb(o.sramKb),
    banks: o.banks ?? d.banks,
    bandwidth: o.bandwidth === undefined ? d.bandwidth : parseBandwidth(o.bandwidth),
    dram: o.dram ?? d.dram,
  });
}
