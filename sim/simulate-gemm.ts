// The library's front door: one call simulates one GEMM (on the fast engine by default, or the cycle-stepped
// reference engine) and returns the output, the raw per-PE counters and the JSON-ready op result (docs/result-schema.md).
import { createPe, peSpecFromName } from '../pe/catalog.js';
import type { PeModel, PeSpec } from '../pe/pe-model.js';
import type { ArrayRun, Gating, RegisterSnapshot } from '../dataflow/array-run.js';
import { GATINGS } from '../dataflow/array-run.js';
import { checkDataflow, closedFormCycles, planFolds, type DataflowName, type FoldPlan } from '../dataflow/fold-plan.js';
import { runOutputStationary } from '../dataflow/output-stationary.js';
import { runOutputStationaryFast } from '../dataflow/output-stationary-fast.js';
import { runStationary } from '../dataflow/stationary.js';
import { runStationaryFast } from '../dataflow/stationary-fast.js';
import { runOutputStationaryUngated, runStationaryUngated } from '../dataflow/ungated-fast.js';
import { accuracyOf, type Accuracy } from './accuracy.js';
import { Datapath } from '../dataflow/datapath.js';
import { InputError } from '../core/input-error.js';
import { type Matrix } from '../core/matrix.js';
import { referenceGemm } from './reference-gemm.js';
import { wordsOfA, wordsOfB } from '../dataflow/operand-words.js';
import { createCounters, sumOf, TOGGLE_COUNTERS, type PeCounters, type ToggleCounter } from '../dataflow/pe-counters.js';
import { ENERGY_COMPONENTS, peEnergy, sramEnergyPj, type PeEnergy } from './power-model.js';
import { DEFAULT_TECH, type Tech } from './tech.js';
import { opResult, type EnergyKey, type OpKind, type OpResult } from './op-result.js';

export type { EnergyKey, OpKind, OpResult } from './op-result.js';

export interface GemmInput {
  a: Matrix;
  b: Matrix;
  pe: PeSpec | string;
  dataflow: DataflowName;
  rows: number;
  cols: number;
  tech?: Tech;
  gating?: Gating;
  clockMhz?: number;
  name?: string;
  kind?: OpKind;
  /** Per-cycle register snapshots (reference engine only; slow, for tests and debugging). */
  trace?: (snapshot: RegisterSnapshot) => void;
  /** `fast` (default) computes the counters from the operand streams; `reference` steps every register. */
  engine?: EngineName;
  /** Compare the output with a float64 GEMM of the inputs (default true); callers with their own reference skip it. */
  accuracy?: boolean;
}

export type EngineName = 'fast' | 'reference';
export const ENGINES: readonly EngineName[] = ['fast', 'reference'];

export interface GemmRun {
  output: Matrix;
  plan: FoldPlan;
  pe: PeModel;
  counters: PeCounters;
  energy: PeEnergy;
  result: OpResult;
}

function checkMatrix(name: string, m: Matrix): void {
  if (!m || !(m.data instanceof Float64Array) || m.data.length !== m.rows * m.cols) {
    throw new InputError(`${name}: not a matrix; expected {rows, cols, data: Float64Array of rows·cols values}`);
  }
}

export function simulateGemm(input: GemmInput): GemmRun {
  const { a, b } = input;
  checkMatrix('a', a);
  checkMatrix('b', b);
  if (a.cols !== b.rows) {
    throw new InputError(`b: shape ${b.rows}×${b.cols} does not match a: ${a.rows}×${a.cols}; b needs ${a.cols} rows (K)`);
  }
  const gating = input.gating ?? 'valid';
  if (!GATINGS.includes(gating)) throw new InputError(`gating: "${String(gating)}" is not allowed; allowed ${GATINGS.join(', ')}`);
  const dataflow = checkDataflow(input.dataflow);
  const tech = input.tech ?? DEFAULT_TECH;
  const clockMhz = input.clockMhz ?? tech.clockMhz;
  if (!(clockMhz > 0) || !Number.isFinite(clockMhz)) throw new InputError(`clockMhz: ${clockMhz} is not allowed; allowed a finite number > 0`);
  const [m, k, n] = [a.rows, a.cols, b.cols];
  const plan = planFolds(dataflow, m, k, n, input.rows, input.cols);
  const spec = typeof input.pe === 'string' ? peSpecFromName(input.pe) : input.pe;
  let pe: PeModel;
  try {
    pe = createPe(spec, k);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
  const pes = plan.rows * plan.cols;
  const counters = createCounters(pes);
  const run: ArrayRun = {
    pe,
    rows: plan.rows,
    cols: plan.cols,
    gating,
    counters,
    datapath: new Datapath(pe, counters, pes),
    sram: { reads: 0, writes: 0, readBits: 0, writeBits: 0 },
    edgeOverflows: { count: 0 },
  };
  if (input.trace) run.trace = input.trace;
  const engine = input.engine ?? 'fast';
  if (!ENGINES.includes(engine)) throw new InputError(`engine: "${String(engine)}" is not allowed; allowed ${ENGINES.join(', ')}`);
  // Traces need the reference engine; the fast engine has a valid-gated and an ungated variant.
  const fast = engine === 'fast' && !input.trace;
  const os = !fast ? runOutputStationary : gating === 'valid' ? runOutputStationaryFast : runOutputStationaryUngated;
  const stationary = !fast ? runStationary : gating === 'valid' ? runStationaryFast : runStationaryUngated;
  const out = new Float64Array(m * n);
  let cycles: number;
  if (dataflow === 'os') {
    cycles = os(run, wordsOfA(pe, a), wordsOfB(pe, b), m, k, n, out);
  } else if (dataflow === 'ws') {
    cycles = stationary(run, { S: wordsOfA(pe, a), W: wordsOfB(pe, b), t: m, kd: k, nc: n, streamedIsA: true }, out);
  } else {
    // IS computes Cᵀ = Bᵀ·Aᵀ with Aᵀ stationary; transpose back.
    const outT = new Float64Array(m * n);
    cycles = stationary(run, { S: wordsOfB(pe, b, true), W: wordsOfA(pe, a, true), t: n, kd: k, nc: m, streamedIsA: false }, outT);
    transpose(outT, n, m, out);
  }
  if (pe.lut) {
    // Loading the table: one entry per cycle, broadcast to every PE, before the GEMM.
    cycles += pe.lut.entries;
    for (let p = 0; p < pes; p++) counters.clockedFlops[p]! += pe.lut.entries * pe.lut.entryBits;
  }
  const output: Matrix = { rows: m, cols: n, data: out };
  const energy = peEnergy(tech, pe, counters, cycles, clockMhz);
  const sramPj = sramEnergyPj(tech, run.sram.readBits + run.sram.writeBits);
  const energyPj = {} as Record<EnergyKey, number>;
  for (const c of ENERGY_COMPONENTS) energyPj[c] = sumOf(energy[c]);
  energyPj.sram = sramPj;
  energyPj.edge = 0;
  energyPj.total = sumOf(energy.total) + sramPj;
  const toggles = {} as Record<ToggleCounter, number>;
  for (const t of TOGGLE_COUNTERS) toggles[t] = sumOf(counters.toggles[t]);
  const result = opResult({
    name: input.name ?? 'gemm',
    kind: input.kind ?? 'gemm',
    m,
    k,
    n,
    dataflow,
    rows: plan.rows,
    cols: plan.cols,
    pe: pe.name,
    gating,
    folds: plan.folds,
    cycles,
    macs: sumOf(counters.macs),
    overflows: { pe: sumOf(counters.overflows), edge: run.edgeOverflows.count },
    toggles,
    energyPj,
    perPe: { energyPj: energy.total, macs: counters.macs, activeCycles: counters.activeCycles, toggles: counters.toggles },
    sram: run.sram,
    accuracy: accuracyAgainstReference(input, pe, out),
  });
  return { output, plan, pe, counters, energy, result };
}

export { closedFormCycles };

/** out (cols × rows) = the transpose of x (rows × cols), both row-major. */
function transpose(x: Float64Array, rows: number, cols: number, out: Float64Array): void {
  for (let i = 0; i < cols; i++) for (let j = 0; j < rows; j++) out[i * rows + j] = x[j * cols + i] as number;
}

const UNMEASURED: Accuracy = { cosine: NaN, relL2: NaN, maxAbs: NaN };

function accuracyAgainstReference(input: GemmInput, pe: PeModel, out: Float64Array): Accuracy {
  if (input.accuracy === false) return UNMEASURED;
  // Int and shift MACs without an overflow are exact: skip the float64 reference product. (A LUT's table may be
  // any integers, so its reference is the codebook product.)
  if ((pe.spec.kind === 'int' || pe.spec.kind === 'shift') && pe.overflows === 0) return { cosine: 1, relL2: 0, maxAbs: 0 };
  // A shift PE's A operand is a code: the reference multiplies by the power of two it stands for.
  const a = pe.spec.kind === 'shift' ? { ...input.a, data: input.a.data.map((code) => pe.multiply(code, 1)) } : input.a;
  return accuracyOf(out, referenceGemm(a, input.b).data);
}
