// The built CLI with its fold pool: `systolic gemm` and `systolic run` print the same bytes (and gemm writes the same
// C) with --jobs 2 and 3 as with --jobs 1, on GEMMs big enough that their folds are split over the threads, and on
// per-head matmuls that run whole, as a batch over the threads.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { planFolds } from '../dataflow/fold-plan.js';
import { rangesFor } from '../sim/fold-parallel.js';
import { scratch } from './built-cli.js';

const { cli, path } = scratch('fold-jobs');
const SHAPE = { m: 100, k: 256, n: 1024 };
const SIZE = ['--m', String(SHAPE.m), '--k', String(SHAPE.k), '--n', String(SHAPE.n), '--rows', '8', '--cols', '8'];

describe('--jobs splits GEMM folds without changing a result', () => {
  it('the shapes below are cut into a range per thread, so the threads do run', () => {
    for (const df of ['os', 'ws', 'is'] as const) expect(rangesFor(planFolds(df, SHAPE.m, SHAPE.k, SHAPE.n, 8, 8), 3).length).toBeGreaterThanOrEqual(3);
  });

  for (const [df, more] of [
    ['os', ['--pe', 'int8']],
    ['ws', ['--pe', 'fp16', '--micro', 'pipelined']],
    ['is', ['--pe', 'int4', '--acc-bits', '12', '--overflow', 'saturate']],
  ] as const) {
    it(`gemm ${df} ${more.join(' ')}: --jobs 2 and 3 = --jobs 1, JSON and C`, () => {
      const runs = [1, 2, 3].map((jobs) => {
        const r = cli(['gemm', ...SIZE, '--dataflow', df, ...more, '--json', '--jobs', String(jobs), '--out', `c${df}${jobs}.npy`]);
        expect(r.code, r.stderr).toBe(0);
        return { json: r.stdout, c: readFileSync(path(`c${df}${jobs}.npy`)) };
      });
      expect(runs[1]!.json).toBe(runs[0]!.json);
      expect(runs[2]!.json).toBe(runs[0]!.json);
      expect(runs[1]!.c.equals(runs[0]!.c)).toBe(true);
      expect(runs[2]!.c.equals(runs[0]!.c)).toBe(true);
    });
  }

  it('run of a block, both orders: --jobs 2 = --jobs 1', () => {
    const args = ['run', '--model', 'custom', '--tokens', '96', '--dim', '256', '--heads', '4', '--scope', 'block', '--array', '8', '--order', 'both', '--json'];
    const [one, two] = [1, 2].map((jobs) => cli([...args, '--jobs', String(jobs)]));
    expect(one!.code, one!.stderr).toBe(0);
    expect(two!.stdout).toBe(one!.stdout);
  });

  it('run of attention with two images of six heads (each op\'s heads one batch on the pool), both orders, shift PEs: --jobs 2 = --jobs 1', () => {
    const args = ['run', '--model', 'custom', '--tokens', '50', '--dim', '96', '--heads', '6', '--batch', '2', '--scope', 'attention', '--array', '8', '--order', 'both', '--pe', 'shift', '--pquant', 'log2', '--json'];
    const [one, two] = [1, 2].map((jobs) => cli([...args, '--jobs', String(jobs)]));
    expect(one!.code, one!.stderr).toBe(0);
    expect(two!.stdout).toBe(one!.stdout);
  });
});
