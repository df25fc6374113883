// The worker engine of fold-parallel GEMMs: one pool of worker threads for the whole process (every op of a run, every
// GEMM), installed as the core's FoldRunner. The core stays synchronous: this thread hands tasks out (ranges of one
// GEMM, or of a batch of independent ones), runs tasks itself while the workers run theirs, and blocks (Atomics.wait,
// receiveMessageOnPort) only when none is left to take. Operands go to the workers (commands/fold-worker.ts) in
// SharedArrayBuffers, counts and C come back as transferred buffers.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { FoldRange } from '../dataflow/fold-range.js';
import { InputError } from '../core/input-error.js';
import type { Matrix } from '../core/matrix.js';
import { rangesFor, type FoldRangeResult } from '../sim/fold-parallel.js';
import { simulateFoldRange, type GemmInput } from '../sim/simulate-gemm.js';
import { useFoldRunner, type FoldRunner, type FoldTask, type RowsTask } from '../sim/fold-runner.js';
import { referenceRows } from '../sim/reference-gemm.js';
import type { FoldPlan } from '../dataflow/fold-plan.js';
import type { FoldWorkerData, Reply, Task } from './fold-worker.js';
import { integers, option } from '../workloads/option-info.js';
import { workerScript } from './workers.js';

/** --jobs of the commands whose GEMMs split their folds over the pool. */
export const JOBS_OPTION = option(integers(1, 256).default(availableParallelism()), {
  arg: 'n',
  help: "threads simulating each GEMM (its folds are split over them) and an op's heads (shared out), results identical to 1 (zero gating and the reference engine run on 1)",
});

interface Member {
  worker: Worker;
  port: MessagePort;
  /** The indices of the ranges sent and not yet replied to, in order. */
  sent: number[];
}

class FoldPool implements FoldRunner {
  private readonly members: Member[] = [];
  /** Bumped by each worker after each reply: what this thread waits on. */
  private readonly replies = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    script: string,
    readonly threads: number,
  ) {
    // Started now, so the workers load while the command reads its files and makes its operands.
    for (let i = 1; i < threads; i++) {
      const { port1, port2 } = new MessageChannel();
      const data: FoldWorkerData = { foldPort: port2, replies: this.replies };
      const worker = new Worker(script, { workerData: data, transferList: [port2] });
      // Idle workers do not keep the process alive.
      worker.unref();
      port1.unref();
      this.members.push({ worker, port: port1, sent: [] });
    }
  }

  ranges(plan: FoldPlan): FoldRange[] {
    return rangesFor(plan, this.threads);
  }

  run(tasks: FoldTask[]): FoldRangeResult[] {
    // A GEMM's operands go to shared memory once, when a worker first takes one of its ranges.
    const shared = memo(sharedInput);
    return this.dispatch(tasks, ({ input, range }) => ({ fold: { input: shared(input), range } }), ({ input, range }) => simulateFoldRange(input, range));
  }

  rows(tasks: RowsTask[]): Float64Array[] {
    const shared = memo(share);
    return this.dispatch(tasks, ({ a, b, from, to }) => ({ rows: { a: shared(a), b: shared(b), from, to } }), referenceRows);
  }

  /**
   * Each task's result, in the tasks' order: a worker that replies gets the next task, this thread runs one between
   * polls, and waits only when none is left to hand out.
   */
  private dispatch<T, R>(tasks: T[], message: (task: T) => Task, here: (task: T) => R): R[] {
    const results: R[] = [];
    let next = 0;
    let pending = 0;
    const send = (m: Member) => {
      pending++;
      m.sent.push(next);
      m.port.postMessage(message(tasks[next++]!));
    };
    const runHere = (at: number) => (results[at] = here(tasks[at]!));
    for (const m of this.members) if (next < tasks.length) send(m);
    while (pending > 0 || next < tasks.length) {
      const seen = Atomics.load(this.replies, 0);
      for (const m of this.members) {
        for (let got = receiveMessageOnPort(m.port); got; got = receiveMessageOnPort(m.port)) {
          const reply = got.message as Reply;
          if ('error' in reply) {
            // The other workers' replies to these tasks would reach the next list: the pool stops, and later tasks run here.
            this.close();
            throw reply.input ? new InputError(reply.error) : new Error(`fold worker: ${reply.error}`);
          }
          results[m.sent.shift()!] = reply.result as R;
          pending--;
          if (next < tasks.length) send(m);
        }
      }
      if (next < tasks.length) {
        runHere(next++);
      } else if (pending > 0) {
        // The counter was read before the poll, so a reply that came after it ends the wait at once (the timeout
        // only bounds a missed wake-up).
        Atomics.wait(this.replies, 0, seen, 1000);
        // A worker that died outright (not an error it caught) never replies: every task out runs here, the pool stops.
        if (this.members.some((m) => m.worker.threadId === -1 && m.sent.length > 0)) {
          for (const m of this.members) m.sent.splice(0).forEach(runHere);
          pending = 0;
          this.close();
        }
      }
    }
    return results;
  }

  /** Ends the workers; without them, run() runs every range in this thread. */
  close(): void {
    for (const m of this.members.splice(0)) void m.worker.terminate();
  }
}

/** The GEMM as the workers take it: the operands' data in shared memory, no callbacks. */
function sharedInput(input: GemmInput): GemmInput {
  const { trace: _trace, traffic: _traffic, ...rest } = input;
  return { ...rest, a: share(input.a), b: share(input.b) };
}

/** A matrix with its data copied to shared memory. */
function share(m: Matrix): Matrix {
  const data = new Float64Array(new SharedArrayBuffer(m.data.byteLength));
  data.set(m.data);
  return { rows: m.rows, cols: m.cols, data };
}

/** f, computed once per distinct argument. */
function memo<K, V>(f: (key: K) => V): (key: K) => V {
  const seen = new Map<K, V>();
  return (key) => {
    if (!seen.has(key)) seen.set(key, f(key));
    return seen.get(key)!;
  };
}

let pool: FoldPool | undefined;

/**
 * GEMMs of this process run their folds on `jobs` threads (this one and jobs − 1 workers) from now on; 1: in this
 * thread. Without the built worker script (running from the sources) everything runs in this thread.
 */
export function useFoldThreads(jobs: number): void {
  const script = workerScript('fold-worker.js');
  if (pool?.threads !== jobs) {
    pool?.close();
    pool = jobs > 1 && script ? new FoldPool(script, jobs) : undefined;
  }
  useFoldRunner(pool);
}
