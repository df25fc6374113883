// Worker-thread entry of the CLI: one order of an attention job (`systolic run --order both` runs its two orders
// side by side, `systolic sweep` one point per message). Posts back the result's JSON text (with its phase times
// under --profile) or an error message.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { untimed } from '../core/phase.js';
import type { Order } from '../workloads/array-setup.js';
import { forOrder, runJob, type RunJob } from '../workloads/run-job.js';
import { profiler } from './profile.js';

type Message = { kind: 'order'; job: RunJob; order: Order; profile?: boolean };

// The worker's clock starts with the thread: its first task's profile counts loading the modules as start-up.
let startedAt: number | undefined = 0;

parentPort!.on('message', (msg: Message) => {
  try {
    const timer = msg.profile ? profiler(() => performance.now(), startedAt) : undefined;
    startedAt = undefined;
    const phase = timer?.phase ?? untimed;
    const out = runJob(forOrder(msg.job, msg.order), phase);
    const line = phase('worker messages', () => JSON.stringify(out.results[msg.order]));
    parentPort!.postMessage({ line, ...(timer && { phases: timer.times() }) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
  }
});
