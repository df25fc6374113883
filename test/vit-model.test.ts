// Whole models (--scope model): patch_embed, pos_embed, blocks.{i}.*, norm, head; MACs = patch embedding + N blocks +
// head at every op; closed-form cycles; per-block summaries; and the timm readers: a file holding the synthetic
// model's own tensors runs to the same results, a missing or misshapen tensor is named.
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import { closedFormCycles, planFolds } from '../dataflow/fold-plan.js';
import type { Tensor } from '../io/safetensors.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { Result } from '../sim/result.js';
import type { Order } from '../workloads/array-setup.js';
import { syntheticEncoderWeights } from '../workloads/encoder-weights.js';
import { PATCH_DIM } from '../workloads/patches.js';
import type { BlockShape } from '../workloads/presets.js';
import { runJob } from '../workloads/run-job.js';
import { runOptionsSchema, type RunOptions } from '../workloads/run-options.js';
import { resolveRun } from '../workloads/run-resolver.js';
import { CLASSES, syntheticStemHead } from '../workloads/vit-model.js';

const ORDERS: Order[] = ['before', 'after'];
// 16 patches (a 4×4 grid) and the class token, D 32, 2 heads.
const shape: BlockShape = { name: 'custom', tokens: 17, dim: 32, heads: 2 };
const small = { model: 'custom', tokens: 17, dim: 32, heads: 2, array: 8, scope: 'model', blocks: 2, batch: 2 } as const;
const run = (o: Partial<RunOptions>, tensors?: Map<string, Tensor>) => runJob(resolveRun(runOptionsSchema.parse(o), { tech: DEFAULT_TECH, ...(tensors && { tensors }) }, 'test'));
const blockOps = ['ln1', 'qkv', 'qk', 'softmax', 'pv', 'proj', 'residual1', 'ln2', 'fc1', 'gelu', 'fc2', 'residual2'];

function analyticMacs(images: number, blocks: number): Record<string, number> {
  const { tokens: T, dim: D } = shape;
  const M = images * T;
  // qk and pv: H heads of T·T·dh each, H·dh = D.
  const block = { qkv: M * D * 3 * D, qk: images * T * T * D, pv: images * T * T * D, proj: M * D * D, fc1: 4 * M * D * D, fc2: 4 * M * D * D };
  return {
    patch_embed: images * (T - 1) * PATCH_DIM * D,
    head: images * D * CLASSES,
    ...Object.fromEntries(Array.from({ length: blocks }, (_, i) => Object.entries(block).map(([k, v]) => [`blocks.${i}.${k}`, v])).flat()),
  };
}

describe('a 2-block model of 2 images, both orders', () => {
  const out = run(small);
  const macs = analyticMacs(2, 2);

  it.each(ORDERS)('%s: patch_embed, pos_embed, blocks.{i}.<op>, norm, head; MACs of every op analytic', (order) => {
    const r = out.results[order]!;
    expect(r.ops.map((op) => op.name)).toEqual(['patch_embed', 'pos_embed', ...[0, 1].flatMap((i) => blockOps.map((n) => `blocks.${i}.${n}`)), 'norm', 'head']);
    for (const op of r.ops) expect(op.macs).toBe(macs[op.name] ?? 0);
    expect(r.totals.macs).toBe(Object.values(macs).reduce((s, v) => s + v, 0));
    for (const op of r.ops.filter((op) => op.kind !== 'vector')) expect(op.cycles).toBe(op.instances * closedFormCycles(planFolds('os', op.m, op.k, op.n, 8, 8)));
  });
  it.each(ORDERS)('%s: the class token and the position embedding make 17 tokens per image; the head reads one per image', (order) => {
    const r = out.results[order]!;
    const op = (name: string) => r.ops.find((o) => o.name === name)!;
    expect([op('pos_embed').m, op('pos_embed').n]).toEqual([34, 32]);
    expect([op('norm').m, op('head').m, op('head').n]).toEqual([2, 2, CLASSES]);
    expect(op('blocks.1.qk').instances).toBe(4);
  });
  it.each(ORDERS)('%s: logits within cosine 0.99 of the float64 model; every block output too', (order) => {
    const r = out.results[order]!;
    expect(r.accuracy.cosine).toBeGreaterThan(0.99);
    for (const b of r.summary!.blocks) expect(b.outputAccuracy.cosine).toBeGreaterThan(0.99);
  });
  it.each(ORDERS)('%s: per-block summaries hold their ops and heatmaps; energy per image is half the total', (order) => {
    const r = out.results[order]!;
    const s = r.summary!;
    expect(s.blocks.map((b) => b.name)).toEqual(['blocks.0', 'blocks.1']);
    for (const b of s.blocks) {
      const ops = r.ops.filter((op) => op.name.startsWith(`${b.name}.`));
      expect(b.macs).toBe(ops.reduce((a, op) => a + op.macs, 0));
      expect(b.perPeEnergyPj.reduce((a, v) => a + v, 0)).toBeCloseTo(ops.reduce((a, op) => a + op.perPe.energyPj.reduce((x, y) => x + y, 0), 0), 6);
      expect(Object.values(b.groups).reduce((a, v) => a + v, 0)).toBeCloseTo(b.energyPj, 6);
    }
    expect(s.energyPerImagePj).toBeCloseTo(r.totals.energyPj.total / 2, 6);
    expect(s.byGroup['other']!.macs).toBe(macs['patch_embed']! + macs['head']!);
  });
  it('the MLP linear ops spend less per PE after than before', () => {
    expect(out.comparison!.perPeEnergyRatio.mlp).toBeLessThan(1);
  });
});

/** The synthetic model's tensors under timm's names, as a timm checkpoint would hold them. */
function timmTensors(blocks: number, seed: number): Map<string, Tensor> {
  const D = shape.dim;
  const w = syntheticStemHead(shape, seed);
  const t = new Map<string, Tensor>();
  const put = (name: string, dims: number[], data: Float64Array) => t.set(name, { dtype: 'F64', shape: dims, data });
  put('patch_embed.proj.weight', [D, 3, 16, 16], w.patchWeight.data);
  put('patch_embed.proj.bias', [D], w.patchBias);
  put('cls_token', [1, 1, D], w.embeddings.classToken);
  put('pos_embed', [1, shape.tokens, D], w.embeddings.position.data);
  put('norm.weight', [D], w.norm.weight);
  put('norm.bias', [D], w.norm.bias);
  put('head.weight', [CLASSES, D], w.headWeight.data);
  put('head.bias', [CLASSES], w.headBias);
  for (let i = 0; i < blocks; i++) {
    const b = syntheticEncoderWeights(shape, seed, i);
    const p = `blocks.${i}.`;
    put(`${p}norm1.weight`, [D], b.normWeight);
    put(`${p}norm1.bias`, [D], b.normBias);
    put(`${p}attn.qkv.weight`, [3 * D, D], b.qkvWeight.data);
    put(`${p}attn.qkv.bias`, [3 * D], b.qkvBias);
    put(`${p}attn.proj.weight`, [D, D], b.projWeight.data);
    put(`${p}attn.proj.bias`, [D], b.projBias);
    put(`${p}norm2.weight`, [D], b.norm2Weight);
    put(`${p}norm2.bias`, [D], b.norm2Bias);
    put(`${p}mlp.fc1.weight`, [4 * D, D], b.fc1Weight.data);
    put(`${p}mlp.fc1.bias`, [4 * D], b.fc1Bias);
    put(`${p}mlp.fc2.weight`, [D, 4 * D], b.fc2Weight.data);
    put(`${p}mlp.fc2.bias`, [D], b.fc2Bias);
  }
  return t;
}

const withoutConfig = (r: Result) => ({ ...r, config: {} });

describe('timm weights', () => {
  const o = { ...small, batch: 1, order: 'after', seed: 3 } as const;
  it('a model file of the synthetic model’s own tensors runs to the synthetic run’s results; its depth is the file’s', () => {
    const tensors = timmTensors(2, 3);
    const fromFile = run({ ...o, blocks: undefined, weights: 'model.safetensors' }, tensors).results.after!;
    expect(fromFile.config['blocks']).toBe(2);
    expect(withoutConfig(fromFile)).toEqual(withoutConfig(run(o).results.after!));
  });
  it('so does a block of it under --scope block --block 1', () => {
    const block = { ...o, scope: 'block', block: 1, blocks: undefined } as const;
    expect(withoutConfig(run({ ...block, weights: 'model.safetensors' }, timmTensors(2, 3)).results.after!)).toEqual(withoutConfig(run(block).results.after!));
  });
  it.each([['blocks.1.mlp.fc2.weight'], ['blocks.0.norm2.weight'], ['pos_embed'], ['head.weight'], ['patch_embed.proj.weight']])('a file without %s: an input error naming it', (name) => {
    const tensors = timmTensors(2, 3);
    tensors.delete(name);
    expect(() => run({ ...o, weights: 'm.safetensors' }, tensors)).toThrow(new InputError(`--weights m.safetensors: tensor ${name} not found; the file has blocks 0, 1`));
  });
  it('a position embedding for another image size: an input error naming it and the shape expected', () => {
    const tensors = timmTensors(2, 3);
    tensors.set('pos_embed', { dtype: 'F32', shape: [1, 5, 32], data: new Float64Array(160) });
    expect(() => run({ ...o, weights: 'm.safetensors' }, tensors)).toThrow('--weights m.safetensors: tensor pos_embed has shape [1, 5, 32]; expected [1, 17, 32] for dim 32');
  });
});
