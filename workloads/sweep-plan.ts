// Sweeps: the cartesian product of models, arrays, dataflows, orders, bit-widths and float PEs as an ordered list
// of points, a deterministic shard of it, and the run of one point. Pure: the CLI does files and workers.
import type { DataflowName } from '../dataflow/fold-plan.js';
import { DATAFLOWS, MAX_ARRAY_DIM } from '../dataflow/fold-plan.js';
import { InputError } from '../core/input-error.js';
import type { FloatFormatName } from '../pe/float-format.js';
import type { Result } from '../sim/result.js';
import type { EngineName } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { runAttentionJob } from './attention-job.js';
import { ORDERS, type Order } from './attention-run.js';
import { PRESETS } from './presets.js';
import { runOptionsSchema, type RunOptions } from './run-options.js';
import { resolveRun } from './run-resolver.js';

export interface SweepPoint {
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
  seed: number;
  engine: EngineName;
}

const list = (field: string, text: string): string[] => {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw new InputError(`${field}: "${text}" is empty; give a comma-separated list`);
  return items;
};

export function parseArrays(text: string): [number, number][] {
  return list('arrays', text).map((item) => {
    const m = /^(\d+)(?:x(\d+))?$/.exec(item);
    const dims = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [];
    if (!m || dims.some((d) => d < 1 || d > MAX_ARRAY_DIM)) throw new InputError(`arrays: "${item}" is not allowed; allowed N or RxC with sizes 1..${MAX_ARRAY_DIM}`);
    return dims as [number, number];
  });
}

export interface BitsItem {
  wbits: number;
  abits: number;
  framequant: boolean;
}

export function parseBits(text: string): BitsItem[] {
  return list('bits', text).map((item) => {
    const m = /^w(\d)a(\d)(fq)?$/.exec(item.toLowerCase());
    const b = m ? [Number(m[1]), Number(m[2])] : [];
    if (!m || b.some((x) => x < 2 || x > 8)) {
      throw new InputError(`bits: "${item}" is not allowed; allowed wXaY with X and Y in 2..8 (wXaYfq: FrameQuant weights), such as w8a8,w4a4,w2a8fq`);
    }
    return { wbits: b[0]!, abits: b[1]!, framequant: m[3] !== undefined };
  });
}

export function parseChoices<T extends string>(field: string, text: string, allowed: readonly T[]): T[] {
  return list(field, text).map((item) => {
    if (!(allowed as readonly string[]).includes(item)) throw new InputError(`${field}: "${item}" is not allowed; allowed ${allowed.join(', ')}`);
    return item as T;
  });
}

export function parseModels(text: string): string[] {
  return parseChoices('models', text, Object.keys(PRESETS));
}

export { DATAFLOWS, ORDERS };

/** Points in a fixed order; dequant-after points do not vary with the float PE, so they appear once. */
export function sweepPoints(spec: SweepSpec): SweepPoint[] {
  const points: SweepPoint[] = [];
  for (const model of spec.models)
    for (const [rows, cols] of spec.arrays)
      for (const dataflow of spec.dataflows)
        for (const order of spec.orders)
          for (const { wbits, abits, framequant } of spec.bits)
            for (const pe of order === 'after' ? [`int${abits}`] : spec.pes) {
              const key = `${model}|${rows}x${cols}|${dataflow}|${order}|w${wbits}a${abits}${framequant ? 'fq' : ''}|${pe}`;
              if (!points.some((p) => p.key === key)) points.push({ index: points.length, key, model, rows, cols, dataflow, order, wbits, abits, ...(framequant && { wquant: 'framequant' as const }), pe });
            }
  return points;
}

export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m || count < 1 || index >= count) throw new InputError(`shard: "${text}" is not allowed; allowed i/n with 0 ≤ i < n (such as 0/4)`);
  return { index, count };
}

/** Shard i of n: the points whose index is i modulo n. */
export function shardOf(points: SweepPoint[], shard: { index: number; count: number }): SweepPoint[] {
  return points.filter((p) => p.index % shard.count === shard.index);
}

/** The run options of a point: its grid values, every other option at its `systolic run` default. */
export function pointOptions(point: SweepPoint, seed: number, engine: EngineName): RunOptions {
  return runOptionsSchema.parse({
    model: point.model,
    rows: point.rows,
    cols: point.cols,
    dataflow: point.dataflow,
    order: point.order,
    wbits: point.wbits,
    abits: point.abits,
    ...(point.wquant && { wquant: point.wquant }),
    ...(point.order === 'before' && { floatPe: point.pe }),
    seed,
    engine,
  });
}

/** Sweep lines have never carried reparam, pe or a uniform wquant in their config; dropped until sweeps take every run option. */
function sweepConfig(config: Record<string, unknown>): Record<string, unknown> {
  const { reparam: _reparam, pe: _pe, ...rest } = config;
  if (rest['wquant'] === 'uniform') delete rest['wquant'];
  return rest;
}

export function runPoint(point: SweepPoint, seed: number, engine: EngineName, version: string): Result {
  const job = resolveRun(pointOptions(point, seed, engine), { tech: DEFAULT_TECH }, version);
  return runAttentionJob({ ...job, config: sweepConfig(job.config) }).results[point.order]!;
}

/** One line of a sweep's JSONL file; `series` labels the curve the point belongs to in reports (all but the array). */
export interface SweepLine {
  index: number;
  key: string;
  series: string;
  point: SweepPoint;
  result: Result;
}

export function seriesOf(p: SweepPoint): string {
  return `${p.model} ${p.dataflow.toUpperCase()} ${p.order} w${p.wbits}a${p.abits}${p.wquant === 'framequant' ? 'fq' : ''} ${p.pe}`;
}

export function sweepLine(point: SweepPoint, result: Result): SweepLine {
  return { index: point.index, key: point.key, series: seriesOf(point), point, result };
}
