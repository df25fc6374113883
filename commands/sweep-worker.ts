// Worker-thread entry of `systolic sweep` (one point, an order of a job, per message) and of `systolic run` (the
// whole job, its GEMMs' folds split over --jobs threads, so the CLI's thread is free to draw progress). Posts back
// the result's JSON text or an error message. (GEMM fold ranges have their own entry, commands/fold-worker.ts.)
import { parentPort } from 'node:worker_threads';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob, type RunJob } from '../workloads/run-job.js';
import { useFoldThreads } from './fold-pool.js';

type Message = { kind: 'order'; job: RunJob; order: Order } | { kind: 'job'; job: RunJob; jobs: number };

parentPort!.on('message', (msg: Message) => {
  try {
    if (msg.kind === 'job') {
      useFoldThreads(msg.jobs);
      const { results, comparison } = runJob(msg.job);
      parentPort!.postMessage({ line: JSON.stringify({ results, ...(comparison && { comparison }) }) });
    } else {
      const out = runJob(forOrder(msg.job, msg.order));
      parentPort!.postMessage({ line: JSON.stringify(out.results[msg.order]) });
    }
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
  }
});
