// How a GEMM maps onto an R×C array in each dataflow (SCALE-Sim v2's mapping), and the closed-form cycle counts.
import { InputError } from '../core/input-error.js';
import type { Micro } from './micro.js';

const NAMES = ['os', 'ws', 'is'] as const;
/** A new name here fails to compile until MAPPINGS, dataflow/registry.ts and rtl/array-verilog.ts handle it. */
export type DataflowName = (typeof NAMES)[number];
export const DATAFLOWS: readonly DataflowName[] = NAMES;
export const MAX_ARRAY_DIM = 256;

export type GemmDim = 'm' | 'k' | 'n';

/** Which GEMM dimension a dataflow spreads over the array rows, over its columns, and streams in time. */
export interface Mapping {
  rows: GemmDim;
  cols: GemmDim;
  time: GemmDim;
  /** Each fold first shifts a stationary tile down the array, one row per cycle (WS, IS). */
  loadsTile: boolean;
  /** The operand the PE keeps (its width is the pipelined shadow register's); OS keeps C. */
  stationary: 'a' | 'b' | 'c';
}

export const MAPPINGS: Readonly<Record<DataflowName, Mapping>> = {
  os: { rows: 'm', cols: 'n', time: 'k', loadsTile: false, stationary: 'c' },
  ws: { rows: 'k', cols: 'n', time: 'm', loadsTile: true, stationary: 'b' },
  is: { rows: 'k', cols: 'm', time: 'n', loadsTile: true, stationary: 'a' },
};

export interface FoldPlan {
  dataflow: DataflowName;
  m: number;
  k: number;
  n: number;
  rows: number;
  cols: number;
  /** GEMM dimension spread over array rows, over array columns, and streamed in time. */
  rowDim: number;
  colDim: number;
  timeDim: number;
  rowFolds: number;
  colFolds: number;
  folds: number;
  micro: Micro;
  /** Cycles the first fold takes (a partial fold takes as long as a full one). */
  cyclesPerFold: number;
  /** Cycles each later fold adds: simple cyclesPerFold; pipelined OS T, WS/IS max(T, 2R+C−2). */
  foldPeriod: number;
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

export function planFolds(dataflow: DataflowName, m: number, k: number, n: number, rows: number, cols: number, micro: Micro = 'simple'): FoldPlan {
  checkDataflow(dataflow);
  checkPositiveInt('m', m);
  checkPositiveInt('k', k);
  checkPositiveInt('n', n);
  checkPositiveInt('rows', rows, MAX_ARRAY_DIM);
  checkPositiveInt('cols', cols, MAX_ARRAY_DIM);
  const mapping = MAPPINGS[dataflow];
  const dims: Record<GemmDim, number> = { m, k, n };
  const [rowDim, colDim, timeDim] = [dims[mapping.rows], dims[mapping.cols], dims[mapping.time]];
  const rowFolds = Math.ceil(rowDim / rows);
  const colFolds = Math.ceil(colDim / cols);
  const stream = timeDim + rows + cols - 2;
  const cyclesPerFold = (mapping.loadsTile ? rows : 0) + stream;
  // Pipelined: OS streams follow each other; a WS/IS stream waits for its load, which starts when the previous
  // fold's first word enters the bottom-right PE (R+C−2 cycles into its stream) and takes R cycles.
  const pipelinedPeriod = mapping.loadsTile ? Math.max(timeDim, 2 * rows + cols - 2) : timeDim;
  return {
    dataflow,
    m,
    k,
    n,
    rows,
    cols,
    rowDim,
    colDim,
    timeDim,
    rowFolds,
    colFolds,
    folds: rowFolds * colFolds,
    micro,
    cyclesPerFold,
    foldPeriod: micro === 'pipelined' ? pipelinedPeriod : cyclesPerFold,
  };
}

/**
 * docs/microarchitecture.md, "Closed forms": simple OS F·(K+R+C−2), WS F·(M+2R+C−2), IS F·(N+2R+C−2); pipelined
 * OS F·K+R+C−2, WS (F−1)·max(M, 2R+C−2)+M+2R+C−2, IS the same with N.
 */
export function closedFormCycles(plan: FoldPlan): number {
  return plan.cyclesPerFold + (plan.folds - 1) * plan.foldPeriod;
}

/** The cycles a fold adds to the run: from the end of the previous fold (its last output left) to its own end. */
export function foldCycles(plan: FoldPlan, index: number): number {
  return index === 0 ? plan.cyclesPerFold : plan.foldPeriod;
}
