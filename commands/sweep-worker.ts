// Worker-thread entry of `systolic sweep` (one point, an order of a job, per message) and of `systolic run` (the
// whole job, its GEMMs' folds split over --jobs threads, so the CLI's thread is free to draw progress). Posts back
// the result's JSON text (with its phase times under --profile) or an error message. (GEMM fold ranges have their
// own entry, commands/fold-worker.ts.)
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { untimed } from '../core/phase.js';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob, type RunJob } from '../workloads/run-job.js';
import { profiler } from './profile.js';
import { useFoldThreads } from './fold-pool.js';

type Message = ({ kind: 'order'; job: RunJob; order: Order } | { kind: 'job'; job: RunJob; jobs: number }) & { profile?: boolean };

// The worker's clock starts with the thread: its first task's profile counts loading the modules as start-up.
let startedAt: number | undefined = 0;

parentPort!.on('message', (msg: Message) => {
  try {
    const timer = msg.profile ? profiler(() => performance.now(), startedAt) : undefined;
    startedAt = undefined;
    const phase = timer?.phase ?? untimed;
    let line: string;
    if (msg.kind === 'job') {
      useFoldThreads(msg.jobs);
      const { results, comparison } = runJob(msg.job, phase);
      line = phase('worker messages', () => JSON.stringify({ results, ...(comparison && { comparison }) }));
    } else {
      const out = runJob(forOrder(msg.job, msg.order), phase);
      line = phase('worker messages', () => JSON.stringify(out.results[msg.order]));
    }
    parentPort!.postMessage({ line, ...(timer && { phases: timer.times() }) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
  }
});
