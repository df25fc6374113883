// --shard auto: the shard index and count of a Kubernetes Indexed Job or a Slurm job array; the shards run under
// those environments merge into exactly the unsharded sweep.
import { describe, expect, it } from 'vitest';
import { shardFromEnv } from '../commands/shard-env.js';
import { scratch, TINY } from './built-cli.js';

describe('shardFromEnv', () => {
  it.each([
    [{ JOB_COMPLETION_INDEX: '2', JOB_COMPLETIONS: '4' }, { index: 2, count: 4, source: 'Kubernetes JOB_COMPLETION_INDEX' }],
    [{ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '3', SLURM_ARRAY_TASK_COUNT: '4' }, { index: 0, count: 4, source: 'Slurm SLURM_ARRAY_TASK_ID' }],
    // sbatch --array=1-4: ids from 1.
    [{ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4', SLURM_ARRAY_TASK_COUNT: '4' }, { index: 3, count: 4, source: 'Slurm SLURM_ARRAY_TASK_ID' }],
    // sbatch --array=0-6:2 (ids 0, 2, 4, 6), and a Slurm without SLURM_ARRAY_TASK_COUNT.
    [{ SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '6', SLURM_ARRAY_TASK_STEP: '2' }, { index: 2, count: 4, source: 'Slurm SLURM_ARRAY_TASK_ID' }],
  ])('%j → %j', (env, shard) => {
    expect(shardFromEnv(env)).toEqual(shard);
  });

  it.each([
    [{}, 'shard auto: no shard in the environment; allowed a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and JOB_COMPLETIONS) or a Slurm job array (SLURM_ARRAY_TASK_ID), or give --shard i/n'],
    [{ JOB_COMPLETION_INDEX: '1' }, "shard auto: JOB_COMPLETIONS is not set; pass the Job's spec.completions to the pod as env JOB_COMPLETIONS (docs/ci.md)"],
    [{ JOB_COMPLETION_INDEX: '4', JOB_COMPLETIONS: '4' }, 'shard auto: JOB_COMPLETION_INDEX=4 is not allowed with JOB_COMPLETIONS=4; allowed 0..3'],
    [{ JOB_COMPLETION_INDEX: 'x', JOB_COMPLETIONS: '4' }, 'shard auto: JOB_COMPLETION_INDEX="x" is not allowed; allowed a non-negative integer'],
    [{ JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '2', SLURM_ARRAY_TASK_ID: '0' }, 'shard auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set'],
    // sbatch --array=1,3,8: not a range, so task ids are not shards 0..n−1.
    [{ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '8', SLURM_ARRAY_TASK_COUNT: '3' }, 'shard auto: the Slurm array (task 3 of 3, ids 1-8:1) is not allowed; allowed a range of ids such as --array=0-2'],
  ])('%j is refused: %s', (env, message) => {
    expect(() => shardFromEnv(env)).toThrow(message);
  });
});

describe('sweep --shard auto', () => {
  const { cli, read } = scratch('shard-auto');
  const GRID = [...TINY, '--arrays', '4,8,16', '--orders', 'before,after', '--jobs', '1'];
  const merged = (files: string[], out: string) => {
    const r = cli(['merge', ...files, '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    return read(out);
  };

  it('Kubernetes Indexed Job and Slurm array shards merge into the unsharded sweep', () => {
    expect(cli(['sweep', ...GRID, '--out', 'full.jsonl']).code).toBe(0);
    for (const i of [0, 1, 2]) {
      const r = cli(['sweep', ...GRID, '--shard', 'auto', '--out', `k8s-${i}.jsonl`], { JOB_COMPLETION_INDEX: String(i), JOB_COMPLETIONS: '3' });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`2 points in k8s-${i}.jsonl (2 run, 0 kept from an earlier run); shard ${i}/3 of 6 points (Kubernetes JOB_COMPLETION_INDEX)`);
    }
    for (const id of [1, 2, 3, 4]) {
      const slurm = { SLURM_ARRAY_TASK_ID: String(id), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '4', SLURM_ARRAY_TASK_COUNT: '4' };
      expect(cli(['sweep', ...GRID, '--shard', 'auto', '--out', `slurm-${id}.jsonl`], slurm).code).toBe(0);
    }
    expect(merged(['k8s-2.jsonl', 'k8s-0.jsonl', 'k8s-1.jsonl'], 'k8s.jsonl')).toBe(read('full.jsonl'));
    expect(merged(['slurm-1.jsonl', 'slurm-2.jsonl', 'slurm-3.jsonl', 'slurm-4.jsonl'], 'slurm.jsonl')).toBe(read('full.jsonl'));
  });

  it('outside a batch system is an input error', () => {
    const r = cli(['sweep', ...GRID, '--shard', 'auto', '--out', 'none.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('systolic: shard auto: no shard in the environment');
  });
});
