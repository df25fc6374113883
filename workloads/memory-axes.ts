// A sweep's memory axes (--sram-kbs, --bandwidths, --memories, --drams): lists of the memory run options, so that
// buffer sizes and bandwidths can be swept against array size. An axis joins a point (and its key) only when it
// has more than one item, as the list options do, so that points of earlier sweeps keep their keys.
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { MEMORY_MODES, type Bandwidth, type MemoryMode } from '../memory/memory-model.js';
import { parseBandwidth, parseSramKb, type MemoryOptions } from './memory-options.js';
import { option } from './option-info.js';

export const MEMORY_AXIS_OPTIONS = {
  sramKbs: option(z.string().optional(), { arg: 'list', help: 'buffer sizes to sweep: A,B,C triples in kB separated by /, such as 32,32,16/64,64,32 (one item: --sram-kb)' }),
  bandwidths: option(z.string().optional(), { arg: 'list', help: 'DRAM bandwidths to sweep, bytes per cycle or calc, comma-separated (one item: --bandwidth)' }),
  memories: option(z.string().optional(), { arg: 'list', help: `memory modes to sweep: ${MEMORY_MODES.join(',')} (one item: --memory)` }),
  drams: option(z.string().optional(), { arg: 'list', help: 'DRAM technologies to sweep, comma-separated (one item: --dram)' }),
};
type AxisName = keyof typeof MEMORY_AXIS_OPTIONS;

/** Each axis' run option. */
const RUN_KEY = { sramKbs: 'sramKb', bandwidths: 'bandwidth', memories: 'memory', drams: 'dram' } as const satisfies Record<AxisName, keyof MemoryOptions>;

/** A point's memory options: sizes as their A,B,C text (the key and the series show it). */
export interface MemoryPoint {
  sramKb?: string;
  bandwidth?: Bandwidth;
  memory?: MemoryMode;
  dram?: string;
}
export type MemoryLists = { [K in keyof MemoryPoint]-?: NonNullable<MemoryPoint[K]>[] };
export const MEMORY_KEYS = ['sramKb', 'bandwidth', 'memory', 'dram'] as const satisfies readonly (keyof MemoryPoint)[];

function items(axis: AxisName, text: string, separator: string): string[] {
  const out = text.split(separator).map((s) => s.trim()).filter((s) => s !== '');
  if (out.length === 0) throw new InputError(`${axis}: "${text.slice(0, 100)}" is empty; give a ${separator === '/' ? '/-separated' : 'comma-separated'} list`);
  return out;
}

function mode(item: string): MemoryMode {
  if (!(MEMORY_MODES as readonly string[]).includes(item)) throw new InputError(`memories: "${item.slice(0, 100)}" is not allowed; allowed ${MEMORY_MODES.join(', ')}`);
  return item as MemoryMode;
}

/** The axes' items, each checked as its run option checks it; an axis given both as a list and as its run option is refused. */
export function memoryLists(o: { [K in AxisName]?: string | undefined } & MemoryOptions): MemoryLists {
  for (const axis of Object.keys(RUN_KEY) as AxisName[]) {
    if (o[axis] !== undefined && o[RUN_KEY[axis]] !== undefined) throw new InputError(`${axis}: "${o[axis]!.slice(0, 100)}" and ${RUN_KEY[axis]} are both given; allowed the list (--${axis.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}) or its one item, not both`);
  }
  const list = <T>(axis: AxisName, parse: (item: string) => T, separator = ','): T[] => (o[axis] === undefined ? [] : items(axis, o[axis]!, separator).map(parse));
  return {
    sramKb: list('sramKbs', (t) => (parseSramKb(t), t), '/'),
    bandwidth: list('bandwidths', parseBandwidth),
    memory: list('memories', mode),
    dram: list('drams', (t) => t),
  };
}

/** Every combination of the axes with more than one item (one empty combination when none has). */
export function memoryCombinations(lists: MemoryLists): MemoryPoint[] {
  return MEMORY_KEYS
    .filter((k) => lists[k].length > 1)
    .reduce<MemoryPoint[]>((combos, k) => combos.flatMap((c) => (lists[k] as unknown[]).map((v) => ({ ...c, [k]: v }))), [{}]);
}

/** The memory options of a point: axes of one item for every point, its own item of the others. */
export function pointMemory(point: MemoryPoint, lists: MemoryLists): MemoryPoint {
  const out: MemoryPoint = {};
  for (const k of MEMORY_KEYS) {
    const v = point[k] ?? lists[k][0];
    if (v !== undefined) Object.assign(out, { [k]: v });
  }
  return out;
}

/** Whether the sweep has a memory axis (the grid record names them only then, so older grids keep their ids). */
export const hasMemoryAxes = (lists: MemoryLists): boolean => Object.values(lists).some((l) => l.length > 0);
