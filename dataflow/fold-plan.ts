// How a GEMM maps onto an R×C array in each dataflow (SCALE-Sim v2's mapping), and the closed-form cycle counts.
import { InputError } from '../core/input-error.js';

export type DataflowName = 'os' | 'ws' | 'is';
export const DATAFLOWS: readonly DataflowName[] = ['os', 'ws', 'is'];
export const MAX_ARRAY_DIM = 256;

export interface FoldPlan {
  dataflow: DataflowName;
  rows: number;
  cols: number;
  /** GEMM dimension spread over array rows, over array columns, and streamed in time. */
  rowDim: number;
  colDim: number;
  timeDim: number;
  rowFolds: number;
  colFolds: number;
  folds: number;
  /** Cycles one fold takes (a partial fold takes as long as a full one). */
  cyclesPerFold: number;
}

export function checkDataflow(name: string): DataflowName {
  if (!(DATAFLOWS as readonly string[]).includes(name)) {
    throw new InputError(`dataflow: "${name}" is not allowed; allowed ${DATAFLOWS.join(', ')}`);
  }
  return name as DataflowName;
}

export function checkPositiveInt(field: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    throw new InputError(`${field}: ${String(v)} is not allowed; allowed integers 1..${max}`);
  }
  return v;
}

export function planFolds(dataflow: DataflowName, m: number, k: number, n: number, rows: number, cols: number): FoldPlan {
  checkDataflow(dataflow);
  checkPositiveInt('m', m);
  checkPositiveInt('k', k);
  checkPositiveInt('n', n);
  checkPositiveInt('rows', rows, MAX_ARRAY_DIM);
  checkPositiveInt('cols', cols, MAX_ARRAY_DIM);
  const [rowDim, colDim, timeDim] = dataflow === 'os' ? [m, n, k] : dataflow === 'ws' ? [k, n, m] : [k, m, n];
  const rowFolds = Math.ceil(rowDim / rows);
  const colFolds = Math.ceil(colDim / cols);
  const stream = timeDim + rows + cols - 2;
  return {
    dataflow,
    rows,
    cols,
    rowDim,
    colDim,
    timeDim,
    rowFolds,
    colFolds,
    folds: rowFolds * colFolds,
    cyclesPerFold: dataflow === 'os' ? stream : rows + stream,
  };
}

/** docs/architecture.md, "Closed forms": OS F·(K+R+C−2), WS F·(M+2R+C−2), IS F·(N+2R+C−2). */
export function closedFormCycles(plan: FoldPlan): number {
  return plan.folds * plan.cyclesPerFold;
}
