// The profiler's hook into the pure core (--profile): the core names what it is doing, the command line times it.
// The core never reads the clock; without a profiler a phase just runs its work.

/** What a command spends its time on, in the order --profile lists them. */
export const PHASES = [
  'start-up',
  'set-up',
  'weights and operands',
  'float64 reference',
  'quantization',
  'simulate gemm',
  'simulate linear',
  'simulate matmul',
  'vector units',
  'accuracy',
  'result assembly',
  'worker messages',
  'serialization',
  'writing',
] as const;
export type PhaseName = (typeof PHASES)[number];

/** Runs `work` as the phase `name`; phases nest, and an inner phase's time is not counted in the outer one's. */
export type Phase = <T>(name: PhaseName, work: () => T) => T;

export const untimed: Phase = (_name, work) => work();
