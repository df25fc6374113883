// Worker-thread entry of `systolic sweep`: runs the points it is sent and posts back their JSONL lines.
import { parentPort } from 'node:worker_threads';
import type { EngineName } from '../sim/simulate-gemm.js';
import { runPoint, type SweepPoint } from '../workloads/sweep-plan.js';

parentPort!.on('message', (msg: { point: SweepPoint; seed: number; engine: EngineName; version: string }) => {
  try {
    const result = runPoint(msg.point, msg.seed, msg.engine, msg.version);
    parentPort!.postMessage({ line: JSON.stringify({ index: msg.point.index, key: msg.point.key, point: msg.point, result }) });
  } catch (e) {
    parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
  }
});
