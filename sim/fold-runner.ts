// The host's threads as the core sees them: a runner the host installs (commands/fold-pool.ts; as useMacKernel
// switches the kernel) that runs lists of independent tasks, ranges of GEMMs' folds or rows of float64 reference
// products, and returns their results in the list's order whichever thread ran each when. The core stays synchronous.
import type { Matrix } from '../core/matrix.js';
import type { FoldPlan } from '../dataflow/fold-plan.js';
import type { FoldRange } from '../dataflow/fold-range.js';
import type { FoldRangeResult } from './fold-parallel.js';
import type { GemmInput } from './gemm-input.js';

/** One range of one GEMM's folds (simulateFoldRange). */
export interface FoldTask {
  input: GemmInput;
  range: FoldRange;
}

/** Rows [from, to) of the float64 product a·b (referenceRows). */
export interface RowsTask {
  a: Matrix;
  b: Matrix;
  from: number;
  to: number;
}

export interface FoldRunner {
  /** How many threads run the tasks (this one included). */
  readonly threads: number;
  /** The ranges to cut a GEMM into; one: it is too small to split. */
  ranges(plan: FoldPlan): FoldRange[];
  run(tasks: FoldTask[]): FoldRangeResult[];
  rows(tasks: RowsTask[]): Float64Array[];
}

let installed: FoldRunner | undefined;

/** From now on, GEMMs that split exactly and large reference products run on this runner (the host's threads); undefined: in this thread. */
export function useFoldRunner(runner: FoldRunner | undefined): void {
  installed = runner;
}

export function foldRunner(): FoldRunner | undefined {
  return installed;
}
