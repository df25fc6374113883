// The attention block in both orders (docs/workloads.md): integer requantization within one code of a float emulation,
// accuracy at W8A8 and its growth as bits shrink, exact zero-point corrections, and the per-PE energy claim.
import { beforeAll, describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../core/matrix.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { accuracyOf } from '../sim/accuracy.js';
import type { ArraySetup } from '../workloads/array-setup.js';
import { runVitJob, type JobOutput } from '../workloads/vit-job.js';
import { PRESETS, type BlockShape } from '../workloads/presets.js';
import type { QuantSettings } from '../workloads/quant-model.js';
import { randomIntMatrix, rng } from '../core/random.js';
import { correctZeroPoints } from '../workloads/zero-point.js';

const setup = (over: Partial<ArraySetup> = {}): ArraySetup => ({ rows: 16, cols: 16, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float', ...over });
const w8a8: QuantSettings = { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax' };
const small: BlockShape = { name: 'small', tokens: 40, dim: 64, heads: 2 };

function job(shape: BlockShape, quant: QuantSettings, s: ArraySetup, seed = 1, orders: ('before' | 'after')[] = ['before', 'after']): JobOutput {
  return runVitJob({ scope: 'attention', shape, images: 1, orders, quant, setup: s, seed, config: {}, version: 'test' });
}

const maxCodeGap = (out: JobOutput) => Math.max(...out.runs.after!.checks.map((c) => c.maxGap));

describe('DeiT-Tiny attention, 16×16 OS array, W8A8', () => {
  let out: JobOutput;
  beforeAll(() => {
    out = job(PRESETS['deit-tiny']!, w8a8, setup());
  }, 120_000);

  it('after each requantization the integer path is within one code of the float emulation', () => {
    expect(out.runs.after!.checks.map((c) => c.name)).toEqual(['qkv', 'pv']);
    expect(maxCodeGap(out)).toBeLessThanOrEqual(1);
  });
  it('the dequant-after output has cosine ≥ 0.999 to the float reference', () => {
    expect(out.results.after!.accuracy.cosine).toBeGreaterThanOrEqual(0.999);
  });
  it('both orders execute the same quantized model', () => {
    expect(accuracyOf(out.runs.before!.y.data, out.runs.after!.y.data).cosine).toBeGreaterThan(0.9999);
  });
  it('dequant-after per-PE energy is below dequant-before for linear and for matmul ops (arXiv 2504.18547)', () => {
    const r = out.comparison!.perPeEnergyRatio;
    console.log(`per-PE energy after/before: linear ${r.linear.toFixed(3)}, matmul ${r.matmul.toFixed(3)}`);
    expect(r.linear).toBeLessThan(1);
    expect(r.matmul).toBeLessThan(1);
  });
  it('both orders take the closed-form cycles of their GEMMs: the same schedule', () => {
    expect(out.results.after!.totals.cycles).toBe(out.results.before!.totals.cycles);
  });
});

describe('quantizer variants keep the integer path within one code', () => {
  it.each([
    ['symmetric', 'uniform', 'float'],
    ['asymmetric', 'sulq', 'base2'],
    ['symmetric', 'log2', 'base2'],
    ['asymmetric', 'uniform', 'base2'],
  ] as const)('%s zero points, %s probabilities, %s softmax', (zeroPoints, pquant, softmax) => {
    const out = job(small, { ...w8a8, zeroPoints, pquant }, setup({ softmax, rows: 8, cols: 8 }), 2, ['after']);
    expect(maxCodeGap(out)).toBeLessThanOrEqual(1);
    expect(out.results.after!.accuracy.cosine).toBeGreaterThan(0.99);
  });
});

describe('error grows as bits shrink', () => {
  it('W8A8 < W6A6 < W4A4 < W3A3 in relative L2 error, averaged over seeds', () => {
    const mean = (bits: number) => {
      let sum = 0;
      for (const seed of [1, 2, 3]) sum += job(small, { ...w8a8, wbits: bits, abits: bits }, setup({ rows: 8, cols: 8 }), seed, ['after']).results.after!.accuracy.relL2;
      return sum / 3;
    };
    const errors = [8, 6, 4, 3].map(mean);
    console.log(`relL2 W8A8 ${errors[0]!.toFixed(4)}, W6A6 ${errors[1]!.toFixed(4)}, W4A4 ${errors[2]!.toFixed(4)}, W3A3 ${errors[3]!.toFixed(4)}`);
    for (let i = 1; i < errors.length; i++) expect(errors[i]).toBeGreaterThan(errors[i - 1]!);
  });
});

describe('zero-point corrections', () => {
  it('give exactly the accumulators of subtracting the zero points first', () => {
    for (const [m, k, n, za, zb] of [[7, 9, 5, 3, 11], [12, 4, 6, 0, 7], [5, 13, 8, 200, 0], [1, 1, 1, 255, 255]] as const) {
      const next = rng(m * 100 + k);
      const a = randomIntMatrix(m, k, 0, 255, next);
      const b = randomIntMatrix(k, n, 0, 255, next);
      const shifted = (x: Matrix, z: number): Matrix => matrix(x.rows, x.cols, Array.from(x.data, (v) => v - z));
      const uint8 = { kind: 'int', aBits: 8, bBits: 8, aSigned: false, bSigned: false, overflow: 'wrap' } as const;
      const int9 = { kind: 'int', aBits: 9, bBits: 9, aSigned: true, bSigned: true, overflow: 'wrap' } as const;
      const raw = simulateGemm({ a, b, pe: uint8, dataflow: 'ws', rows: 4, cols: 4 }).output;
      const direct = simulateGemm({ a: shifted(a, za), b: shifted(b, zb), pe: int9, dataflow: 'ws', rows: 4, cols: 4 }).output;
      expect(Array.from(correctZeroPoints(raw, a, b, za, zb).acc.data)).toEqual(Array.from(direct.data));
    }
  });
});
