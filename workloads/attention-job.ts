// One attention job: build (or load) the block, calibrate the quantized model, run the chosen orders and
// compare them. Pure: files come in as parsed tensors.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import { assembleResult, type Result } from '../sim/result.js';
import type { OpResult } from '../sim/simulate-gemm.js';
import { referenceForward, syntheticBlock, type AttentionBlock, type AttentionWeights } from './attention-block.js';
import { ORDERS, runAttention, type ArraySetup, type AttentionRun, type Order } from './attention-run.js';
import type { BlockShape } from './presets.js';
import { buildQuantModel, type QuantSettings } from './quant-model.js';
import { reparameterize } from './reparam.js';

export interface AttentionJob {
  shape: BlockShape;
  orders: Order[];
  quant: QuantSettings;
  setup: ArraySetup;
  seed: number;
  /** Real weights and input (else seeded synthetic ones). */
  weights?: AttentionWeights;
  input?: Matrix;
  /** Everything that describes the run, for the result's config. */
  config: Record<string, unknown>;
  version: string;
}

export interface Comparison {
  /** after / before, of the per-PE energy summed over the ops of each kind (PE energy: no SRAM, no edge units). */
  perPeEnergyRatio: { linear: number; matmul: number; block: number };
  /** after / before of all energy, edge units and SRAM included. */
  totalEnergyRatio: number;
  cycleRatio: number;
}

export interface JobOutput {
  results: Partial<Record<Order, Result>>;
  runs: Partial<Record<Order, AttentionRun>>;
  comparison?: Comparison;
}

export function perPeMean(op: OpResult): number {
  return op.perPe.energyPj.reduce((a, b) => a + b, 0) / op.perPe.energyPj.length;
}

const sumWhere = (r: Result, f: (op: OpResult) => boolean) => r.ops.filter(f).reduce((s, op) => s + perPeMean(op), 0);

export function compareOrders(before: Result, after: Result): Comparison {
  const ratio = (f: (op: OpResult) => boolean) => sumWhere(after, f) / sumWhere(before, f);
  return {
    perPeEnergyRatio: { linear: ratio((op) => op.kind === 'linear'), matmul: ratio((op) => op.kind === 'matmul'), block: ratio(() => true) },
    totalEnergyRatio: after.totals.energyPj.total / before.totals.energyPj.total,
    cycleRatio: after.totals.cycles / before.totals.cycles,
  };
}

export function runAttentionJob(job: AttentionJob): JobOutput {
  const synthetic = syntheticBlock(job.shape, job.seed);
  const given: AttentionBlock = { shape: job.shape, x: job.input ?? synthetic.x, weights: job.weights ?? synthetic.weights };
  if (given.x.rows !== job.shape.tokens || given.x.cols !== job.shape.dim) {
    throw new InputError(`input: shape ${given.x.rows}×${given.x.cols} does not match the block; expected tokens × dim = ${job.shape.tokens}×${job.shape.dim}`);
  }
  // Lossless in float: the reference below is the same block's output (to rounding), quantization gets easier.
  const block = job.quant.reparam ? reparameterize(given, job.quant.abits, job.quant.calibration).block : given;
  const ref = referenceForward(block);
  const qm = buildQuantModel(block, ref, job.quant);
  const out: JobOutput = { results: {}, runs: {} };
  for (const order of ORDERS.filter((o) => job.orders.includes(o))) {
    const run = runAttention(block, ref, qm, order, job.setup);
    out.runs[order] = run;
    out.results[order] = assembleResult('run', job.version, { ...job.config, order }, run.ops, job.setup.clockMhz, run.accuracy, job.setup.tech);
  }
  if (out.results.before && out.results.after) out.comparison = compareOrders(out.results.before, out.results.after);
  return out;
}
