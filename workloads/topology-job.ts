// A SCALE-Sim topology on the array (--topology): every layer's GEMM with seeded random operands of one PE, each
// layer's cycles, energy and SRAM traffic; the same GEMM as `systolic gemm --m M --k K --n N --pe … --seed …`.
// The PE is --pe when it names one (int8, fp16, …: one run), else each order's: the float PE before, int<abits> after.
import type { Phase } from '../core/phase.js';
import type { TopologyLayer } from '../io/topology.js';
import { peSpecFromName } from '../pe/catalog.js';
import { mergeOps } from '../sim/merge-ops.js';
import type { OpResult } from '../sim/op-result.js';
import { randomOperands } from '../sim/random-operands.js';
import { assembleResult } from '../sim/result.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import type { ArraySetup, Order } from './array-setup.js';
import type { JobOutput } from './vit-job.js';

export interface TopologyJob {
  scope: 'topology';
  layers: TopologyLayer[];
  /** The PE of each run and the order it stands for; `named`: --pe named the PE, one run whatever the orders. */
  runs: { order: Order; pe: string }[];
  named: boolean;
  setup: ArraySetup;
  seed: number;
  config: Record<string, unknown>;
  version: string;
}

function layerResult(layer: TopologyLayer, pe: string, job: TopologyJob, phase: Phase): OpResult {
  const spec = peSpecFromName(pe);
  const { a, b } = phase('weights and operands', () => randomOperands(spec, layer.m, layer.k, layer.n, job.seed));
  const s = job.setup;
  const run = phase('simulate gemm', () => simulateGemm({ a, b, pe: spec, name: layer.name, dataflow: s.dataflow, rows: s.rows, cols: s.cols, tech: s.tech, gating: s.gating, micro: s.micro ?? 'simple', clockMhz: s.clockMhz, engine: s.engine ?? 'fast', ...(s.memory && { memory: s.memory }) }));
  // A depthwise layer's channels are GEMMs of one shape on the same seeded operands: the one result, that many times.
  return layer.instances === 1 ? run.result : mergeOps(layer.name, 'gemm', Array.from({ length: layer.instances }, () => run.result));
}

export function runTopologyJob(job: TopologyJob, phase: Phase): JobOutput {
  const out: JobOutput = { results: {}, runs: {} };
  for (const { order, pe } of job.runs) {
    const ops = job.layers.map((layer) => layerResult(layer, pe, job, phase));
    // The result's accuracy is its least accurate layer's (float PEs round; int PEs are exact).
    const worst = ops.reduce((a, op) => (op.accuracy.cosine < a.accuracy.cosine ? op : a));
    out.results[order] = phase('result assembly', () => assembleResult('run', job.version, { ...job.config, pe, ...(!job.named && { order }) }, ops, job.setup.clockMhz, worst.accuracy, job.setup.tech));
  }
  return out;
}
