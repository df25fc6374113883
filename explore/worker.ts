// The explorer's Web Worker (its own bundle, started from a Blob URL): runs one order task per message, so the page
// stays responsive while the simulator works.
import './zod-jitless.js';
import { runOrderTask, type OrderTask } from './order-task.js';

export type WorkerReply = { result: unknown } | { error: string };

const scope = self as unknown as { onmessage: ((e: MessageEvent<OrderTask>) => void) | null; postMessage(reply: WorkerReply): void };

scope.onmessage = (e) => {
  try {
    scope.postMessage({ result: runOrderTask(e.data) });
  } catch (err) {
    scope.postMessage({ error: err instanceof Error ? err.message : String(err) });
  }
};
