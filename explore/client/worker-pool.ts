// Web Workers started from a Blob URL of the worker bundle's source (a worker from a separate file does not load
// from file://), kept for the next run, each running one order task at a time.
import type { Result } from '../../sim/result.js';
import type { OrderTask } from '../order-task.js';
import type { WorkerReply } from '../worker.js';

interface Job {
  task: OrderTask;
  resolve(r: Result): void;
  reject(e: Error): void;
}

export class WorkerPool {
  private readonly url: string;
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, Job>();

  constructor(source: string, private readonly size: number) {
    this.url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  }

  run(task: OrderTask): Promise<Result> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length) {
      const worker = this.idle.pop() ?? (this.running.size < this.size ? this.start() : undefined);
      if (!worker) return;
      const job = this.queue.shift()!;
      this.running.set(worker, job);
      worker.postMessage(job.task);
    }
  }

  private start(): Worker {
    const worker = new Worker(this.url);
    worker.onmessage = (e: MessageEvent<WorkerReply>) => this.finish(worker, e.data);
    // A worker that cannot load or dies says so here, not in onmessage: its task fails instead of hanging.
    worker.onerror = (e) => {
      e.preventDefault();
      this.finish(worker, { error: `the simulation worker failed: ${e.message || 'no message'}` });
    };
    return worker;
  }

  private finish(worker: Worker, reply: WorkerReply): void {
    const job = this.running.get(worker)!;
    this.running.delete(worker);
    if ('error' in reply) job.reject(new Error(reply.error));
    else job.resolve(reply.result as Result);
    this.idle.push(worker);
    this.pump();
  }
}
