// One line of a sweep's JSONL file: the point, its result, and the grid it belongs to (docs/result-schema.md,
// "Sweep lines"). The grid record is what --resume and `systolic merge` check: a line is only ever kept beside
// lines of the same grid (every option, the input files' contents, the tool version) and its own shard.
import { z } from 'zod';
import { efficiencyOf, type Efficiency } from '../sim/efficiency.js';
import type { Result } from '../sim/result.js';
import { hasMemoryAxes, MEMORY_KEYS } from './memory-axes.js';
import { bitsLabel, LIST_OPTIONS, type Shard, type SweepPoint, type SweepSpec } from './sweep-plan.js';

/** The grid a line belongs to: `options` identifies it (`id` is a digest of them), `points` counts it, `shard` is the part this file ran. */
export interface GridStamp {
  id: string;
  points: number;
  shard: Shard;
  options: Record<string, unknown>;
}

/**
 * One line of a sweep's JSONL file; `series` labels the curve the point belongs to in reports (all but the array);
 * `summary` ranks points: energy, delay, area and their products.
 */
export interface SweepLine {
  index: number;
  key: string;
  series: string;
  point: SweepPoint;
  result: Result;
  grid: GridStamp;
  summary: Efficiency;
}

/** Digests of the files the options name (tech, weights, input), made by the caller: this layer reads no files. */
export type FileDigests = Partial<Record<'tech' | 'weights' | 'input' | 'topology', string>>;

/**
 * Everything that decides a grid's results, flat and in JSON: the axes, the list options, every fixed run option
 * with the files it names replaced by their contents' digests (a moved file is the same grid, an edited one is
 * not), and the tool version.
 */
export function gridOptions(spec: SweepSpec, digests: FileDigests, version: string): Record<string, unknown> {
  return {
    models: spec.models,
    arrays: spec.arrays.map(([r, c]) => `${r}x${c}`),
    dataflows: spec.dataflows,
    orders: spec.orders,
    bits: spec.bits.map(bitsLabel),
    pes: spec.pes,
    ...spec.lists,
    ...(hasMemoryAxes(spec.memory) && { memoryAxes: spec.memory }),
    ...spec.fixed,
    ...digests,
    version,
  };
}

export function seriesOf(p: SweepPoint): string {
  const lists = [...LIST_OPTIONS, ...MEMORY_KEYS].filter((k) => p[k] !== undefined).map((k) => ` ${k}=${p[k]}`).join('');
  return `${p.model} ${p.dataflow.toUpperCase()} ${p.order} w${p.wbits}a${p.abits}${p.wquant === 'framequant' ? 'fq' : ''} ${p.pe}${lists}`;
}

export function sweepLine(point: SweepPoint, result: Result, grid: GridStamp): SweepLine {
  return { index: point.index, key: point.key, series: seriesOf(point), point, result, grid, summary: efficiencyOf(result.totals) };
}

const COUNT = z.number().int().min(0);

/** What --resume and merge read of a line; the rest (point, result) is kept as written. */
export const sweepLineSchema = z.object({
  index: COUNT,
  key: z.string(),
  grid: z.object({
    id: z.string(),
    points: COUNT.min(1),
    shard: z.object({ index: COUNT, count: COUNT.min(1) }),
    options: z.record(z.string(), z.unknown()),
  }),
});

/** A value in a message: JSON, at most about 100 characters of it. */
const brief = (v: unknown) => {
  const s = v === undefined ? '(not set)' : JSON.stringify(v);
  return s.length > 100 ? `${s.slice(0, 97)}...` : s;
};

/** The first option two grids differ in, as `field: A in <a>, B in <b>`; undefined for the same grid. */
export function gridDifference(a: Record<string, unknown>, b: Record<string, unknown>, names: [string, string]): string | undefined {
  const field = [...new Set([...Object.keys(a), ...Object.keys(b)])].find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return field === undefined ? undefined : `${field}: ${brief(a[field])} in ${names[0]}, ${brief(b[field])} in ${names[1]}`;
}
