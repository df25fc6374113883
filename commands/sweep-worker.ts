// Worker-thread entry of the CLI: sweep points (`systolic sweep`) and single orders of an attention job
// (`systolic run --order both` runs its two orders side by side). Posts back JSON text or an error message.
import { parentPort } from 'node:worker_threads';
import type { EngineName } from '../sim/simulate-gemm.js';
import { runAttentionJob, type AttentionJob } from '../workloads/attention-job.js';
import type { Order } from '../workloads/attention-run.js';
import { runPoint, sweepLine, type SweepPoint } from '../workloads/sweep-plan.js';

type Message = { kind: 'point'; point: SweepPoint; seed: number; engine: EngineName; version: string } | { kind: 'order'; job: AttentionJob; order: Order };

parentPort!.on('message', (msg: Message) => {
  try {
    if (msg.kind === 'point') {
      const result = runPoint(msg.point, msg.seed, msg.engine, msg.version);
      parentPort!.postMessage({ line: JSON.stringify(sweepLine(msg.point, result)) });
    } else {
      const out = runAttentionJob({ ...msg.job, orders: [msg.order] });
      parentPort!.postMessage({ line: JSON.stringify(out.results[msg.order]) });
    }
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e), input: e instanceof Error && e.name === 'InputError' });
  }
});
