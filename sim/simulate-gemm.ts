// The library's front door: one call simulates one GEMM (on the fast engine by default, or the cycle-stepped
// reference engine) and returns the output, the raw per-PE counters and the JSON-ready op result (docs/result-schema.md).
import { createPe, peSpecFromName } from '../pe/catalog.js';
import type { PeModel } from '../pe/pe-model.js';
import type { ArrayRun, Gating } from '../dataflow/array-run.js';
import { GATINGS } from '../dataflow/array-run.js';
import { checkDataflow, closedFormCycles, MAPPINGS, planFolds, type FoldPlan } from '../dataflow/fold-plan.js';
import { checkMicro } from '../dataflow/micro.js';
import { DATAFLOW_REGISTRY } from '../dataflow/registry.js';
import { observeAll, SramTotals } from '../dataflow/traffic.js';
import type { EngineKind } from '../dataflow/registry.js';
import type { FoldRange } from '../dataflow/fold-range.js';
import { mergeFoldRanges, replayTraffic, type FoldRangeResult } from './fold-parallel.js';
import { foldRunner } from './fold-runner.js';
import { accuracyOf, type Accuracy } from './accuracy.js';
import { arrayArea, peAreaUm2 } from './area.js';
import { Datapath } from '../dataflow/datapath.js';
import { InputError } from '../core/input-error.js';
import { type Matrix } from '../core/matrix.js';
import { referenceGemm } from './reference-gemm.js';
import { createCounters, sumOf, TOGGLE_COUNTERS, type PeCounters, type ToggleCounter } from '../dataflow/pe-counters.js';
import { ENERGY_COMPONENTS, peEnergy, sramEnergyPj, type PeEnergy, type PeExtras } from './power-model.js';
import { DEFAULT_TECH } from './tech.js';
import { opResult, type EnergyPj, type OpResult } from './op-result.js';
import { simulateMemory } from '../memory/memory-system.js';
import { memoryEnergyPj } from './memory-energy.js';

import { ENGINES, type GemmInput } from './gemm-input.js';

export type { EnergyKey, OpKind, OpResult } from './op-result.js';
export { ENGINES, type EngineName, type GemmInput } from './gemm-input.js';

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

/** A GEMM checked and set up for its engine: the plan, the PE, the counters and the run state the engines share. */
function setUp(input: GemmInput) {
  const { a, b } = input;
  checkMatrix('a', a);
  checkMatrix('b', b);
  if (a.cols !== b.rows) {
    throw new InputError(`b: shape ${b.rows}×${b.cols} does not match a: ${a.rows}×${a.cols}; b needs ${a.cols} rows (K)`);
  }
  const gating = input.gating ?? 'valid';
  if (!GATINGS.includes(gating)) throw new InputError(`gating: "${String(gating)}" is not allowed; allowed ${GATINGS.join(', ')}`);
  const dataflow = checkDataflow(input.dataflow);
  const micro = checkMicro(input.micro ?? 'simple', gating);
  const tech = input.tech ?? DEFAULT_TECH;
  const clockMhz = input.clockMhz ?? tech.clockMhz;
  if (!(clockMhz > 0) || !Number.isFinite(clockMhz)) throw new InputError(`clockMhz: ${clockMhz} is not allowed; allowed a finite number > 0`);
  const [m, k, n] = [a.rows, a.cols, b.cols];
  const plan = planFolds(dataflow, m, k, n, input.rows, input.cols, micro);
  const spec = typeof input.pe === 'string' ? peSpecFromName(input.pe) : input.pe;
  let pe: PeModel;
  try {
    pe = createPe(spec, k);
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(e.message);
    throw e;
  }
  // Shapes only: checked and priced before the array runs, so a bad configuration fails fast.
  const memory = input.memory && simulateMemory(plan, input.memory, pe);
  const memoryPj = memory && memoryEnergyPj(tech, memory, input.memory!);
  const pes = plan.rows * plan.cols;
  const counters = createCounters(pes);
  const sram = new SramTotals(pe);
  const run: ArrayRun = {
    pe,
    plan,
    gating,
    counters,
    datapath: new Datapath(pe, counters, pes),
    traffic: input.traffic ? observeAll(sram, input.traffic) : sram,
    edgeOverflows: { count: 0 },
  };
  if (input.trace) run.trace = input.trace;
  const engine = input.engine ?? 'fast';
  if (!ENGINES.includes(engine)) throw new InputError(`engine: "${String(engine)}" is not allowed; allowed ${ENGINES.join(', ')}`);
  // Traces need the reference engine; the fast engine has a valid-gated and an ungated variant.
  const kind: EngineKind = engine === 'fast' && !input.trace ? (gating === 'none' ? 'ungated' : 'fast') : 'reference';
  return { a, b, m, k, n, gating, dataflow, micro, tech, clockMhz, plan, pe, pes, counters, sram, run, kind, memory, memoryPj, out: new Float64Array(m * n) };
}

/** Whether a GEMM's fold ranges merge bit-identical to one run: the fast engines without zero gating (dataflow/fold-range.ts). */
function splitsExactly(kind: EngineKind, gating: Gating): boolean {
  return kind !== 'reference' && gating !== 'zero';
}

/**
 * One range of a GEMM's folds (a worker's share): its counts and C as it leaves it; merge with sim/fold-parallel.ts.
 * It runs the GEMM cut to the column folds it touches (the operand spread over the array columns sliced), whose
 * folds are the range's, so each thread prepares only its share of that operand's words.
 */
export function simulateFoldRange(input: GemmInput, range: FoldRange): FoldRangeResult {
  const whole = setUp({ ...input, traffic: undefined, memory: undefined });
  const { plan, kind, gating } = whole;
  if (!splitsExactly(kind, gating)) throw new InputError(`range: a ${kind} engine with gating ${gating} runs whole; allowed the fast engine with gating valid or none`);
  const { rowFolds, cols } = plan;
  const [c0, c1] = [Math.floor(range.warm / rowFolds) * cols, Math.min(plan.colDim, Math.ceil(range.to / rowFolds) * cols)];
  const shift = (c0 / cols) * rowFolds;
  const byRowsOfA = MAPPINGS[plan.dataflow].cols === 'm';
  const { a, b } = input;
  const cut = () => (byRowsOfA ? { a: { rows: c1 - c0, cols: a.cols, data: a.data.subarray(c0 * a.cols, c1 * a.cols) }, b } : { a, b: columnsOf(b, c0, c1) });
  // A range over every column fold (a whole small GEMM, an op's head) runs on the GEMM as set up.
  const g = c0 === 0 && c1 === plan.colDim ? whole : setUp({ ...input, ...cut(), traffic: undefined, memory: undefined });
  g.run.range = { warm: range.warm - shift, from: range.from - shift, to: range.to - shift };
  DATAFLOW_REGISTRY[g.dataflow](g.run, g.a, g.b, g.kind, g.out);
  const corner = byRowsOfA ? { m0: c0, n0: 0 } : { m0: 0, n0: c0 };
  return { range, counters: g.counters, out: { ...corner, rows: g.m, cols: g.n, data: g.out }, edgeOverflows: g.run.edgeOverflows.count };
}

/** Columns [c0, c1) of a matrix. */
function columnsOf(x: Matrix, c0: number, c1: number): Matrix {
  const w = c1 - c0;
  const data = new Float64Array(x.rows * w);
  for (let r = 0; r < x.rows; r++) data.set(x.data.subarray(r * x.cols + c0, r * x.cols + c1), r * w);
  return { rows: x.rows, cols: w, data };
}

export function simulateGemm(input: GemmInput): GemmRun {
  const g = setUp(input);
  const runner = foldRunner();
  const ranges = runner && splitsExactly(g.kind, g.gating) ? runner.ranges(g.plan) : [];
  // A GEMM too small to split runs whole here: on a worker it would only add a message.
  return finish(input, g, ranges.length > 1 ? runner!.run(ranges.map((range) => ({ input, range }))) : []);
}

/**
 * Independent GEMMs at once (an op's heads): with a runner installed, every GEMM's ranges (one covering all its folds
 * if it is too small to split) go to it as one list, so its threads take them as they free up; the runs come back in
 * the inputs' order. Without one, or for a GEMM that runs whole (simulateGemm's), one after the other here.
 */
export function simulateGemms(inputs: GemmInput[]): GemmRun[] {
  const runner = foldRunner();
  if (!runner || inputs.length < 2) return inputs.map(simulateGemm);
  const gs = inputs.map(setUp);
  const ranges = gs.map((g) => (splitsExactly(g.kind, g.gating) ? runner.ranges(g.plan) : []));
  const tasks = ranges.flatMap((rs, i) => rs.map((range) => ({ input: inputs[i]!, range })));
  const parts = tasks.length > 0 ? runner.run(tasks) : [];
  let at = 0;
  return gs.map((g, i) => finish(inputs[i]!, g, parts.slice(at, (at += ranges[i]!.length))));
}

/** The run of a set-up GEMM from its ranges' counts (none: the GEMM runs whole now, in this thread). */
function finish(input: GemmInput, g: ReturnType<typeof setUp>, parts: FoldRangeResult[]): GemmRun {
  const { m, k, n, gating, dataflow, micro, tech, clockMhz, plan, pe, pes, counters, sram, run, kind, memory, memoryPj, out } = g;
  let engineCycles: number;
  if (parts.length > 0) {
    run.edgeOverflows.count = mergeFoldRanges(plan, parts, counters, out);
    // The accuracy check asks the PE whether it overflowed.
    pe.overflows = sumOf(counters.overflows) + run.edgeOverflows.count;
    replayTraffic(plan, run.traffic);
    engineCycles = closedFormCycles(plan);
  } else {
    engineCycles = DATAFLOW_REGISTRY[dataflow](run, g.a, g.b, kind, out);
  }
  // The PE's setup (a LUT PE loads its table, one entry per cycle, broadcast to every PE) precedes the GEMM.
  const cycles = engineCycles + pe.setup.cycles;
  for (let p = 0; p < pes; p++) counters.clockedFlops[p]! += pe.setup.clockedFlops;
  const output: Matrix = { rows: m, cols: n, data: out };
  const extras = peExtras(plan, pe, gating);
  // A stall freezes the array with its clock running: every PE flop is clocked, nothing toggles, all leak.
  const stall = memory?.stallCycles ?? 0;
  if (stall > 0) for (let p = 0; p < pes; p++) counters.clockedFlops[p]! += stall * (pe.aBits + pe.bBits + pe.accBits + extras.shadowBits);
  const energy = peEnergy(tech, pe, counters, cycles + stall, clockMhz, extras);
  const sramPj = memoryPj ? memoryPj.sram : sramEnergyPj(tech, sram.totals.readBits + sram.totals.writeBits);
  const energyPj = {} as EnergyPj;
  for (const c of ENERGY_COMPONENTS) energyPj[c] = sumOf(energy[c]);
  energyPj.sram = sramPj;
  if (memoryPj) energyPj.dram = memoryPj.dram;
  energyPj.edge = 0;
  energyPj.total = sumOf(energy.total) + sramPj + (memoryPj?.dram ?? 0);
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
    micro,
    folds: plan.folds,
    cycles: cycles + stall,
    macs: sumOf(counters.macs),
    overflows: { pe: sumOf(counters.overflows), edge: run.edgeOverflows.count },
    toggles: { ...toggles, shadowReg: sumOf(counters.shadowReg) },
    energyPj,
    perPe: {
      energyPj: energy.total,
      macs: counters.macs,
      activeCycles: counters.activeCycles,
      toggles: { ...counters.toggles, shadowReg: counters.shadowReg },
      ...(gating === 'zero' && { gatedMacs: counters.gatedMacs }),
    },
    ...(gating === 'zero' && { gatedMacs: sumOf(counters.gatedMacs) }),
    sram: sram.totals,
    ...(memory && { memory: { ...memory, computeCycles: cycles } }),
    accuracy: accuracyAgainstReference(input, pe, out),
    areaUm2: arrayArea(plan.rows, plan.cols, peAreaUm2(tech, pe.area), 0),
  });
  return { output, plan, pe, counters, energy, result };
}

export { closedFormCycles };

/** The pipelined array's shadow register (the stationary operand's width) and gating zero's detectors. */
function peExtras(plan: FoldPlan, pe: PeModel, gating: Gating): PeExtras {
  const kept = MAPPINGS[plan.dataflow].stationary;
  const shadowBits = plan.micro === 'pipelined' && kept !== 'c' ? (kept === 'a' ? pe.aBits : pe.bBits) : 0;
  const detectedBits = gating === 'zero' ? (pe.zeroIsolates.a ? pe.aBits : 0) + (pe.zeroIsolates.b ? pe.bBits : 0) : 0;
  return { shadowBits, detectedBits };
}

const UNMEASURED: Accuracy = { cosine: NaN, relL2: NaN, maxAbs: NaN };

function accuracyAgainstReference(input: GemmInput, pe: PeModel, out: Float64Array): Accuracy {
  if (input.accuracy === false) return UNMEASURED;
  // A PE exact without overflow needs no float64 reference product.
  if (pe.exact && pe.overflows === 0) return { cosine: 1, relL2: 0, maxAbs: 0 };
  // Where A holds codes, the reference multiplies by the values they stand for.
  const aValue = pe.aValue;
  const a = aValue ? { ...input.a, data: input.a.data.map((code) => aValue(code)) } : input.a;
  return accuracyOf(out, referenceGemm(a, input.b).data);
}
