// A small pool of the CLI's worker threads (dist/sweep-worker.js): each task is one message, each reply one line.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../core/input-error.js';
import type { PhaseTimes } from './profile.js';

/** The path of a built worker entry beside the CLI's bundle (sweep-worker.js, fold-worker.js); undefined from the sources. */
export function workerScript(name = 'sweep-worker.js'): string | undefined {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  return existsSync(path) ? path : undefined;
}

type Reply = { line?: string; error?: string; input?: boolean; phases?: PhaseTimes };

/** Runs the tasks on `jobs` workers, calling onLine with each reply (and its phase times, under --profile) as it arrives; a task's message is made when it is sent. */
export async function runOnWorkers<T>(tasks: T[], jobs: number, onLine: (line: string, task: T, phases?: PhaseTimes) => void, message: (task: T) => unknown = (task) => task): Promise<void> {
  const script = workerScript();
  if (!script) throw new InputError('jobs: worker threads need the built CLI (npm run build); run with --jobs 1');
  const queue = [...tasks];
  await Promise.all(
    Array.from({ length: Math.min(jobs, queue.length) }, async () => {
      const worker = new Worker(script);
      try {
        for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
          const current = task;
          const reply = await new Promise<Reply>((resolve, reject) => {
            const onMessage = (m: Reply) => {
              worker.off('error', onError);
              resolve(m);
            };
            const onError = (e: Error) => {
              worker.off('message', onMessage);
              reject(e);
            };
            worker.once('message', onMessage);
            worker.once('error', onError);
            worker.postMessage(message(current));
          });
          if (reply.error !== undefined) throw reply.input ? new InputError(reply.error) : new Error(reply.error);
          onLine(reply.line!, current, reply.phases);
        }
      } finally {
        await worker.terminate();
      }
    }),
  );
}
