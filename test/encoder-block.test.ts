// Whole encoder blocks (--scope block): every op's MACs are the analytic count and every GEMM op's cycles the closed
// form, for several shapes, batches, dataflows and both orders; W8A8 output within cosine 0.99 of float64 on DeiT-Tiny
// and DeiT-Small; the integer path within one code of its float emulation; the MLP's per-PE energy lower after.
import { beforeAll, describe, expect, it } from 'vitest';
import { closedFormCycles, planFolds, type DataflowName } from '../dataflow/fold-plan.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { OpResult } from '../sim/op-result.js';
import type { ArraySetup, Order } from '../workloads/array-setup.js';
import { PRESETS, type BlockShape } from '../workloads/presets.js';
import type { QuantSettings } from '../workloads/quant-model.js';
import { runVitJob, type JobOutput } from '../workloads/vit-job.js';

const setup = (over: Partial<ArraySetup> = {}): ArraySetup => ({ rows: 16, cols: 16, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float', ...over });
const w8a8: QuantSettings = { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax', reparam: true };
const ORDERS: Order[] = ['before', 'after'];
const OPS = ['ln1', 'qkv', 'qk', 'softmax', 'pv', 'proj', 'residual1', 'ln2', 'fc1', 'gelu', 'fc2', 'residual2'];

function block(shape: BlockShape, quant = w8a8, s = setup(), images = 1, orders = ORDERS): JobOutput {
  return runVitJob({ scope: 'block', block: 0, shape, images, orders, quant, setup: s, seed: 1, config: {}, version: 'test' });
}

/** MACs of each op of a block of B images: linear ops on B·T tokens, attention per image and head. */
function analyticMacs(shape: BlockShape, images: number): Record<string, number> {
  const { tokens: T, dim: D, heads: H } = shape;
  const [M, dh] = [images * T, D / H];
  return { ln1: 0, qkv: M * D * 3 * D, qk: images * H * T * T * dh, softmax: 0, pv: images * H * T * T * dh, proj: M * D * D, residual1: 0, ln2: 0, fc1: M * D * 4 * D, gelu: 0, fc2: M * 4 * D * D, residual2: 0 };
}

/** Closed-form cycles of a GEMM op: one GEMM per instance (image and head) of its m×k·k×n. */
const closedForm = (op: OpResult, s: ArraySetup) => op.instances * closedFormCycles(planFolds(s.dataflow, op.m, op.k, op.n, s.rows, s.cols));

describe('DeiT-Tiny block, 16×16 OS, W8A8, both orders', () => {
  let out: JobOutput;
  const shape = PRESETS['deit-tiny']!;
  beforeAll(() => {
    out = block(shape);
  }, 120_000);

  it.each(ORDERS)('%s: the op list, and MACs T·D·3D + 2·H·T²·dh + T·D² + 2·T·D·4D', (order) => {
    const r = out.results[order]!;
    expect(r.ops.map((op) => op.name)).toEqual(OPS);
    const macs = analyticMacs(shape, 1);
    for (const op of r.ops) expect(op.macs).toBe(macs[op.name]);
    expect(r.totals.macs).toBe(197 * 192 * 576 + 2 * 3 * 197 ** 2 * 64 + 197 * 192 ** 2 + 2 * 197 * 192 * 768);
  });
  it.each(ORDERS)('%s: every GEMM op takes its closed-form cycles', (order) => {
    for (const op of out.results[order]!.ops.filter((op) => op.kind !== 'vector')) expect(op.cycles).toBe(closedForm(op, setup()));
  });
  it.each(ORDERS)('%s: the block output has cosine ≥ 0.99 to float64', (order) => {
    expect(out.results[order]!.accuracy.cosine).toBeGreaterThanOrEqual(0.99);
  });
  it('after every requantization the integer path is within one code of the float emulation', () => {
    const checks = out.runs.after!.checks;
    expect(checks.map((c) => c.name)).toEqual(['ln1', 'qkv', 'pv', 'proj', 'residual1', 'ln2', 'fc1', 'gelu', 'fc2']);
    for (const c of checks) expect(c.maxGap).toBeLessThanOrEqual(1);
  });
  it('per-PE energy after/before of the MLP linear ops is below 1 (arXiv 2504.18547, extended)', () => {
    const mean = (op: OpResult) => op.perPe.energyPj.reduce((a, b) => a + b, 0) / op.perPe.energyPj.length;
    for (const name of ['fc1', 'fc2']) {
      const [b, a] = ORDERS.map((o) => mean(out.results[o]!.ops.find((op) => op.name === name)!));
      console.log(`${name} per-PE energy after/before ${(a! / b!).toFixed(3)}`);
      expect(a! / b!).toBeLessThan(1);
    }
    expect(out.comparison!.perPeEnergyRatio.mlp).toBeLessThan(1);
  });
  it('the summary: energy per image, by kind and by group, sum to the totals', () => {
    for (const r of Object.values(out.results)) {
      const s = r.summary!;
      const total = r.totals.energyPj.total;
      expect(s.energyPerImagePj).toBe(total);
      const sum = (shares: Record<string, { energyPj: number }>) => Object.values(shares).reduce((a, v) => a + v.energyPj, 0);
      expect(sum(s.byKind)).toBeCloseTo(total, 3);
      expect(sum(s.byGroup)).toBeCloseTo(total, 3);
      expect(s.blocks).toHaveLength(1);
      expect(s.blocks[0]!.outputAccuracy).toEqual(r.ops.at(-1)!.accuracy);
      expect(s.blocks[0]!.perPeEnergyPj).toEqual(r.totals.perPeEnergyPj);
    }
  });
});

describe('accuracy', () => {
  it('DeiT-Small, W8A8: cosine ≥ 0.99 in both orders', () => {
    const out = block(PRESETS['deit-small']!, w8a8, setup({ rows: 32, cols: 32 }));
    for (const order of ORDERS) expect(out.results[order]!.accuracy.cosine).toBeGreaterThanOrEqual(0.99);
  }, 120_000);
  it('DeiT-Tiny, W4A4: reported', () => {
    const out = block(PRESETS['deit-tiny']!, { ...w8a8, wbits: 4, abits: 4 });
    const [b, a] = ORDERS.map((o) => out.results[o]!.accuracy.cosine);
    console.log(`DeiT-Tiny block W4A4: cosine before ${b!.toFixed(5)}, after ${a!.toFixed(5)}`);
    expect(Math.min(b!, a!)).toBeGreaterThan(0.99);
  }, 120_000);
});

describe('MACs and cycles across presets, batches, dataflows and orders', () => {
  // Presets with 9 tokens keep each block to milliseconds; D, H and the MLP width are the preset's.
  const cases: [string, number, DataflowName][] = [
    ['deit-tiny', 3, 'is'],
    ['deit-small', 1, 'ws'],
    ['vit-base', 2, 'os'],
  ];
  it.each(cases)('%s (T = 9), batch %i, %s', (preset, images, dataflow) => {
    const shape = { ...PRESETS[preset]!, tokens: 9 };
    const s = setup({ rows: 8, cols: 8, dataflow });
    const out = block(shape, w8a8, s, images);
    const macs = analyticMacs(shape, images);
    for (const order of ORDERS) {
      const r = out.results[order]!;
      for (const op of r.ops) {
        expect(op.macs).toBe(macs[op.name]);
        if (op.kind !== 'vector') expect(op.cycles).toBe(closedForm(op, s));
      }
      expect(r.ops.find((op) => op.name === 'qk')!.instances).toBe(images * shape.heads);
      expect(r.summary!.energyPerImagePj).toBeCloseTo(r.totals.energyPj.total / images, 6);
    }
  }, 60_000);
});
