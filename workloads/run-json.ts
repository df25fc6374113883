// The JSON a run prints or writes (`systolic run --json`, the explorer's `systolic.run`): one Result, or both
// orders with their comparison. Here, below the CLI, so the browser explorer returns the very same object.
import type { Order } from './array-setup.js';
import type { JobOutput } from './vit-job.js';

export function runJson(out: Pick<JobOutput, 'results' | 'comparison'>): unknown {
  const orders = Object.keys(out.results) as Order[];
  if (orders.length === 1) return out.results[orders[0]!];
  return { schemaVersion: out.results.before!.schemaVersion, command: 'run', comparison: out.comparison, results: out.results };
}
