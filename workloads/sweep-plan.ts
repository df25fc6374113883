// Sweeps: the cartesian product of models, arrays, dataflows, orders, bit-widths, float PEs and the list-valued run
// options as an ordered list of points, a deterministic shard of it, and the run options of one point. Pure: the
// CLI does files and workers.
import type { DataflowName } from '../dataflow/fold-plan.js';
import { DATAFLOWS } from '../dataflow/fold-plan.js';
import { InputError } from '../core/input-error.js';
import type { FloatFormatName } from '../pe/float-format.js';
import { ORDERS, type Order } from './array-setup.js';
import { memoryCombinations, pointMemory, type MemoryLists, type MemoryPoint } from './memory-axes.js';
import { PRESETS } from './presets.js';
import { ARRAY_SIZES_ALLOWED, arrayDims, runOptionsSchema, type RunOptions } from './run-options.js';

/** Run options that take a comma-separated list in a sweep, each list one more axis of the grid. */
export const LIST_OPTIONS = ['pbits', 'pquant', 'softmax', 'zeroPoints', 'calibration', 'gating', 'micro'] as const;
export type ListKey = (typeof LIST_OPTIONS)[number];

/** The run options the six grid axes set: a sweep takes them as one item of their axis instead of its list. */
export const AXIS_RUN_KEYS = {
  models: ['model'],
  arrays: ['array', 'rows', 'cols'],
  dataflows: ['dataflow'],
  orders: ['order'],
  bits: ['wbits', 'abits', 'wquant'],
  pes: ['floatPe'],
} as const;
export type Axis = keyof typeof AXIS_RUN_KEYS;
export type AxisRunKey = (typeof AXIS_RUN_KEYS)[Axis][number];

/** Every other run option: one value for every point of the sweep. */
export type FixedKey = Exclude<keyof RunOptions, AxisRunKey | ListKey>;
export type FixedOptions = Pick<RunOptions, FixedKey>;

export interface SweepPoint extends Partial<Pick<RunOptions, ListKey>>, MemoryPoint {
  index: number;
  key: string;
  model: string;
  rows: number;
  cols: number;
  dataflow: DataflowName;
  order: Order;
  wbits: number;
  abits: number;
  /** FrameQuant weights (at run's default redundancy), from a `wXaYfq` bits item; uniform when absent. */
  wquant?: 'framequant';
  /** PE of the point: `int<abits>` for dequant-after, the float format for dequant-before. */
  pe: string;
}

export interface SweepSpec {
  models: string[];
  arrays: [number, number][];
  dataflows: DataflowName[];
  orders: Order[];
  bits: BitsItem[];
  pes: FloatFormatName[];
  lists: { [K in ListKey]: RunOptions[K][] };
  /** The memory axes (--sram-kbs, --bandwidths, --memories, --drams); empty lists when not swept. */
  memory: MemoryLists;
  fixed: FixedOptions;
}

export function list(field: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InputError(`${field}: "${text.slice(0, 100)}" is empty; give a comma-separated list`);
  return items;
}

export function parseArrays(text: string): [number, number][] {
  return list('arrays', text).map((item) => {
    const dims = arrayDims(item);
    if (!dims) throw new InputError(`arrays: "${item.slice(0, 100)}" is not allowed; ${ARRAY_SIZES_ALLOWED}`);
    return dims;
  });
}

export interface BitsItem {
  wbits: number;
  abits: number;
  framequant: boolean;
}

export const bitsLabel = (b: { wbits: number; abits: number; framequant: boolean }) => `w${b.wbits}a${b.abits}${b.framequant ? 'fq' : ''}`;

export function parseBits(text: string): BitsItem[] {
  return list('bits', text).map((item) => {
    const m = /^w(\d)a(\d)(fq)?$/.exec(item.toLowerCase());
    const b = m ? [Number(m[1]), Number(m[2])] : [];
    if (!m || b.some((x) => x < 2 || x > 8)) {
      throw new InputError(`bits: "${item.slice(0, 100)}" is not allowed; allowed wXaY with X and Y in 2..8 (wXaYfq: FrameQuant weights), such as w8a8,w4a4,w2a8fq`);
    }
    return { wbits: b[0]!, abits: b[1]!, framequant: m[3] !== undefined };
  });
}

export function parseChoices<T extends string>(field: string, text: string, allowed: readonly T[]): T[] {
  return list(field, text).map((item) => {
    if (!(allowed as readonly string[]).includes(item)) throw new InputError(`${field}: "${item.slice(0, 100)}" is not allowed; allowed ${allowed.join(', ')}`);
    return item as T;
  });
}

export function parseModels(text: string): string[] {
  return parseChoices('models', text, [...Object.keys(PRESETS), 'custom']);
}

export { DATAFLOWS, ORDERS };

/** Every combination of the list options that have more than one value (one empty combination when none has). */
function listCombinations(lists: SweepSpec['lists']): Partial<Pick<RunOptions, ListKey>>[] {
  return LIST_OPTIONS.filter((k) => lists[k].length > 1).reduce<Partial<Pick<RunOptions, ListKey>>[]>(
    (combos, k) => combos.flatMap((c) => lists[k].map((v) => ({ ...c, [k]: v }))),
    [{}],
  );
}

/**
 * Points in a fixed order; dequant-after points do not vary with the float PE, so they appear once. A list option
 * joins the key (`|pbits=4`) and the point only when it varies, so the points of earlier sweeps keep their keys.
 */
export function sweepPoints(spec: SweepSpec): SweepPoint[] {
  const points: SweepPoint[] = [];
  const seen = new Set<string>();
  const combos = listCombinations(spec.lists).flatMap((c) => memoryCombinations(spec.memory).map((m): Partial<Pick<RunOptions, ListKey>> & MemoryPoint => ({ ...c, ...m })));
  for (const model of spec.models)
    for (const [rows, cols] of spec.arrays)
      for (const dataflow of spec.dataflows)
        for (const order of spec.orders)
          for (const bits of spec.bits)
            for (const pe of order === 'after' ? [`int${bits.abits}`] : spec.pes)
              for (const combo of combos) {
                const key = `${model}|${rows}x${cols}|${dataflow}|${order}|${bitsLabel(bits)}|${pe}${Object.entries(combo).map(([k, v]) => `|${k}=${v}`).join('')}`;
                if (seen.has(key)) continue;
                seen.add(key);
                points.push({ index: points.length, key, model, rows, cols, dataflow, order, wbits: bits.wbits, abits: bits.abits, ...(bits.framequant && { wquant: 'framequant' as const }), pe, ...combo });
              }
  return points;
}

export interface Shard {
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || count < 1 || index >= count) throw new InputError(`shard: "${text.slice(0, 100)}" is not allowed; allowed i/n with 0 ≤ i < n (such as 0/4), or auto`);
  return { index, count };
}

/** Shard i of n: the points whose index is i modulo n. */
export function shardOf(points: SweepPoint[], shard: Shard): SweepPoint[] {
  return points.filter((p) => p.index % shard.count === shard.index);
}

/** The run options of a point: its grid values and the sweep's fixed options (each at its `systolic run` default unless given). */
export function pointOptions(point: SweepPoint, spec: SweepSpec): RunOptions {
  return runOptionsSchema.parse({
    ...spec.fixed,
    ...Object.fromEntries(LIST_OPTIONS.map((k) => [k, point[k] ?? spec.lists[k][0]])),
    ...pointMemory(point, spec.memory),
    model: point.model,
    rows: point.rows,
    cols: point.cols,
    dataflow: point.dataflow,
    order: point.order,
    wbits: point.wbits,
    abits: point.abits,
    ...(point.wquant && { wquant: point.wquant }),
    ...(point.order === 'before' && { floatPe: point.pe }),
  });
}
