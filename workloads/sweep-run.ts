// One sweep point, run in-process: its options resolved exactly as `systolic run` resolves them, then simulated.
import type { Result } from '../sim/result.js';
import { runAttentionJob, type AttentionJob } from './attention-job.js';
import { resolveRun, type RunFiles } from './run-resolver.js';
import { pointOptions, type SweepPoint, type SweepSpec } from './sweep-plan.js';

export function pointJob(point: SweepPoint, spec: SweepSpec, files: RunFiles, version: string): AttentionJob {
  return resolveRun(pointOptions(point, spec), files, version);
}

export function runSweepPoint(point: SweepPoint, spec: SweepSpec, files: RunFiles, version: string): Result {
  return runAttentionJob(pointJob(point, spec, files, version)).results[point.order]!;
}
