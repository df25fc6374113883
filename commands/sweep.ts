// `systolic sweep`: attention runs over the cartesian product of arrays, dataflows, orders, bits, PEs and models,
// on a pool of worker threads, one JSON line per finished point; --resume, --shard i/n.
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { FLOAT_FORMAT_NAMES } from '../pe/float-format.js';
import { integers, option, relabel } from '../workloads/option-info.js';
import { RUN_OPTIONS } from '../workloads/run-options.js';
import { DATAFLOWS, ORDERS, parseArrays, parseBits, parseChoices, parseModels, parseShard, runPoint, shardOf, sweepLine, sweepPoints, type SweepLine, type SweepSpec } from '../workloads/sweep-plan.js';
import type { Io } from './common.js';
import { energy, int, table } from './format.js';
import { addFlags } from './options.js';
import { runOnWorkers } from './workers.js';

export interface SweepIo extends Io {
  appendFile(path: string, text: string): void;
  exists(path: string): boolean;
  progress?: (done: number, total: number) => void;
}

/** The grid axes are comma-separated lists; the seed and engine are the run options of every point. */
export const SWEEP_FLAGS = {
  arrays: option(z.string().default('4,8,16,32,64'), { arg: 'list', help: 'array sizes: N or RxC, comma-separated' }),
  dataflows: option(z.string().default('os'), { arg: 'list', help: `comma-separated: ${DATAFLOWS.join(',')}` }),
  orders: option(z.string().default(ORDERS.join(',')), { arg: 'list', help: `comma-separated: ${ORDERS.join(',')}` }),
  bits: option(z.string().default('w8a8'), { arg: 'list', help: `weight/activation bits: wXaY, comma-separated (wXaYfq: FrameQuant weights, redundancy ${RUN_OPTIONS.redundancy.def.defaultValue})` }),
  pes: option(z.string().default(RUN_OPTIONS.floatPe.def.defaultValue), { arg: 'list', help: `float PEs of dequant-before points: ${FLOAT_FORMAT_NAMES.join(',')} (dequant-after points use intN)` }),
  models: option(z.string().default('deit-tiny'), { arg: 'list', help: 'presets, comma-separated' }),
  model: option(z.string().optional(), { arg: 'list', help: 'same as --models' }),
  jobs: option(integers(1, 256).default(availableParallelism()), { arg: 'n', help: 'worker threads' }),
  resume: option(z.boolean().optional(), { help: 'keep the points already in --out and run the rest' }),
  shard: option(z.string().optional(), { arg: 'i/n', help: 'run only points with index ≡ i (mod n), 0 ≤ i < n' }),
  out: option(z.string().default('sweep.jsonl'), { arg: 'file.jsonl', help: 'JSON lines, one per point' }),
  seed: relabel('seed', RUN_OPTIONS.seed, 'seed of the synthetic blocks'),
  engine: relabel('engine', RUN_OPTIONS.engine, 'simulation engine'),
  report: option(z.string().optional(), { arg: 'file.html', help: 'also write an HTML report of the sweep' }),
};
export type SweepOptions = z.output<z.ZodObject<typeof SWEEP_FLAGS>>;

export function specOf(o: SweepOptions): SweepSpec {
  return {
    models: parseModels(o.model ?? o.models),
    arrays: parseArrays(o.arrays),
    dataflows: parseChoices('dataflows', o.dataflows, DATAFLOWS),
    orders: parseChoices('orders', o.orders, ORDERS),
    bits: parseBits(o.bits),
    pes: parseChoices('pes', o.pes, FLOAT_FORMAT_NAMES),
    seed: o.seed,
    engine: o.engine,
  };
}

/** Lines already in a JSONL file; a line cut short by a killed run is dropped (and the file rewritten without it). */
export function readSweepLines(io: SweepIo, path: string, repair: boolean): SweepLine[] {
  if (!io.exists(path)) return [];
  const text = new TextDecoder().decode(io.readFile(path));
  const lines: SweepLine[] = [];
  let damaged = false;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      lines.push(JSON.parse(raw) as SweepLine);
    } catch {
      damaged = true;
    }
  }
  if (damaged && repair) io.writeFile(path, lines.map((l) => JSON.stringify(l) + '\n').join(''));
  return lines;
}

export async function sweepCommand(o: SweepOptions, io: SweepIo): Promise<{ lines: SweepLine[]; ran: number; skipped: number }> {
  const spec = specOf(o);
  let points = sweepPoints(spec);
  if (o.shard) points = shardOf(points, parseShard(o.shard));
  const done = new Map<string, SweepLine>();
  if (o.resume) for (const line of readSweepLines(io, o.out, true)) done.set(line.key, line);
  else io.writeFile(o.out, '');
  const todo = points.filter((p) => !done.has(p.key));
  let finished = 0;
  const onLine = (line: string) => {
    io.appendFile(o.out, line + '\n');
    const parsed = JSON.parse(line) as SweepLine;
    done.set(parsed.key, parsed);
    io.progress?.(++finished, todo.length);
  };
  if (o.jobs <= 1) {
    for (const point of todo) {
      const result = runPoint(point, spec.seed, spec.engine, io.version);
      onLine(JSON.stringify(sweepLine(point, result)));
    }
  } else {
    const tasks = todo.map((point) => ({ kind: 'point' as const, point, seed: spec.seed, engine: spec.engine, version: io.version }));
    await runOnWorkers(tasks, o.jobs, (line) => onLine(line));
  }
  const lines = points.map((p) => done.get(p.key)!).filter((l) => l !== undefined);
  return { lines, ran: todo.length, skipped: points.length - todo.length };
}

export function renderSweep(lines: SweepLine[]): string {
  const rows = [['point', 'cycles', 'energy', 'per-PE mean', 'EDP (pJ·s)', 'util', 'cosine']];
  for (const l of lines) {
    const t = l.result.totals;
    const perPe = t.perPeEnergyPj.reduce((a, b) => a + b, 0) / t.perPeEnergyPj.length;
    const util = t.macs / (t.cycles * l.point.rows * l.point.cols);
    rows.push([l.key, int(t.cycles), energy(t.energyPj.total), energy(perPe), (t.energyPj.total * t.timeUs * 1e-6).toExponential(3), `${(100 * util).toFixed(1)}%`, l.result.accuracy.cosine.toFixed(5)]);
  }
  return table(rows);
}

export function registerSweep(program: Command, io: SweepIo, out: (s: string) => void, writeReport: (files: string[], html: string) => void): void {
  addFlags(program.command('sweep').description('run attention blocks over a grid of arrays, dataflows, orders, bits, PEs and models; one JSON line per point'), SWEEP_FLAGS)
    .action(async (opts: SweepOptions) => {
      const { lines, ran, skipped } = await sweepCommand(opts, io);
      out(renderSweep(lines));
      out(`${lines.length} points in ${opts.out} (${ran} run, ${skipped} kept from an earlier run)`);
      if (opts.report) writeReport([opts.out], opts.report);
    });
}
