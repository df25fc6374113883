// One calibration point: a PE kind on one stream, through the simulator (counters) and through the synthesized
// netlist (gate-level energy), with the netlist's accumulator checked against the simulator's MAC on every edge.
import { join } from 'node:path';
import { createPe, peSpecFromName } from '../pe/catalog.js';
import { defaultAccBits } from '../pe/int-mac.js';
import type { PeModel, PeSpec } from '../pe/pe-model.js';
import { floatMacVerilog } from '../rtl/float-mac-verilog.js';
import { intMacVerilog, type PeVerilog } from '../rtl/int-mac-verilog.js';
import { sumOf } from '../dataflow/pe-counters.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import type { Tech } from '../sim/tech.js';
import { gateEnergy, type GateEnergy } from './gate-energy.js';
import { gateSim } from './gate-sim.js';
import type { Library } from './liberty.js';
import { calibrationStream, type StreamName } from './streams.js';
import { synthesize } from './synthesize.js';

export const CALIBRATED_PES = ['int2', 'int4', 'int8', 'int16', 'bf16', 'fp16', 'fp32'] as const;
export type CalibratedPe = (typeof CALIBRATED_PES)[number];

/** Int accumulators are sized for this depth whatever the stream length, so one netlist serves every run. */
export const ACC_DEPTH = 4096;

export interface Counters {
  macs: number;
  cycles: number;
  aReg: number;
  bReg: number;
  accReg: number;
  product: number;
  ppArray: number;
  clockedFlops: number;
}

export interface Measurement {
  pe: CalibratedPe;
  stream: StreamName;
  k: number;
  seed: number;
  aBits: number;
  bBits: number;
  accBits: number;
  cells: number;
  area: number;
  counters: Counters;
  gate: GateEnergy;
  /** Simulated time of the gate-level run (ns), for leakage. */
  timeNs: number;
}

export function calibrationSpec(name: CalibratedPe): PeSpec {
  const spec = peSpecFromName(name);
  if (spec.kind === 'int') spec.accBits = defaultAccBits(spec.aBits, spec.bBits, ACC_DEPTH);
  return spec;
}

export function peVerilog(pe: PeModel): PeVerilog {
  return pe.spec.kind === 'int' ? intMacVerilog(pe) : floatMacVerilog(pe);
}

export interface MeasureOptions {
  liberty: string;
  lib: Library;
  cellModels: string;
  workDir: string;
  periodNs: number;
  tech: Tech;
}

export async function measure(name: CalibratedPe, stream: StreamName, k: number, seed: number, o: MeasureOptions): Promise<Measurement> {
  const spec = calibrationSpec(name);
  const { a, b } = calibrationStream(spec, stream, k, seed);
  const run = simulateGemm({ a, b, pe: spec, dataflow: 'os', rows: 1, cols: 1, tech: o.tech, accuracy: false });
  const pe = createPe(spec, k);
  const v = peVerilog(pe);
  const syn = synthesize(v, o.liberty, join(o.workDir, 'netlists'));
  const aVals = Array.from(a.data, (x) => pe.wordA(x));
  const bVals = Array.from(b.data, (x) => pe.wordB(x));
  const sim = await gateSim({
    netlist: syn.netlist,
    cellModels: o.cellModels,
    aWords: aVals.map((x) => pe.patternA(x)),
    bWords: bVals.map((x) => pe.patternB(x)),
    aBits: v.aBits,
    bBits: v.bBits,
    accBits: v.accBits,
    periodNs: o.periodNs,
    workDir: join(o.workDir, `${name}-${stream}`),
  });
  // The netlist must compute what the simulator computes: acc after edge j holds the first j products.
  let acc = 0;
  for (let j = 0; j <= k; j++) {
    const want = pe.accPattern(acc).toString(16).padStart(Math.ceil(v.accBits / 4), '0');
    const got = sim.accTrace[j];
    if (got !== want) {
      throw new Error(`gate-level ${name} on ${stream}: accumulator after edge ${j} is ${got ?? 'missing'}, simulator ${want} (a=${aVals[j - 1]}, b=${bVals[j - 1]})`);
    }
    if (j < k) acc = pe.add(acc, pe.multiply(aVals[j] as number, bVals[j] as number));
  }
  if (pe.accPattern(acc) !== pe.accPattern(run.output.data[0] as number)) throw new Error(`${name} on ${stream}: stepped MAC differs from the simulator's output`);
  const clk = syn.netlist.ports.find((p) => p.name === 'clk')?.bits[0];
  if (clk === undefined) throw new Error('netlist has no clk port');
  const c = run.counters;
  const t = c.toggles;
  return {
    pe: name,
    stream,
    k,
    seed,
    aBits: pe.aBits,
    bBits: pe.bBits,
    accBits: pe.accBits,
    cells: syn.cells,
    area: syn.area,
    counters: {
      macs: sumOf(c.macs),
      cycles: run.result.cycles,
      aReg: sumOf(t.aReg),
      bReg: sumOf(t.bReg),
      accReg: sumOf(t.accReg),
      product: sumOf(t.product),
      ppArray: sumOf(t.ppArray),
      clockedFlops: sumOf(c.clockedFlops),
    },
    gate: gateEnergy(o.lib, syn.netlist, sim.rises, sim.falls, sim.cycles, o.periodNs, clk),
    timeNs: sim.cycles * o.periodNs,
  };
}
