// Worker-thread entry of `systolic sweep`: one point (an order of an attention job) per message. Posts back the
// result's JSON text or an error message. (GEMM fold ranges have their own entry, commands/fold-worker.ts.)
import { parentPort } from 'node:worker_threads';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob, type RunJob } from '../workloads/run-job.js';

type Message = { kind: 'order'; job: RunJob; order: Order };

parentPort!.on('message', (msg: Message) => {
  try {
    const out = runJob(forOrder(msg.job, msg.order));
    parentPort!.postMessage({ line: JSON.stringify(out.results[msg.order]) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
  }
});
