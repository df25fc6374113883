// `systolic run`: a ViT attention block in one or both operand orders, per-op cycles, energy and accuracy.
import { Option, type Command } from 'commander';
import type { Gating } from '../dataflow/array-run.js';
import { MAX_ARRAY_DIM, type DataflowName } from '../dataflow/fold-plan.js';
import { parseNpy } from '../io/npy.js';
import { parseSafetensors } from '../io/safetensors.js';
import { InputError } from '../core/input-error.js';
import type { Matrix } from '../core/matrix.js';
import type { Result } from '../sim/result.js';
import type { EngineName } from '../sim/simulate-gemm.js';
import { AFTER_PES, ORDERS, type AfterPe, type Order } from '../workloads/attention-run.js';
import { compareOrders, perPeMean, runAttentionJob, type AttentionJob, type JobOutput } from '../workloads/attention-job.js';
import { blockShape, PRESETS } from '../workloads/presets.js';
import { FRAME_BLOCKS } from '../workloads/quant/fusion-frame.js';
import { PROB_QUANTS, type ProbQuantKind } from '../workloads/quant/prob-quantizer.js';
import { CALIBRATIONS, type Calibration } from '../workloads/quant/uniform.js';
import { WEIGHT_QUANTS, ZERO_POINTS, type WeightQuant, type ZeroPoints } from '../workloads/quant-model.js';
import { SOFTMAXES, type SoftmaxKind } from '../workloads/softmax.js';
import { timmAttentionWeights, timmDim } from '../workloads/timm-weights.js';
import { addArrayOptions, loadTech, readBytes, type Io } from './common.js';
import { parseRunConfig } from './config-file.js';
import { energy, int, pct, table } from './format.js';
import { intArg, numberInRangeArg } from './options.js';
import { runOnWorkers, workerScript } from './workers.js';
import { availableParallelism } from 'node:os';

export interface RunOptions {
  model?: string;
  tokens?: number;
  dim?: number;
  heads?: number;
  array: number;
  rows?: number;
  cols?: number;
  dataflow: DataflowName;
  order: Order | 'both';
  /** Default 8, or 2 with --wquant framequant. */
  wbits?: number;
  abits: number;
  pbits: number;
  pquant: ProbQuantKind;
  softmax: SoftmaxKind;
  zeroPoints: ZeroPoints;
  calibration: Calibration;
  reparam?: boolean;
  wquant: WeightQuant;
  redundancy: number;
  pe: AfterPe;
  floatPe: 'fp16' | 'bf16' | 'fp32';
  gating: Gating;
  weights?: string;
  block: number;
  input?: string;
  seed: number;
  tech?: string;
  clockMhz?: number;
  json?: boolean;
  out?: string;
  engine: EngineName;
  config?: string;
  report?: string;
  jobs?: number;
}

/** Builds the attention job the options describe (reads the weight and input files). */
export function attentionJob(o: RunOptions, io: Io): AttentionJob {
  const tensors = o.weights ? parseSafetensors(readBytes(io, '--weights', o.weights), `--weights ${o.weights}`) : undefined;
  const fileDim = tensors ? timmDim(tensors, o.block) : undefined;
  const dim = o.dim ?? (o.model === undefined ? fileDim : undefined);
  const shape = blockShape(o.model ?? (dim === undefined ? 'deit-tiny' : undefined), { ...(o.tokens !== undefined && { tokens: o.tokens }), ...(dim !== undefined && { dim }), ...(o.heads !== undefined && { heads: o.heads }) });
  const weights = tensors ? timmAttentionWeights(tensors, o.block, shape.dim, `--weights ${o.weights}`) : undefined;
  let input: Matrix | undefined;
  if (o.input) {
    input = parseNpy(readBytes(io, '--input', o.input), `--input ${o.input}`);
    if (input.cols !== shape.dim || (o.tokens !== undefined && input.rows !== o.tokens)) {
      throw new InputError(`--input ${o.input}: shape ${input.rows}×${input.cols} does not match the block; expected tokens × ${shape.dim}`);
    }
    shape.tokens = input.rows;
  }
  const tech = loadTech(io, o.tech);
  const rows = o.rows ?? o.array;
  const cols = o.cols ?? o.array;
  const clockMhz = o.clockMhz ?? tech.clockMhz;
  const framequant = o.wquant === 'framequant';
  const quant = {
    wbits: o.wbits ?? (framequant ? 2 : 8),
    abits: o.abits,
    pbits: o.pbits,
    pquant: o.pquant,
    zeroPoints: o.zeroPoints,
    calibration: o.calibration,
    reparam: o.reparam ?? false,
    wquant: o.wquant,
    ...(framequant && { redundancy: o.redundancy }),
  };
  const config = {
    model: shape.name,
    tokens: shape.tokens,
    dim: shape.dim,
    heads: shape.heads,
    rows,
    cols,
    dataflow: o.dataflow,
    ...quant,
    softmax: o.softmax,
    floatPe: o.floatPe,
    pe: o.pe,
    gating: o.gating,
    engine: o.engine,
    tech: tech.name,
    clockMhz,
    data: o.weights || o.input ? { weights: o.weights ?? 'synthetic', block: o.block, input: o.input ?? 'synthetic', seed: o.seed } : { synthetic: true, seed: o.seed },
  };
  return {
    shape,
    orders: o.order === 'both' ? [...ORDERS] : [o.order],
    quant,
    setup: { rows, cols, dataflow: o.dataflow, gating: o.gating, tech, clockMhz, floatPe: o.floatPe, softmax: o.softmax, engine: o.engine, afterPe: o.pe },
    seed: o.seed,
    ...(weights && { weights }),
    ...(input && { input }),
    config,
    version: io.version,
  };
}

/** Both orders at once on two worker threads (each order is independent); one order runs in-process. */
export async function runCommandParallel(o: RunOptions, io: Io): Promise<JobOutput> {
  const job = attentionJob(o, io);
  if (job.orders.length < 2 || (o.jobs ?? 1) < 2 || !workerScript()) return runAttentionJob(job);
  const done: JobOutput['results'] = {};
  const tasks = job.orders.map((order) => ({ kind: 'order' as const, job, order }));
  await runOnWorkers(tasks, 2, (line, task) => (done[task.order] = JSON.parse(line) as Result));
  // Same key order as the in-process run, whichever worker finished first.
  const results: JobOutput['results'] = { before: done.before!, after: done.after! };
  return { results, runs: {}, comparison: compareOrders(results.before!, results.after!) };
}

/** The JSON a run prints or writes: one Result, or both orders with their comparison. */
export function runJson(out: JobOutput): unknown {
  const orders = Object.keys(out.results) as Order[];
  if (orders.length === 1) return out.results[orders[0]!];
  return { schemaVersion: out.results.before!.schemaVersion, command: 'run', comparison: out.comparison, results: out.results };
}

function header(r: Result): string {
  const c = r.config as Record<string, unknown>;
  return (
    `${c['model']} attention (T=${c['tokens']}, D=${c['dim']}, H=${c['heads']}), W${c['wbits']}A${c['abits']} P${c['pbits']} ${c['pquant']}, ` +
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

export function renderRun(out: JobOutput): string {
  const lines: string[] = [];
  const first = out.results.before ?? out.results.after!;
  lines.push(header(first), '');
  for (const order of ORDERS) {
    const r = out.results[order];
    if (!r) continue;
    lines.push(`dequant-${order}${order === 'before' ? ` (${(r.config as { floatPe: string }).floatPe} PEs)` : ' (integer PEs)'}`, opTable(r), '');
    lines.push(`accuracy of the block output vs float64: cosine ${r.accuracy.cosine.toFixed(6)}, rel L2 ${r.accuracy.relL2.toExponential(3)}, max abs ${r.accuracy.maxAbs.toExponential(3)}`, '');
  }
  if (out.comparison) {
    const c = out.comparison;
    lines.push(
      `per-PE energy after/before: linear ops ${c.perPeEnergyRatio.linear.toFixed(3)}, matmul ops ${c.perPeEnergyRatio.matmul.toFixed(3)}, all ops ${c.perPeEnergyRatio.block.toFixed(3)}`,
      `total energy after/before (with edge units and SRAM) ${c.totalEnergyRatio.toFixed(3)}; cycles after/before ${c.cycleRatio.toFixed(3)}`,
    );
  }
  return lines.join('\n').trimEnd();
}

/** Fields of a --config file fill every option not given on the command line. */
export function applyConfig(opts: RunOptions, cmd: Command, io: Io): RunOptions {
  if (!opts.config) return opts;
  const config = parseRunConfig(new TextDecoder().decode(readBytes(io, '--config', opts.config)), opts.config);
  const merged = { ...opts } as Record<string, unknown>;
  for (const [key, value] of Object.entries(config)) if (cmd.getOptionValueSource(key) !== 'cli') merged[key] = value;
  return merged as unknown as RunOptions;
}

export function registerRun(program: Command, io: Io, out: (s: string) => void, report: (files: string[], html: string) => void): void {
  const cmd = program
    .command('run')
    .description('simulate a ViT self-attention block with dequantization before or after the matrix ops (or both)')
    .option('--model <name>', `preset: ${Object.keys(PRESETS).join(', ')} (default deit-tiny; or --dim --heads)`)
    .option('--tokens <n>', 'tokens (default 197)', intArg(1, 16384))
    .option('--dim <n>', 'embedding dim D', intArg(1, 16384))
    .option('--heads <n>', 'heads H (must divide D)', intArg(1, 16384))
    .option('--array <n>', 'square array size N (N×N)', intArg(1, MAX_ARRAY_DIM), 16);
  addArrayOptions(cmd)
    .addOption(new Option('--order <order>', 'dequantize before or after the matrix ops').choices([...ORDERS, 'both']).default('both'))
    .option('--wbits <n>', 'weight bits (default 8; 2 with --wquant framequant)', intArg(2, 8))
    .option('--abits <n>', 'activation bits', intArg(2, 8), 8)
    .option('--pbits <n>', 'attention-probability bits', intArg(2, 8), 8)
    .addOption(new Option('--pquant <q>', 'probability quantizer').choices(PROB_QUANTS).default('uniform'))
    .addOption(new Option('--softmax <s>', 'softmax unit').choices(SOFTMAXES).default('float'))
    .addOption(new Option('--zero-points <z>', 'activation zero points').choices(ZERO_POINTS).default('asymmetric'))
    .addOption(new Option('--calibration <c>', 'activation range calibration').choices(CALIBRATIONS).default('minmax'))
    .option('--reparam', 'I&S-ViT channel→layer reparameterization of the block input (lossless in float)')
    .addOption(new Option('--wquant <q>', 'linear-layer weights: uniform per channel, or FrameQuant (frame space, extra transform GEMM)').choices(WEIGHT_QUANTS).default('uniform'))
    .option('--redundancy <r>', 'FrameQuant frame redundancy p/d, 1.0 to 2.0 (rounded up to a step of 1/8: 1.1 → 1.125)', numberInRangeArg(1, 2), 1.1)
    .addOption(new Option('--pe <kind>', 'dequant-after PEs: int; shift for P·V (needs --pquant log2 or sulq); lut tables (codes ≤ 4 bits)').choices(AFTER_PES).default('int'))
    .addOption(new Option('--float-pe <f>', 'float PE of the before order').choices(['fp16', 'bf16', 'fp32']).default('fp16'))
    .option('--weights <file.safetensors>', 'timm weights (blocks.{i}.attn.qkv.*, attn.proj.*)')
    .option('--block <i>', 'block index in --weights', intArg(0, 1000), 0)
    .option('--input <file.npy>', 'block input activations, tokens × dim')
    .option('--seed <n>', 'seed of the synthetic block', intArg(0, 2 ** 32 - 1), 1)
    .option('--out <result.json>', 'also write the result JSON to a file')
    .option('--report <report.html>', 'also write an HTML report (needs --out or writes <report>.json beside it)')
    .option('--config <exp.json|exp.yaml>', 'read the options from a file (same names as the flags, camelCase); flags win')
    .option('--jobs <n>', 'worker threads: 2 runs the two orders of --order both side by side', intArg(1, 256), Math.min(2, availableParallelism()))
    .action(async (flags: RunOptions, cmd: Command) => {
      const opts = applyConfig(flags, cmd, io);
      const result = await runCommandParallel(opts, io);
      const json = JSON.stringify(runJson(result));
      const jsonPath = opts.out ?? (opts.report ? opts.report.replace(/\.html?$/i, '') + '.json' : undefined);
      if (jsonPath) io.writeFile(jsonPath, json + '\n');
      out(opts.json ? json : renderRun(result));
      if (opts.report && jsonPath) report([jsonPath], opts.report);
    });
}
