// Workloads are op lists (docs/workloads.md, "Op descriptors"): an op or a vector-unit kind added as data to the
// attention block's list runs in both orders with no change to the executors, at the cycles, MACs, edge counts
// and accuracy a hand computation gives.
import { describe, expect, it } from 'vitest';
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { closedFormCycles, planFolds } from '../dataflow/fold-plan.js';
import { accuracyOf } from '../sim/accuracy.js';
import { edgeEnergyPj } from '../sim/edge-units.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { ArraySetup, Order } from '../workloads/array-setup.js';
import { addBias, referenceForward, scaled, syntheticBlock } from '../workloads/attention-block.js';
import { attentionOps, attentionReference } from '../workloads/attention-ops.js';
import { EXECUTORS } from '../workloads/vit-job.js';
import { executeOps, type OpsRun } from '../workloads/execute-ops.js';
import { joinHeads } from '../workloads/heads.js';
import type { LinearOp, OpDescriptor, TensorName, VectorOp } from '../workloads/ops.js';
import type { BlockShape } from '../workloads/presets.js';
import { buildQuantModel, codeOf, quantizeLinear, quantizerOf, valueOf, type ActivationQuantizer, type LinearWeights, type QuantModel, type QuantSettings } from '../workloads/quant-model.js';
import { mapMatrix, tensorOf } from '../workloads/tensors.js';
import type { VectorUnit } from '../workloads/vector-unit.js';

const shape: BlockShape = { name: 'small', tokens: 20, dim: 32, heads: 2 };
const setup: ArraySetup = { rows: 8, cols: 8, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float' };
const w8a8: QuantSettings = { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax' };
const block = syntheticBlock(shape, 5);
const ref = referenceForward(block);
const T = shape.tokens;
const D = shape.dim;
const H = shape.heads;

/** Ops appended to the block's list, with the quantizers, weights and float64 references they name. */
interface Extra {
  ops: OpDescriptor[];
  quantizers?: [TensorName, ActivationQuantizer][];
  weights?: [string, LinearWeights][];
  reference: [TensorName, Matrix][];
}

/** The attention block's list with `extra` appended, its quantized model and reference extended to match. */
function run(order: Order, quant: QuantSettings, extra?: Extra): OpsRun {
  const qm = buildQuantModel(block, ref, quant);
  const model: QuantModel = {
    settings: quant,
    tensors: new Map([...qm.tensors, ...(extra?.quantizers ?? [])]),
    weights: new Map([...qm.weights, ...(extra?.weights ?? [])]),
  };
  const reference = new Map([...attentionReference(block, ref), ...(extra?.reference ?? [])]);
  const x = quantizerOf(qm, 'x');
  const inputs = new Map([['x', { kind: 'codes' as const, codes: mapMatrix(block.x, (v) => codeOf(x, v)), quantizer: x, stackedHeads: 1 }]]);
  return executeOps([...attentionOps(shape), ...(extra?.ops ?? [])], EXECUTORS[order], inputs, { model, reference, setup });
}

const opNamed = (r: OpsRun, name: string) => r.ops.find((op) => op.name === name)!;

describe('a scaled copy of proj appended to the list', () => {
  // Y2 = O·(2W)ᵀ + 2b: weights and bias doubled, so every code is proj's and every scale, value and error doubles exactly.
  const proj2: LinearOp = { kind: 'linear', name: 'proj2', group: 'attention', input: 'o', weights: 'proj2', output: { tensor: 'y2', as: 'float' } };
  const twice = (quant: QuantSettings): Extra => ({
    ops: [proj2],
    weights: [['proj2', quantizeLinear(scaled(block.weights.projWeight, 2), block.weights.projBias.map((b) => 2 * b), ref.o, 1, quant)]],
    reference: [['y2', addBias(referenceGemm(ref.o, transpose(scaled(block.weights.projWeight, 2))), block.weights.projBias.map((b) => 2 * b))]],
  });

  it.each(['before', 'after'] as const)('runs in the %s order at proj’s cycles and MACs, with twice its output and error', (order) => {
    const plain = run(order, w8a8);
    const r = run(order, w8a8, twice(w8a8));
    expect(r.ops.map((op) => op.name)).toEqual(['qkv', 'qk', 'softmax', 'pv', 'proj', 'proj2']);
    expect(r.ops.slice(0, 5)).toEqual(plain.ops);
    const [proj, copy] = [opNamed(r, 'proj'), opNamed(r, 'proj2')];
    expect([copy.m, copy.k, copy.n, copy.kind]).toEqual([T, D, D, 'linear']);
    expect(copy.cycles).toBe(closedFormCycles(planFolds('os', T, D, D, 8, 8)));
    expect(copy.cycles).toBe(proj.cycles);
    expect(copy.macs).toBe(T * D * D);
    expect(copy.edge).toEqual(proj.edge);
    const y = tensorOf(r.tensors, 'y', 'float').values.data;
    expect(Array.from(tensorOf(r.tensors, 'y2', 'float').values.data)).toEqual(Array.from(y, (v) => 2 * v));
    expect(copy.accuracy.cosine).toBe(proj.accuracy.cosine);
    expect(copy.accuracy.relL2).toBe(proj.accuracy.relL2);
    expect(copy.accuracy.maxAbs).toBe(2 * proj.accuracy.maxAbs);
    // After: the same codes on the same integer PEs, so the same toggles and energy.
    if (order === 'after') expect(copy.energyPj).toEqual(proj.energyPj);
  });

  it('gets its own FrameQuant transform GEMM in the after order, at the closed-form cycles', () => {
    const fq: QuantSettings = { ...w8a8, wbits: 2, wquant: 'framequant', redundancy: 1.1 };
    const r = run('after', fq, twice(fq));
    expect(r.ops.map((op) => op.name)).toEqual(['qkv-frame', 'qkv', 'qk', 'softmax', 'pv', 'proj-frame', 'proj', 'proj2-frame', 'proj2']);
    expect(r.checks.map((c) => c.name)).toEqual(['qkv-frame', 'qkv', 'pv', 'proj-frame', 'proj2-frame']);
    const frame = opNamed(r, 'proj2-frame');
    const p = frame.n;
    expect(frame.cycles).toBe(closedFormCycles(planFolds('os', T, D, p, 8, 8)));
    expect(opNamed(r, 'proj2').cycles).toBe(closedFormCycles(planFolds('os', T, p, D, 8, 8)));
    expect(opNamed(r, 'proj2').energyPj).toEqual(opNamed(r, 'proj').energyPj);
    expect(frame.accuracy).toEqual(opNamed(r, 'proj-frame').accuracy);
  });
});

describe('a vector unit defined here, appended as a new op kind', () => {
  // σ(S) per element in fp32: an exp, an add and a reciprocal each; its output in [0, 1] quantized like P.
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  const SIGMOID: VectorUnit = {
    implementation: () => ({
      input: { kind: 'float' },
      apply: ([s]) => ({
        out: { rows: s!.x.rows, cols: s!.x.cols, data: s!.x.data.map((v) => Math.fround(sigmoid(Math.fround(v * s!.scale)))) },
        counts: { fp32Exp: s!.x.data.length, fp32Add: s!.x.data.length, fp32Recip: s!.x.data.length },
      }),
    }),
  };
  const gate: VectorOp = { kind: 'vector', name: 'gate', group: 'other', unit: SIGMOID, inputs: ['s'], output: { tensor: 'g', as: 'codes' } };
  const s = joinHeads(ref.heads.map((h) => h.s), 'stack');
  const p = quantizerOf(buildQuantModel(block, ref, w8a8), 'p');
  const extra: Extra = { ops: [gate], quantizers: [['g', p]], reference: [['g', matrix(s.rows, s.cols, s.data.map(sigmoid))]] };

  it.each(['before', 'after'] as const)('runs in the %s order: one element per lane per cycle, its own operations plus the conversions', (order) => {
    const r = run(order, w8a8, extra);
    expect(r.ops.map((op) => op.name)).toEqual(['qkv', 'qk', 'softmax', 'pv', 'proj', 'gate']);
    const op = opNamed(r, 'gate');
    const n = H * T * T;
    expect([op.kind, op.m, op.k, op.n, op.instances, op.macs]).toEqual(['vector', T, 0, T, H, 0]);
    expect(op.cycles).toBe(Math.ceil(n / 8));
    // Its unit's operations, the output's multiply and rounding, and (after) the integer accumulators' conversion.
    const counts = { fp32Mul: n, fp32Add: n, ...(order === 'after' && { intToFloat: n }), floatToInt: n, fp32Exp: n, fp32Recip: n };
    expect(op.edge).toEqual(counts);
    expect(op.energyPj.edge).toBeCloseTo(edgeEnergyPj(DEFAULT_TECH, counts), 9);
    expect(op.sram).toEqual({ reads: n, writes: n, readBits: 32 * n, writeBits: 8 * n });
    // Its accuracy: the dequantized codes of g against σ of the float64 S.
    const g = tensorOf(r.tensors, 'g', 'codes');
    expect(op.accuracy).toEqual(accuracyOf(Array.from(g.codes.data, (c) => valueOf(p, c)), Array.from(s.data, sigmoid)));
    expect(op.accuracy.cosine).toBeGreaterThan(0.999);
  });
});
