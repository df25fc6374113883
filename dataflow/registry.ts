// What runs each dataflow: how A and B enter its engines, and its three engines (the cycle-stepped reference,
// the fast valid-gated one, the fast ungated one). Keyed by every DataflowName, so a new dataflow does not
// compile until it has all of them; its mapping is MAPPINGS in fold-plan.ts, below the engines that fold by it.
import type { Matrix } from '../core/matrix.js';
import type { PeModel } from '../pe/pe-model.js';
import type { ArrayRun } from './array-run.js';
import type { DataflowName } from './fold-plan.js';
import { wordsOfA, wordsOfB } from './operand-words.js';
import { runOutputStationary, type OsOperands } from './output-stationary.js';
import { runOutputStationaryFast } from './output-stationary-fast.js';
import { runStationary, type StationaryOperands } from './stationary.js';
import { runStationaryFast } from './stationary-fast.js';
import { runOutputStationaryUngated, runStationaryUngated } from './ungated-fast.js';

export type EngineKind = 'reference' | 'fast' | 'ungated';

/** Runs the plan's folds on the run's array; writes the engine's output matrix into `out`; returns the cycles. */
type Engine<Ops> = (run: ArrayRun, ops: Ops, out: Float64Array) => number;

interface DataflowEngines<Ops> {
  /** A and B as the engines take them. */
  operands(pe: PeModel, a: Matrix, b: Matrix): Ops;
  engines: Record<EngineKind, Engine<Ops>>;
  /** The engines write Cᵀ (N×M): IS computes Cᵀ = Bᵀ·Aᵀ. */
  transposed: boolean;
}

/** Runs C = A·B on run.plan with one engine: C (M×N, row-major) into `out`; returns the cycles. */
export type RunGemm = (run: ArrayRun, a: Matrix, b: Matrix, engine: EngineKind, out: Float64Array) => number;

function runner<Ops>({ operands, engines, transposed }: DataflowEngines<Ops>): RunGemm {
  return (run, a, b, engine, out) => {
    const ops = operands(run.pe, a, b);
    if (!transposed) return engines[engine](run, ops, out);
    const outT = new Float64Array(out.length);
    const cycles = engines[engine](run, ops, outT);
    transposeInto(outT, b.cols, a.rows, out);
    return cycles;
  };
}

const OS_ENGINES: Record<EngineKind, Engine<OsOperands>> = {
  reference: runOutputStationary,
  fast: runOutputStationaryFast,
  ungated: runOutputStationaryUngated,
};

const STATIONARY_ENGINES: Record<EngineKind, Engine<StationaryOperands>> = {
  reference: runStationary,
  fast: runStationaryFast,
  ungated: runStationaryUngated,
};

export const DATAFLOW_REGISTRY: Readonly<Record<DataflowName, RunGemm>> = {
  os: runner({ operands: (pe, a, b) => ({ A: wordsOfA(pe, a), B: wordsOfB(pe, b) }), engines: OS_ENGINES, transposed: false }),
  // WS streams A past a stationary B.
  ws: runner({ operands: (pe, a, b) => ({ S: wordsOfA(pe, a), W: wordsOfB(pe, b), streamedIsA: true }), engines: STATIONARY_ENGINES, transposed: false }),
  // IS streams Bᵀ past a stationary Aᵀ.
  is: runner({ operands: (pe, a, b) => ({ S: wordsOfB(pe, b, true), W: wordsOfA(pe, a, true), streamedIsA: false }), engines: STATIONARY_ENGINES, transposed: true }),
};

/** out (cols × rows) = the transpose of x (rows × cols), both row-major. */
function transposeInto(x: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) out[i * rows + j] = x[j * cols + i] as number;
}
