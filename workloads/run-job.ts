// What `systolic run` and every sweep point run: a ViT workload (--scope) or a SCALE-Sim topology (--topology).
import { untimed, type Phase } from '../core/phase.js';
import type { Order } from './array-setup.js';
import { runTopologyJob, type TopologyJob } from './topology-job.js';
import { runVitJob, type JobOutput, type VitJob } from './vit-job.js';

export type RunJob = VitJob | TopologyJob;

/** Runs the job; `phase` times its phases (--profile). */
export const runJob = (job: RunJob, phase: Phase = untimed): JobOutput => (job.scope === 'topology' ? runTopologyJob(job, phase) : runVitJob(job, phase));

/** The job of one order (a sweep point, one worker of --order both). */
export const forOrder = (job: RunJob, order: Order): RunJob => (job.scope === 'topology' ? { ...job, runs: job.runs.filter((r) => r.order === order) } : { ...job, orders: [order] });

/** The orders a job runs, in its results' order. */
export const ordersOf = (job: RunJob): Order[] => (job.scope === 'topology' ? job.runs.map((r) => r.order) : job.orders);
