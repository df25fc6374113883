// Worker-thread entry of the CLI. Started by the fold pool (commands/fold-pool.ts, with workerData): it runs fold
// ranges of GEMMs. Started by `systolic sweep`: one attention point per message; posts back the result's JSON text
// or an error message.
import { parentPort, workerData } from 'node:worker_threads';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob, type RunJob } from '../workloads/run-job.js';
import { serveFoldRanges, type FoldWorkerData } from './fold-pool.js';

type Message = { kind: 'order'; job: RunJob; order: Order };

if ((workerData as FoldWorkerData | null)?.foldPort) serveFoldRanges(workerData as FoldWorkerData);
else {
  parentPort!.on('message', (msg: Message) => {
    try {
      const out = runJob(forOrder(msg.job, msg.order));
      parentPort!.postMessage({ line: JSON.stringify(out.results[msg.order]) });
    } catch (e) {
      parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
    }
  });
}
