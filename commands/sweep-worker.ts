// Worker-thread entry of the CLI: one order of an attention job (`systolic run --order both` runs its two orders
// side by side, `systolic sweep` one point per message). Posts back the result's JSON text or an error message.
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
