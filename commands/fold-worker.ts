// Worker-thread entry of the fold pool (commands/fold-pool.ts), bundled on its own so that a worker loads the
// simulator and nothing else: runs each fold range it is sent and replies with its counts and C, buffers transferred.
import { workerData, type MessagePort } from 'node:worker_threads';
import { forEachCounter } from '../dataflow/fold-range.js';
import type { FoldRangeResult } from '../sim/fold-parallel.js';
import { simulateFoldRange, type FoldTask } from '../sim/simulate-gemm.js';

/** What a worker gets to start serving ranges: its reply port and the pool's shared reply counter. */
export interface FoldWorkerData {
  foldPort: MessagePort;
  replies: Int32Array;
}

export type Reply = { result: FoldRangeResult } | { error: string; input: boolean };

const { foldPort, replies } = workerData as FoldWorkerData;
foldPort.on('message', ({ input, range }: FoldTask) => {
  let reply: Reply;
  const transfer: ArrayBuffer[] = [];
  try {
    const result = simulateFoldRange(input, range);
    forEachCounter(result.counters, (xs) => transfer.push(xs.buffer as ArrayBuffer));
    transfer.push(result.out.data.buffer as ArrayBuffer);
    reply = { result };
  } catch (e) {
    reply = { error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' };
  }
  foldPort.postMessage(reply, transfer);
  // The pool's thread may be blocked in Atomics.wait on this counter.
  Atomics.add(replies, 0, 1);
  Atomics.notify(replies, 0);
});
