// `--shard auto`: this process's shard from the batch system that started it (docs/ci.md, "Other schedulers").
// Kubernetes Indexed Jobs set JOB_COMPLETION_INDEX but not the completion count: the manifest passes
// spec.completions as JOB_COMPLETIONS. Slurm job arrays set SLURM_ARRAY_TASK_ID, _MIN, _MAX, _STEP and _COUNT.
import { InputError } from '../core/input-error.js';
import type { Shard } from '../workloads/sweep-plan.js';

export type Env = Record<string, string | undefined>;

export interface AutoShard extends Shard {
  /** Where the shard came from, for the summary line. */
  source: string;
}

function count(env: Env, name: string, fallback?: number): number {
  const text = env[name];
  if (text === undefined && fallback !== undefined) return fallback;
  if (text === undefined) throw new InputError(`shard auto: ${name} is not set; ${name === 'JOB_COMPLETIONS' ? "pass the Job's spec.completions to the pod as env JOB_COMPLETIONS (docs/ci.md)" : 'allowed in a Slurm job array (sbatch --array=0-N)'}`);
  if (!/^\d{1,9}$/.test(text.trim())) throw new InputError(`shard auto: ${name}="${text.slice(0, 100)}" is not allowed; allowed a non-negative integer`);
  return Number(text);
}

function kubernetes(env: Env): AutoShard {
  const index = count(env, 'JOB_COMPLETION_INDEX');
  const total = count(env, 'JOB_COMPLETIONS');
  if (index >= total) throw new InputError(`shard auto: JOB_COMPLETION_INDEX=${index} is not allowed with JOB_COMPLETIONS=${total}; allowed 0..${total - 1}`);
  return { index, count: total, source: 'Kubernetes JOB_COMPLETION_INDEX' };
}

/** Task ids min, min+step, ..., max are shards 0..count−1 (`--array=1-8` as well as `--array=0-7`). */
function slurm(env: Env): AutoShard {
  const [id, min, max, step] = [count(env, 'SLURM_ARRAY_TASK_ID'), count(env, 'SLURM_ARRAY_TASK_MIN'), count(env, 'SLURM_ARRAY_TASK_MAX'), count(env, 'SLURM_ARRAY_TASK_STEP', 1)];
  const span = step > 0 && max >= min && (max - min) % step === 0 ? (max - min) / step + 1 : undefined;
  const total = count(env, 'SLURM_ARRAY_TASK_COUNT', span);
  if (span === undefined || span !== total || id < min || id > max || (id - min) % step !== 0) {
    throw new InputError(`shard auto: the Slurm array (task ${id} of ${total}, ids ${min}-${max}:${step}) is not allowed; allowed a range of ids such as --array=0-${Math.max(total, 1) - 1}`);
  }
  return { index: (id - min) / step, count: total, source: 'Slurm SLURM_ARRAY_TASK_ID' };
}

export function shardFromEnv(env: Env): AutoShard {
  const k8s = env['JOB_COMPLETION_INDEX'] !== undefined;
  const array = env['SLURM_ARRAY_TASK_ID'] !== undefined;
  if (k8s && array) throw new InputError('shard auto: both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set; allowed one, or give --shard i/n');
  if (k8s) return kubernetes(env);
  if (array) return slurm(env);
  throw new InputError('shard auto: no shard in the environment; allowed a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and JOB_COMPLETIONS) or a Slurm job array (SLURM_ARRAY_TASK_ID), or give --shard i/n');
}
