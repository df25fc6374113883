// `systolic.run(config)` without the worker: the config checked against the run options' schemas (the fields of
// a `--config` file), split into one task per order, and the orders' results joined into the object that
// `systolic run --json` prints.
import { InputError } from '../core/input-error.js';
import type { Result } from '../sim/result.js';
import { ORDERS, type Order } from '../workloads/array-setup.js';
import { compareOrders } from '../workloads/vit-job.js';
import { runOptionsSchema, type RunOptions } from '../workloads/run-options.js';
import { runJson } from '../workloads/run-json.js';
import { FILE_OPTIONS, type FileOption, type OrderTask } from './order-task.js';

export function parseRunConfig(config: unknown): RunOptions {
  const parsed = runOptionsSchema.safeParse(config ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `field ${issue.path.join('.')}` : 'config';
  throw new InputError(`${where}: ${issue.message}`);
}

export function orderTasks(options: RunOptions, files: OrderTask['files'], version: string): OrderTask[] {
  const orders: Order[] = options.order === 'both' ? [...ORDERS] : [options.order];
  return orders.map((order) => ({ options, order, files, version }));
}

/** The tasks' results (in task order) as `systolic run --json` prints them. */
export function joinOrders(tasks: OrderTask[], results: Result[]): unknown {
  const byOrder: Partial<Record<Order, Result>> = {};
  tasks.forEach((t, i) => (byOrder[t.order] = results[i]));
  const { before, after } = byOrder;
  // A topology's orders are two PEs, not a ViT's two orders: no comparison, as systolic run gives none.
  const compared = before && after && tasks[0]!.options.topology === undefined;
  return runJson({ results: byOrder, ...(compared && { comparison: compareOrders(before, after) }) });
}

/** A file's contents as `systolic.run` takes them: bytes, or (a technology file) its parsed JSON. */
export type GivenFiles = Partial<Record<FileOption, Uint8Array | ArrayBuffer | object>>;

const bytesOf = (f: Uint8Array | ArrayBuffer | object) => (f instanceof Uint8Array ? f : f instanceof ArrayBuffer ? new Uint8Array(f) : new TextEncoder().encode(JSON.stringify(f)));

/** The files the options name: given to the call, or picked in the form under that name. */
export function taskFiles(options: RunOptions, given: GivenFiles, picked: OrderTask['files']): OrderTask['files'] {
  const files: OrderTask['files'] = {};
  for (const key of FILE_OPTIONS) {
    const name = options[key];
    if (name === undefined) continue;
    const contents = given[key];
    const file = contents === undefined ? picked[key] : { name, bytes: bytesOf(contents) };
    if (file?.name !== name) throw new InputError(`${key}: ${name} is not loaded; pick it in the form, or pass its contents: systolic.run(config, { ${key}: bytes })`);
    files[key] = file;
  }
  return files;
}
