// The explorer's unit of work: one operand order of one run, as a worker receives it, and running it. A run with
// `order: both` is two tasks on two workers, as `systolic run` runs the two orders on two threads.
import { InputError } from '../core/input-error.js';
import { parseNpy } from '../io/npy.js';
import { parseSafetensors } from '../io/safetensors.js';
import { parseTopology } from '../io/topology.js';
import type { Result } from '../sim/result.js';
import { parseTech } from '../sim/tech.js';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob } from '../workloads/run-job.js';
import type { RunOptions } from '../workloads/run-options.js';
import { resolveRun, type RunFiles } from '../workloads/run-resolver.js';

/** A file an option names (tech, weights, input, topology): its name and contents, read by the page. */
export interface LoadedFile {
  name: string;
  bytes: Uint8Array;
}

export type FileOption = 'tech' | 'weights' | 'input' | 'topology';
export const FILE_OPTIONS: readonly FileOption[] = ['tech', 'weights', 'input', 'topology'];

export interface OrderTask {
  options: RunOptions;
  order: Order;
  files: Partial<Record<FileOption, LoadedFile>>;
  version: string;
}

function techOf(file: LoadedFile): RunFiles['tech'] {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(file.bytes));
  } catch (e) {
    throw new InputError(`tech: ${file.name} is not valid JSON (${(e as Error).message})`);
  }
  return parseTech(json, file.name);
}

/** The files parsed as `systolic run` parses the files its options name. */
function runFiles(files: OrderTask['files'], o: RunOptions): RunFiles {
  const { tech, weights, input, topology } = files;
  return {
    ...(tech && { tech: techOf(tech) }),
    ...(weights && { tensors: parseSafetensors(weights.bytes, `weights ${weights.name}`) }),
    ...(input && { input: parseNpy(input.bytes, `input ${input.name}`) }),
    ...(topology && { topology: parseTopology(new TextDecoder().decode(topology.bytes), topology.name, o.topologyFormat) }),
  };
}

export function runOrderTask(task: OrderTask): Result {
  const job = resolveRun({ ...task.options, order: task.order }, runFiles(task.files, task.options), task.version);
  return runJob(forOrder(job, task.order)).results[task.order]!;
}
