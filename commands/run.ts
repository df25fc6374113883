// `systolic run`: a ViT attention block, encoder block or model (--scope) in one or both operand orders, or a SCALE-Sim
// topology: per-op cycles, energy and accuracy.
import type { Command } from 'commander';
import { z } from 'zod';
import { parseNpy } from '../io/npy.js';
import { parseSafetensors } from '../io/safetensors.js';
import { parseTopology } from '../io/topology.js';
import { resultsCsv } from '../reports/csv.js';
import type { Result } from '../sim/result.js';
import { ORDERS, type Order } from '../workloads/array-setup.js';
import { perPeMean } from '../workloads/layer-summary.js';
import { ordersOf, runJob } from '../workloads/run-job.js';
import type { JobOutput } from '../workloads/vit-job.js';
import { jobBytes, jobShape } from '../workloads/block-memory.js';
import { FRAME_BLOCKS } from '../workloads/quant/fusion-frame.js';
import { option } from '../workloads/option-info.js';
import { BLOCK_ARRAY_OPTIONS, QUANT_DATA_OPTIONS, type RunOptions } from '../workloads/run-options.js';
import { resolveRun, type RunFiles } from '../workloads/run-resolver.js';
import { runJson } from '../workloads/run-json.js';
import { JSON_OPTION, loadTech, readBytes, type Io } from './common.js';
import { configSchema, withConfigFile } from './config-file.js';
import { energy, int, memoryLines, pct, table } from './format.js';
import { blockTable, modelOpTable, summaryLines, topologyTable } from './run-tables.js';
import { checkMemory, MAX_MEMORY_OPTION } from './memory-budget.js';
import { addFlags } from './options.js';
import { commandProfile, PROFILE_OPTION, UNPROFILED, type CommandProfile, type PhaseTimes } from './profile.js';
import { FORMAT_OPTION, isCsvPath, printFormat } from './output-format.js';
import { QUIET_OPTION, withProgress, type ProgressIo } from './progress.js';
import { JOBS_OPTION } from './fold-pool.js';
import { runOnWorkers, workerScript } from './workers.js';

/** The flags of `systolic run`, in help order: the run options with --json between the array and the quantization. */
export const RUN_FLAGS = {
  ...BLOCK_ARRAY_OPTIONS,
  json: JSON_OPTION,
  ...QUANT_DATA_OPTIONS,
  out: option(z.string().min(1).optional(), { arg: 'result.json', help: 'also write the result JSON to a file' }),
  report: option(z.string().min(1).optional(), { arg: 'report.html', help: 'also write an HTML report (needs --out or writes <report>.json beside it)' }),
  config: option(z.string().min(1).optional(), { arg: 'exp.json|exp.yaml', help: 'read the options from a file (same names as the flags, camelCase); flags win' }),
  jobs: JOBS_OPTION,
  format: FORMAT_OPTION,
  quiet: QUIET_OPTION,
  profile: PROFILE_OPTION,
  maxMemory: MAX_MEMORY_OPTION,
};
export type RunFlags = z.output<z.ZodObject<typeof RUN_FLAGS>>;

/** A config file may set every flag but how this terminal prints (--json, --format, --quiet, --profile) and --config itself. */
const { json: _json, format: _format, quiet: _quiet, profile: _profile, config: _config, ...CONFIG_FIELDS } = RUN_FLAGS;
export const runConfigSchema = configSchema(CONFIG_FIELDS);

/** The files the options name, read and parsed; the resolver checks them against the block. */
export function readRunFiles(o: Pick<RunOptions, 'weights' | 'input' | 'tech' | 'topology' | 'topologyFormat'>, io: Io): RunFiles {
  return {
    ...(o.weights && { tensors: parseSafetensors(readBytes(io, '--weights', o.weights), `--weights ${o.weights}`) }),
    ...(o.input && { input: parseNpy(readBytes(io, '--input', o.input), `--input ${o.input}`) }),
    ...(o.topology && { topology: parseTopology(new TextDecoder().decode(readBytes(io, '--topology', o.topology)), o.topology, o.topologyFormat) }),
    tech: loadTech(io, o.tech),
  };
}

/**
 * Runs the job on a worker thread whose GEMMs split their folds over --jobs threads, so this thread stays free to
 * draw progress; from the sources (no built worker) in this thread. `onOrder` hears the orders start and finish;
 * `profile` times the phases of this thread and the job's.
 */
export async function runCommandParallel(o: RunFlags, io: Io, onOrder?: (done: number, total: number) => void, profile: CommandProfile = UNPROFILED): Promise<JobOutput> {
  const { phase } = profile;
  const job = phase('set-up', () => resolveRun(o, readRunFiles(o, io), io.version));
  const { bytes, largest, beyondEngine } = jobBytes(job, o.jobs);
  const largestOp = `largest op ${largest.name} ${largest.m}×${largest.k}·${largest.k}×${largest.n}`;
  checkMemory(`${job.scope === 'topology' ? '--topology' : '--tokens --dim --heads'}: ${jobShape(job)} (${largestOp})`, bytes, beyondEngine, o.maxMemory);
  const total = ordersOf(job).length;
  onOrder?.(0, total);
  let out: JobOutput | undefined;
  if (workerScript()) {
    const onLine = (line: string, _task: unknown, phases?: PhaseTimes) => {
      out = { ...phase('worker messages', () => JSON.parse(line) as Omit<JobOutput, 'runs'>), runs: {} };
      profile.add(phases);
    };
    await profile.waiting(runOnWorkers([{ kind: 'job' as const, job, jobs: o.jobs, profile: profile.on }], 1, onLine));
  } else {
    out = runJob(job, phase);
  }
  onOrder?.(total, total);
  return out!;
}

/** What ran: the attention part of a block, a whole block, a model, with its batch. */
function workload(c: Record<string, unknown>): string {
  const shape = `T=${c['tokens']}, D=${c['dim']}, H=${c['heads']}${Number(c['batch'] ?? 1) > 1 ? `, batch ${c['batch']}` : ''}`;
  if (c['scope'] === 'model') return `${c['model']} model (${shape}; patch embedding, ${c['blocks']} encoder blocks, norm, head)`;
  return `${c['model']} ${c['scope'] === 'block' ? 'encoder block' : 'attention'} (${shape})`;
}

function header(r: Result): string {
  const c = r.config as Record<string, unknown>;
  if (c['topology'] !== undefined) {
    return `SCALE-Sim topology ${c['topology']} (${c['layers']} ${c['topologyFormat']} layers), seeded random operands (seed ${c['seed']}), ${c['rows']}×${c['cols']} ${String(c['dataflow']).toUpperCase()} array, ${c['tech']} at ${c['clockMhz']} MHz`;
  }
  return (
    `${workload(c)}, W${c['wbits']}A${c['abits']} P${c['pbits']} ${c['pquant']}, ` +
    (c['wquant'] === 'framequant' ? `FrameQuant weights (redundancy ${c['redundancy']}: p/d = ${Math.ceil(Number(c['redundancy']) * FRAME_BLOCKS - 1e-9) / FRAME_BLOCKS}), ` : '') +
    `${c['zeroPoints']} zero points${c['reparam'] ? ', reparameterized' : ''}, ${c['softmax']} softmax, ${c['rows']}×${c['cols']} ${String(c['dataflow']).toUpperCase()} array, ${c['tech']} at ${c['clockMhz']} MHz`
  );
}

const shapeOf = (op: Result['ops'][number]) => (op.kind === 'vector' ? `${op.instances}×${op.m}×${op.n}` : `${op.instances > 1 ? `${op.instances}×` : ''}${op.m}×${op.k}·${op.k}×${op.n}`);
const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);

function opTable(r: Result): string {
  const rows = [['op', 'kind', 'shape', 'cycles', 'MACs', 'util', 'energy', 'edge+sram', 'per-PE mean', 'per-PE max', 'cosine']];
  for (const op of r.ops) {
    rows.push([op.name, op.kind, shapeOf(op), int(op.cycles), int(op.macs), op.kind === 'vector' ? '-' : pct(op.utilization), energy(op.energyPj.total), energy(op.energyPj.edge + op.energyPj.sram), energy(perPeMean(op)), energy(maxOf(op.perPe.energyPj)), op.accuracy.cosine.toFixed(5)]);
  }
  const t = r.totals;
  rows.push(['total', '', '', int(t.cycles), int(t.macs), '', energy(t.energyPj.total), energy(t.energyPj.edge + t.energyPj.sram), energy(t.perPeEnergyPj.reduce((a, b) => a + b, 0) / t.perPeEnergyPj.length), energy(maxOf(t.perPeEnergyPj)), r.accuracy.cosine.toFixed(5)]);
  return table(rows);
}

/** An order's tables: its ops (a model's summed by name, then its blocks), its output's accuracy, its energy per image. */
function orderTables(r: Result): string[] {
  const c = r.config as Record<string, unknown>;
  const memory = r.totals.memory ? memoryLines(r.totals.memory) : [];
  if (c['topology'] !== undefined) return [topologyTable(r), ...memory];
  const output = c['scope'] === 'model' ? 'model output (logits)' : 'block output';
  const accuracy = `accuracy of the ${output} vs float64: cosine ${r.accuracy.cosine.toFixed(6)}, rel L2 ${r.accuracy.relL2.toExponential(3)}, max abs ${r.accuracy.maxAbs.toExponential(3)}`;
  if (!r.summary) return [opTable(r), '', accuracy, ...memory];
  return [...(c['scope'] === 'model' ? [modelOpTable(r), '', blockTable(r)] : [opTable(r)]), '', accuracy, ...memory, ...summaryLines(r)];
}

export function renderRun(out: JobOutput): string {
  const lines: string[] = [];
  const first = out.results.before ?? out.results.after!;
  lines.push(header(first), '');
  for (const order of ORDERS) {
    const r = out.results[order];
    if (!r) continue;
    const pe = (r.config as { pe: string; floatPe: string; order?: Order }).pe;
    const title = r.config['topology'] === undefined ? `dequant-${order}${order === 'before' ? ` (${(r.config as { floatPe: string }).floatPe} PEs)` : ' (integer PEs)'}` : `${pe} PEs${r.config['order'] ? ` (the dequant-${order} order's)` : ''}`;
    lines.push(title, ...orderTables(r), '');
  }
  if (out.comparison) {
    const c = out.comparison;
    const r = c.perPeEnergyRatio;
    lines.push(
      `per-PE energy after/before: linear ops ${r.linear.toFixed(3)}, matmul ops ${r.matmul.toFixed(3)}, all ops ${r.block.toFixed(3)}${r.attention !== undefined ? `; attention ${r.attention.toFixed(3)}, MLP ${r.mlp!.toFixed(3)}` : ''}`,
      `total energy after/before (with edge units and SRAM) ${c.totalEnergyRatio.toFixed(3)}; cycles after/before ${c.cycleRatio.toFixed(3)}`,
    );
  }
  return lines.join('\n').trimEnd();
}

export function registerRun(program: Command, io: Io & ProgressIo, out: (s: string) => void, report: (files: string[], html: string) => void): void {
  addFlags(program.command('run').description('simulate ViT attention, a whole encoder block or a whole model with dequantization before or after the matrix ops (or both), or the layers of a SCALE-Sim topology file'), RUN_FLAGS)
    .action(async (flags: RunFlags, cmd: Command) => {
      const opts = withConfigFile(flags, cmd, io, runConfigSchema);
      const format = printFormat(opts);
      const profile = commandProfile(opts.profile);
      const { phase } = profile;
      const result = await withProgress(io, opts.quiet, 'orders', (update) => runCommandParallel(opts, io, update, profile));
      const json = phase('serialization', () => JSON.stringify(runJson(result)));
      const csv = () => phase('serialization', () => resultsCsv(Object.values(result.results)));
      // An --out file named *.csv gets the CSV; the report then reads the JSON from beside it.
      const [csvOut, jsonOut] = opts.out && isCsvPath(opts.out) ? [opts.out, undefined] : [undefined, opts.out];
      if (csvOut) phase('writing', () => io.writeFile(csvOut, csv()));
      const jsonPath = jsonOut ?? (opts.report ? opts.report.replace(/\.html?$/i, '') + '.json' : undefined);
      if (jsonPath) phase('writing', () => io.writeFile(jsonPath, json + '\n'));
      // The report reads its result from a file: say where, when no --out named it.
      if (jsonPath && !jsonOut) process.stderr.write(`wrote ${jsonPath} (the result JSON the report reads; --out names it)\n`);
      const text = format === 'json' ? json : format === 'csv' ? csv().trimEnd() : phase('serialization', () => renderRun(result));
      phase('writing', () => out(text));
      if (opts.report && jsonPath) phase('writing', () => report([jsonPath], opts.report!));
      profile.end();
    });
}
