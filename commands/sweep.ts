// `systolic sweep`: attention runs over a grid of run options (workloads/sweep-options.ts) on a pool of worker
// threads, one JSON line per finished point; --resume continues the same sweep only, --shard i/n|auto.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { efficiencyOf } from '../sim/efficiency.js';
import type { Result } from '../sim/result.js';
import { sweepCsv } from '../reports/csv.js';
import { jobBytes, jobShape } from '../workloads/block-memory.js';
import { integers, option, relabel } from '../workloads/option-info.js';
import { gridDifference, gridOptions, sweepLine, sweepLineSchema, type FileDigests, type GridStamp, type SweepLine } from '../workloads/sweep-line.js';
import { SWEEP_GRID_OPTIONS, sweepSpec } from '../workloads/sweep-options.js';
import { pointJob, runSweepPoint } from '../workloads/sweep-run.js';
import { parseShard, shardOf, sweepPoints, type FixedOptions, type Shard, type SweepPoint } from '../workloads/sweep-plan.js';
import { readBytes, type Io } from './common.js';
import { configSchema, withConfigFile } from './config-file.js';
import { energy, int, table } from './format.js';
import { checkMemory, MAX_MEMORY_OPTION } from './memory-budget.js';
import { addFlags } from './options.js';
import { FORMAT_OPTION, isCsvPath } from './output-format.js';
import { commandProfile, PROFILE_OPTION, UNPROFILED, type CommandProfile, type PhaseTimes } from './profile.js';
import { QUIET_OPTION, withProgress, type ProgressIo } from './progress.js';
import { readRunFiles } from './run.js';
import { shardFromEnv, type AutoShard, type Env } from './shard-env.js';
import { runOnWorkers } from './workers.js';

export interface SweepIo extends Io {
  appendFile(path: string, text: string): void;
  exists(path: string): boolean;
}

/** The grid (every run option, the axes' lists) and how to run it: workers, resume, shard, files. */
export const SWEEP_FLAGS = {
  ...SWEEP_GRID_OPTIONS,
  jobs: option(integers(1, 256).default(availableParallelism()), { arg: 'n', help: 'worker threads' }),
  resume: option(z.boolean().optional(), { help: 'keep the points of this same sweep already in --out and run the rest' }),
  force: option(z.boolean().optional(), { help: 'overwrite an existing --out' }),
  shard: option(z.string().optional(), { arg: 'i/n|auto', help: 'run only points with index ≡ i (mod n), 0 ≤ i < n; auto: i and n of a Kubernetes Indexed Job or Slurm job array (docs/ci.md)' }),
  out: option(z.string().default('sweep.jsonl'), { arg: 'file.jsonl', help: 'JSON lines, one per point' }),
  report: option(z.string().optional(), { arg: 'file.html', help: 'also write an HTML report of the sweep' }),
  config: option(z.string().min(1).optional(), { arg: 'exp.json|exp.yaml', help: 'read the options from a file: the run config fields and the grid lists (camelCase); flags win' }),
  format: relabel('format', FORMAT_OPTION, 'print the points as json (JSON lines, as in --out) or csv (one row per point and op, docs/result-schema.md) instead of the table'),
  quiet: QUIET_OPTION,
  profile: PROFILE_OPTION,
  maxMemory: MAX_MEMORY_OPTION,
};
export type SweepOptions = z.output<z.ZodObject<typeof SWEEP_FLAGS>>;

/** A config file may set every flag but how this terminal prints (--format, --quiet, --profile) and --config itself. */
const { config: _config, format: _format, quiet: _quiet, profile: _profile, ...CONFIG_FIELDS } = SWEEP_FLAGS;
export const sweepConfigSchema = configSchema(CONFIG_FIELDS);

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The contents of the files the fixed options name: the grid is the same only if they are. */
function fileDigests(o: FixedOptions, io: Io): FileDigests {
  const named = (['tech', 'weights', 'input', 'topology'] as const).filter((k) => o[k] !== undefined);
  return Object.fromEntries(named.map((k) => [k, `sha256:${sha256(readBytes(io, `--${k}`, o[k]!))}`]));
}

export interface SweepFile {
  lines: { at: number; line: SweepLine }[];
  /** Line numbers that are not JSON: cut short by a kill, or damaged. */
  torn: number[];
}

/** The lines of a sweep file; a line that is JSON but not a sweep line with a grid record is refused by name. */
export function readSweepFile(io: Io, flag: string, path: string): SweepFile {
  const text = new TextDecoder().decode(readBytes(io, flag, path));
  const out: SweepFile = { lines: [], torn: [] };
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      out.torn.push(i + 1);
      return;
    }
    if (!sweepLineSchema.safeParse(value).success) {
      throw new InputError(`${flag}: ${path} line ${i + 1} is not a sweep line with a grid record (written by another command or an older systolic); allowed the JSONL of systolic sweep`);
    }
    out.lines.push({ at: i + 1, line: value as SweepLine });
  });
  return out;
}

const shardText = (s: Shard) => `${s.index}/${s.count}`;

/** The points --resume keeps: only lines of this very grid and shard; anything else is refused before a point runs. */
function earlierLines(io: SweepIo, path: string, grid: GridStamp): { lines: SweepLine[]; dropped: number } {
  if (!io.exists(path)) return { lines: [], dropped: 0 };
  const file = readSweepFile(io, '--resume', path);
  const kept = new Map<string, SweepLine>();
  for (const { at, line } of file.lines) {
    if (line.grid.id !== grid.id) {
      const diff = gridDifference(line.grid.options, grid.options, [path, 'this sweep']) ?? `grid ${line.grid.id} in ${path}, ${grid.id} in this sweep`;
      throw new InputError(`resume: ${path} line ${at} is a point of another sweep (${diff}); allowed the options that made it, --force to start over, or another --out`);
    }
    if (shardText(line.grid.shard) !== shardText(grid.shard)) {
      throw new InputError(`resume: ${path} line ${at} is a point of shard ${shardText(line.grid.shard)}, this is shard ${shardText(grid.shard)}; allowed the same --shard, or another --out`);
    }
    if (!kept.has(line.key)) kept.set(line.key, line);
  }
  const dropped = file.torn.length + file.lines.length - kept.size;
  // The file is rewritten without the lines cut short (or repeated), so the points appended next start a fresh line.
  if (dropped > 0) io.writeFile(path, [...kept.values()].map((l) => JSON.stringify(l) + '\n').join(''));
  return { lines: [...kept.values()], dropped };
}

export interface SweepOutcome {
  lines: SweepLine[];
  ran: number;
  skipped: number;
  /** Lines of --out dropped by --resume: cut short by a kill, or repeated. */
  dropped: number;
  points: number;
  shard: Shard & Partial<Pick<AutoShard, 'source'>>;
}

/** Runs the sweep; `onPoint` hears each point finish, `profile` times the phases of every thread. */
export async function sweepCommand(o: SweepOptions, io: SweepIo, env: Env, onPoint?: (done: number, total: number) => void, profile: CommandProfile = UNPROFILED): Promise<SweepOutcome> {
  const { phase } = profile;
  if (isCsvPath(o.out)) throw new InputError(`out: ${o.out.slice(0, 100)} names a CSV file, but a sweep's --out holds JSON lines (resume, merge and report read them); allowed a .jsonl name, and --format csv prints the CSV`);
  if (o.resume && o.force) throw new InputError('force: --resume keeps the points in --out, --force overwrites them; allowed one of the two');
  if (!o.resume && !o.force && io.exists(o.out)) throw new InputError(`out: ${o.out} exists; allowed --resume to continue its sweep, --force to overwrite it, or another --out`);
  const spec = sweepSpec(o);
  const all = sweepPoints(spec);
  const shard = o.shard === 'auto' ? shardFromEnv(env) : parseShard(o.shard ?? '0/1');
  const points = shardOf(all, shard);
  const files = readRunFiles(spec.fixed, io);
  const jobOf = (p: SweepPoint) => pointJob(p, spec, files, io.version);
  // Every point is resolved, and so checked, before the first one runs; the largest, on every worker at once, must fit.
  const jobs = points.map(jobOf);
  const workers = Math.max(1, Math.min(o.jobs, points.length));
  const sized = jobs.map((job) => ({ job, ...jobBytes(job, 1) }));
  const largest = sized.reduce<(typeof sized)[number] | undefined>((a, b) => (!a || b.bytes > a.bytes ? b : a), undefined);
  if (largest) {
    checkMemory(`sweep: its largest point (${jobShape(largest.job)} on ${largest.job.setup.rows}×${largest.job.setup.cols}${workers > 1 ? `, on ${workers} workers at once` : ''})`, largest.bytes * workers, largest.beyondEngine, o.maxMemory);
  }
  const options = gridOptions(spec, fileDigests(spec.fixed, io), io.version);
  const grid: GridStamp = { id: sha256(JSON.stringify(options)).slice(0, 16), points: all.length, shard: { index: shard.index, count: shard.count }, options };
  const earlier = o.resume ? earlierLines(io, o.out, grid) : { lines: [], dropped: 0 };
  if (!o.resume) io.writeFile(o.out, '');
  const done = new Map(earlier.lines.map((l) => [l.key, l]));
  const todo = points.filter((p) => !done.has(p.key));
  let finished = 0;
  const record = (point: SweepPoint, result: Result) => {
    const line = phase('result assembly', () => sweepLine(point, result, grid));
    const text = phase('serialization', () => JSON.stringify(line) + '\n');
    phase('writing', () => io.appendFile(o.out, text));
    done.set(point.key, line);
    onPoint?.(++finished, todo.length);
  };
  if (o.jobs <= 1) {
    for (const point of todo) record(point, runSweepPoint(point, spec, files, io.version, phase));
  } else {
    const message = (point: SweepPoint) => ({ kind: 'order' as const, job: jobOf(point), order: point.order, profile: profile.on });
    const onLine = (text: string, point: SweepPoint, phases?: PhaseTimes) => {
      profile.add(phases);
      record(point, phase('worker messages', () => JSON.parse(text) as Result));
    };
    await profile.waiting(runOnWorkers(todo, o.jobs, onLine, message));
  }
  const lines = points.map((p) => done.get(p.key)).filter((l) => l !== undefined);
  return { lines, ran: todo.length, skipped: points.length - todo.length, dropped: earlier.dropped, points: all.length, shard };
}

export function renderSweep(lines: SweepLine[]): string {
  const rows = [['point', 'cycles', 'energy', 'per-PE mean', 'EDP (pJ·s)', 'area (mm²)', 'E×A (pJ·mm²)', 'util', 'cosine']];
  for (const l of lines) {
    const t = l.result.totals;
    const s = efficiencyOf(t);
    const perPe = t.perPeEnergyPj.reduce((a, b) => a + b, 0) / t.perPeEnergyPj.length;
    const util = t.macs / (t.cycles * l.point.rows * l.point.cols);
    rows.push([l.key, int(t.cycles), energy(t.energyPj.total), energy(perPe), s.edpPjS.toExponential(3), s.areaMm2.toFixed(3), s.energyAreaPjMm2.toExponential(3), `${(100 * util).toFixed(1)}%`, l.result.accuracy.cosine.toFixed(5)]);
  }
  return table(rows);
}

export function sweepSummary(s: SweepOutcome, out: string): string {
  const dropped = s.dropped > 0 ? `; ${s.dropped} damaged or repeated line${s.dropped > 1 ? 's' : ''} dropped` : '';
  const shard = s.shard.count > 1 ? `; shard ${shardText(s.shard)} of ${s.points} points${s.shard.source ? ` (${s.shard.source})` : ''}` : '';
  return `${s.lines.length} points in ${out} (${s.ran} run, ${s.skipped} kept from an earlier run)${dropped}${shard}`;
}

export function registerSweep(program: Command, io: SweepIo & ProgressIo, out: (s: string) => void, writeReport: (files: string[], html: string) => void): void {
  addFlags(program.command('sweep').description('run attention blocks over a grid of run options (arrays, dataflows, orders, bits, PEs, models, ...); one JSON line per point'), SWEEP_FLAGS)
    .action(async (flags: SweepOptions, cmd: Command) => {
      const opts = withConfigFile(flags, cmd, io, sweepConfigSchema);
      const format = opts.format ?? 'text';
      const profile = commandProfile(opts.profile);
      const outcome = await withProgress(io, opts.quiet, 'points', (update) => sweepCommand(opts, io, process.env, update, profile));
      if (format === 'text') out(renderSweep(outcome.lines));
      else out((format === 'csv' ? sweepCsv(outcome.lines) : outcome.lines.map((l) => JSON.stringify(l) + '\n').join('')).trimEnd());
      // The summary is for people: with machine output on stdout it goes to stderr.
      (format === 'text' ? out : (s: string) => process.stderr.write(s + '\n'))(sweepSummary(outcome, opts.out));
      if (opts.report) writeReport([opts.out], opts.report);
      profile.end();
    });
}
