// One sweep point, run in-process: its options resolved exactly as `systolic run` resolves them, then simulated.
import type { Phase } from '../core/phase.js';
import type { Result } from '../sim/result.js';
import { runJob, type RunJob } from './run-job.js';
import { resolveRun, type RunFiles } from './run-resolver.js';
import { pointOptions, type SweepPoint, type SweepSpec } from './sweep-plan.js';

export function pointJob(point: SweepPoint, spec: SweepSpec, files: RunFiles, version: string): RunJob {
  return resolveRun(pointOptions(point, spec), files, version);
}

export function runSweepPoint(point: SweepPoint, spec: SweepSpec, files: RunFiles, version: string, phase?: Phase): Result {
  return runJob(pointJob(point, spec, files, version), phase).results[point.order]!;
}
