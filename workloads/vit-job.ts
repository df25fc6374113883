// One run of a ViT workload (--scope attention|block|model): build (or load) its data, then segment by segment
// calibrate its quantized model on the float64 forward pass, run every chosen order on it, and compare the orders.
// Segments are built one at a time and dropped once run, so a model's memory is one block's. Pure: files come in
// as parsed tensors.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import { untimed, type Phase } from '../core/phase.js';
import { accuracyOf, type Accuracy } from '../sim/accuracy.js';
import type { OpResult } from '../sim/op-result.js';
import { assembleResult, type Result } from '../sim/result.js';
import { referenceForward, syntheticBlock, type AttentionBlock, type AttentionWeights } from './attention-block.js';
import { attentionOps, attentionReference } from './attention-ops.js';
import { ORDERS, type ArraySetup, type Order } from './array-setup.js';
import { encoderBlock, type Segment } from './encoder-block.js';
import { syntheticEncoderWeights, syntheticResidual, type EncoderWeights } from './encoder-weights.js';
import { AFTER } from './execute-after.js';
import { BEFORE } from './execute-before.js';
import { executeOps } from './execute-ops.js';
import type { OrderExecutor } from './executor.js';
import { perPeMean, summarize, type OpTag } from './layer-summary.js';
import { syntheticPatches } from './patches.js';
import type { BlockShape } from './presets.js';
import { activationQuantizer, buildQuantModel, codeOf, wideQuantizer, type ActivationQuantizer, type QuantSettings } from './quant-model.js';
import type { RequantCheck } from './requantize.js';
import { reparameterize } from './reparam.js';
import { mapMatrix, tensorOf, type Tensors } from './tensors.js';
import { headSegment, stemSegment, syntheticStemHead, type VitWeights } from './vit-model.js';

export const SCOPES = ['attention', 'block', 'model'] as const;
export type Scope = (typeof SCOPES)[number];

export const EXECUTORS: Record<Order, OrderExecutor> = { before: BEFORE, after: AFTER };

interface JobBase {
  shape: BlockShape;
  /** Images stacked along the tokens (--batch). */
  images: number;
  orders: Order[];
  quant: QuantSettings;
  setup: ArraySetup;
  seed: number;
  /** Input activations (else seeded synthetic ones): the block input, or a model's patches (B·P × 768). */
  input?: Matrix;
  /** Everything that describes the run, for the result's config. */
  config: Record<string, unknown>;
  version: string;
}

/** Real weights for the scope (else seeded synthetic ones); `block` names the timm block a block run reads; a model runs `blocks` blocks. */
export type VitJob = JobBase &
  ({ scope: 'attention'; weights?: AttentionWeights } | { scope: 'block'; block: number; weights?: EncoderWeights } | { scope: 'model'; blocks: number; weights?: VitWeights });

export interface Comparison {
  /** after / before, of the per-PE energy summed over the ops of each kind (PE energy: no SRAM, no edge units); block and model runs add the attention and MLP ops. */
  perPeEnergyRatio: { linear: number; matmul: number; block: number; attention?: number; mlp?: number };
  /** after / before of all energy, edge units and SRAM included. */
  totalEnergyRatio: number;
  cycleRatio: number;
}

/** One order of a run: its op results, where each comes from, the workload's output and its accuracy, the requantization checks. */
export interface OrderRun {
  order: Order;
  ops: OpResult[];
  tags: OpTag[];
  y: Matrix;
  accuracy: Accuracy;
  checks: RequantCheck[];
  /** The accuracy of each encoder block's output. */
  blockOutputs: Map<string, Accuracy>;
}

export interface JobOutput {
  results: Partial<Record<Order, Result>>;
  runs: Partial<Record<Order, OrderRun>>;
  comparison?: Comparison;
}

const sumWhere = (r: Result, f: (op: OpResult) => boolean) => r.ops.filter(f).reduce((s, op) => s + perPeMean(op), 0);

export function compareOrders(before: Result, after: Result): Comparison {
  const ratio = (f: (op: OpResult) => boolean) => sumWhere(after, f) / sumWhere(before, f);
  const byGroup = (g: string) => after.summary!.byGroup[g]!.perPeMeanPj / before.summary!.byGroup[g]!.perPeMeanPj;
  return {
    perPeEnergyRatio: {
      linear: ratio((op) => op.kind === 'linear'),
      matmul: ratio((op) => op.kind === 'matmul'),
      block: ratio(() => true),
      ...(before.summary && after.summary && { attention: byGroup('attention'), mlp: byGroup('mlp') }),
    },
    totalEnergyRatio: after.totals.energyPj.total / before.totals.energyPj.total,
    cycleRatio: after.totals.cycles / before.totals.cycles,
  };
}

/** A segment as it runs: the encoder block it is (if any), and on the first one the workload's input codes. */
interface Step {
  segment: Segment;
  block?: string;
  inputs?: Tensors;
}

const codesOf = (name: string, m: Matrix, q: ActivationQuantizer): Tensors => new Map([[name, { kind: 'codes', codes: mapMatrix(m, (v) => codeOf(q, v)), quantizer: q, stackedHeads: 1 }]]);

function checkInput(input: Matrix, rows: number, cols: number, what: string): Matrix {
  if (input.rows !== rows || input.cols !== cols) throw new InputError(`input: shape ${input.rows}×${input.cols} does not match the ${what}; expected ${rows}×${cols}`);
  return input;
}

function* attentionSteps(job: JobBase & { weights?: AttentionWeights }, phase: Phase): Generator<Step> {
  const { shape, images, quant } = job;
  const synthetic = phase('weights and operands', () => syntheticBlock(shape, job.seed, images));
  const given: AttentionBlock = { shape, x: job.input ? checkInput(job.input, images * shape.tokens, shape.dim, 'block (tokens × dim per image)') : synthetic.x, weights: job.weights ?? synthetic.weights };
  // Lossless in float: the reference below is the same block's output (to rounding), quantization gets easier.
  const block = quant.reparam ? phase('quantization', () => reparameterize(given, quant.abits, quant.calibration).block) : given;
  const ref = phase('float64 reference', () => referenceForward(block, images));
  const model = phase('quantization', () => buildQuantModel(block, ref, quant));
  const segment = { ops: attentionOps(shape, { name: (n) => n, images }), model, reference: attentionReference(block, ref), output: { name: 'y', ref: ref.y } };
  yield { segment, inputs: phase('quantization', () => codesOf('x', block.x, model.tensors.get('x')!)) };
}

function* blockSteps(job: JobBase & { block: number; weights?: EncoderWeights }, phase: Phase): Generator<Step> {
  const { shape, images, quant } = job;
  const x0 = job.input ? checkInput(job.input, images * shape.tokens, shape.dim, 'block (tokens × dim per image)') : phase('weights and operands', () => syntheticResidual(shape, job.seed, images));
  const name = `blocks.${job.block}`;
  const weights = job.weights ?? phase('weights and operands', () => syntheticEncoderWeights(shape, job.seed, job.block));
  const segment = encoderBlock({ shape, at: { name: (n) => n, images }, weights, input: { name: 'in', ref: x0 }, quant, layer: 4 * job.block, last: 'float', phase });
  yield { segment, block: name, inputs: phase('quantization', () => codesOf('in', x0, wideQuantizer(x0, quant))) };
}

function* modelSteps(job: JobBase & { blocks: number; weights?: VitWeights }, phase: Phase): Generator<Step> {
  const { shape, images, quant } = job;
  const patches = shape.tokens - 1;
  const w = job.weights ?? phase('weights and operands', () => syntheticStemHead(shape, job.seed));
  const input = job.input ? checkInput(job.input, images * patches, w.patchWeight.cols, 'model input (patches of every image × 3·16·16)') : phase('weights and operands', () => syntheticPatches(patches, images, job.seed));
  const stem = stemSegment(w, input, quant, 4 * job.blocks, phase);
  // Only the last output is kept between segments: a segment's weights are dropped before the next one is built.
  let output = stem.output;
  yield { segment: stem, inputs: phase('quantization', () => codesOf('patches', input, activationQuantizer(input, quant))) };
  for (let i = 0; i < job.blocks; i++) {
    const prefix = `blocks.${i}`;
    const weights = job.weights?.blocks[i] ?? phase('weights and operands', () => syntheticEncoderWeights(shape, job.seed, i));
    const segment = encoderBlock({ shape, at: { name: (n) => `${prefix}.${n}`, images }, weights, input: output, quant, layer: 4 * i, last: 'codes', phase });
    output = segment.output;
    yield { segment, block: prefix };
  }
  yield { segment: headSegment(shape, w, output, quant, 4 * job.blocks + 1, phase) };
}

function stepsOf(job: VitJob, phase: Phase): Generator<Step> {
  if (job.scope === 'attention') return attentionSteps(job, phase);
  return job.scope === 'block' ? blockSteps(job, phase) : modelSteps(job, phase);
}

/** Runs every order segment by segment; each order carries only a segment's output tensor to the next. */
function runOrders(job: VitJob, orders: Order[], phase: Phase): OrderRun[] {
  const runs = orders.map((order) => ({ order, ops: [] as OpResult[], tags: [] as OpTag[], checks: [] as RequantCheck[], blockOutputs: new Map<string, Accuracy>(), tensors: new Map() as Tensors }));
  let last: Segment['output'] | undefined;
  for (const { segment, block, inputs } of stepsOf(job, phase)) {
    for (const run of runs) {
      const out = executeOps(segment.ops, EXECUTORS[run.order], inputs ?? run.tensors, { model: segment.model, reference: segment.reference, setup: job.setup }, phase);
      run.ops.push(...out.ops);
      run.tags.push(...out.sources.map((op) => ({ group: op.group, ...(block !== undefined && { block }) })));
      run.checks.push(...out.checks);
      if (block !== undefined) run.blockOutputs.set(block, out.ops.at(-1)!.accuracy);
      run.tensors = new Map([[segment.output.name, out.tensors.get(segment.output.name)!]]);
    }
    last = segment.output;
  }
  return runs.map(({ tensors, ...run }) => {
    const y = tensorOf(tensors, last!.name, 'float').values;
    return { ...run, y, accuracy: phase('accuracy', () => accuracyOf(y.data, last!.ref.data)) };
  });
}

/** Runs the job; `phase` times its phases (--profile). */
export function runVitJob(job: VitJob, phase: Phase = untimed): JobOutput {
  const out: JobOutput = { results: {}, runs: {} };
  for (const run of runOrders(job, ORDERS.filter((o) => job.orders.includes(o)), phase)) {
    out.runs[run.order] = run;
    out.results[run.order] = phase('result assembly', () => {
      const result = assembleResult('run', job.version, { ...job.config, order: run.order }, run.ops, job.setup.clockMhz, run.accuracy, job.setup.tech);
      if (job.scope !== 'attention') result.summary = summarize(run.ops, run.tags, job.images, run.blockOutputs);
      return result;
    });
  }
  if (out.results.before && out.results.after) out.comparison = phase('result assembly', () => compareOrders(out.results.before!, out.results.after!));
  return out;
}
