// Worker-thread entry of the fold pool (commands/fold-pool.ts), bundled on its own so that a worker loads the
// simulator and nothing else: runs each fold range it is sent and replies with its counts and C, or each share of rows
// of a float64 reference product and replies with them, buffers transferred.
import { workerData, type MessagePort } from 'node:worker_threads';
import { forEachCounter } from '../dataflow/fold-range.js';
import type { FoldRangeResult } from '../sim/fold-parallel.js';
import { simulateFoldRange } from '../sim/simulate-gemm.js';
import type { FoldTask, RowsTask } from '../sim/fold-runner.js';
import { referenceRows } from '../sim/reference-gemm.js';

/** What a worker gets to start serving ranges: its reply port and the pool's shared reply counter. */
export interface FoldWorkerData {
  foldPort: MessagePort;
  replies: Int32Array;
}

/** A range of a GEMM's folds, or rows of a float64 reference product. */
export type Task = { fold: FoldTask } | { rows: RowsTask };

export type Reply = { result: FoldRangeResult | Float64Array } | { error: string; input: boolean };

/** The task's result and the buffers to transfer with it. */
function runTask(task: Task): { result: FoldRangeResult | Float64Array; transfer: ArrayBuffer[] } {
  if ('rows' in task) {
    const result = referenceRows(task.rows);
    return { result, transfer: [result.buffer as ArrayBuffer] };
  }
  const result = simulateFoldRange(task.fold.input, task.fold.range);
  const transfer: ArrayBuffer[] = [result.out.data.buffer as ArrayBuffer];
  forEachCounter(result.counters, (xs) => transfer.push(xs.buffer as ArrayBuffer));
  return { result, transfer };
}

const { foldPort, replies } = workerData as FoldWorkerData;
foldPort.on('message', (task: Task) => {
  let reply: Reply;
  let transfer: ArrayBuffer[] = [];
  try {
    const done = runTask(task);
    reply = { result: done.result };
    transfer = done.transfer;
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' };
  }
  foldPort.postMessage(reply, transfer);
  // The pool's thread may be blocked in Atomics.wait on this counter.
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
});
