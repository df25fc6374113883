// The calibration flow: synthesize each PE kind, simulate its netlist on the simulator's streams, fit the power
// model's coefficients to gate-level energy, write a technology file and compare model and gate level again.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../core/input-error.js';
import { sumOf } from '../dataflow/pe-counters.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH, type Tech } from '../sim/tech.js';
import { fitCoefficients, type FitResult } from './fit.js';
import { parseLiberty } from './liberty.js';
import { createPe } from '../pe/catalog.js';
import { peAreaUm2 } from '../sim/area.js';
import { synthesizedAreas, type PeArea } from './area.js';
import { ACC_DEPTH, CALIBRATED_PES, calibrationSpec, measure, type CalibratedPe, type Measurement } from './measure.js';
import { calibrationStream, STREAMS, type StreamName } from './streams.js';
import { yosysVersion } from './synthesize.js';
import { buildTech } from './tech-file.js';

export const OSU018 = '/usr/share/qflow/tech/osu018';
/** The prior towards the 45 nm file's shape may cost at most this worst relative error (the issue allows 15%). */
export const FIT_TARGET = 0.1;

export interface CalibrateOptions {
  pes: CalibratedPe[];
  streams: StreamName[];
  k: number;
  seed: number;
  /** Independent streams per (kind, stream name): seeds seed, seed+1, …; the fit sees each, the report sums them. */
  seeds: number;
  periodNs: number;
  liberty: string;
  cellModels: string;
  workDir: string;
  command: string;
  date: string;
  onProgress?: (msg: string) => void;
}

export interface CalibrationRow {
  pe: CalibratedPe;
  stream: StreamName;
  macs: number;
  gatePjPerMac: number;
  modelPjPerMac: number;
  /** (model − gate) / gate, in percent. */
  errorPct: number;
  gate: Record<string, number>;
  model: Record<string, number>;
  cells: number;
  area: number;
}

export interface CalibrationReport {
  tools: string;
  liberty: string;
  k: number;
  seed: number;
  seeds: number;
  periodNs: number;
  /** The fit: coefficients, worst relative error on the fitted streams, prior strength and scale. */
  fit: FitResult;
  /** Counters and gate-level energies of every run: a new fit needs no new simulation. */
  measurements: Measurement[];
  rows: CalibrationRow[];
  worstErrorPct: number;
  /** Every PE kind's netlist area against the area model under the fitted file. */
  areas: AreaRow[];
  tech: Tech;
}

export interface AreaRow extends PeArea {
  modelArea: number;
  /** (model − gate) / gate, in percent. */
  errorPct: number;
}

/** The area model (sim/area.ts) with the fitted file's coefficients against each PE's netlist. */
export function compareAreas(areas: PeArea[], tech: Tech): AreaRow[] {
  return areas.map((a) => {
    const modelArea = peAreaUm2(tech, createPe(calibrationSpec(a.pe), ACC_DEPTH).area);
    return { ...a, modelArea, errorPct: (modelArea / a.area - 1) * 100 };
  });
}

/** Throws a clear error when one of the RTL tools is missing. */
export function checkTools(): void {
  for (const [tool, arg] of [['yosys', '-V'], ['iverilog', '-V'], ['vvp', '-V']] as const) {
    const r = spawnSync(tool, [arg], { encoding: 'utf8' });
    if (r.error) throw new InputError(`${tool} not found: calibration needs yosys, iverilog and Debian qflow-tech-osu018 (apt-get install -y yosys iverilog qflow-tech-osu018)`);
  }
}

/** Model energy per MAC of one measurement's stream under a technology file, through the simulator itself. */
export function modelEnergy(m: Measurement, tech: Tech): { perMac: number; parts: Record<string, number> } {
  const spec = calibrationSpec(m.pe);
  const { a, b } = calibrationStream(spec, m.stream, m.k, m.seed);
  const run = simulateGemm({ a, b, pe: spec, dataflow: 'os', rows: 1, cols: 1, tech, accuracy: false });
  const macs = sumOf(run.counters.macs);
  const parts: Record<string, number> = {};
  for (const c of ['registers', 'multiplier', 'adder', 'clock', 'leakage'] as const) parts[c] = sumOf(run.energy[c]) / macs;
  return { perMac: sumOf(run.energy.total) / macs, parts };
}

/** Model against gate level per (kind, stream): energies summed over the runs (seeds) of the pair, per MAC. */
export function compare(ms: Measurement[], tech: Tech): CalibrationRow[] {
  const rows = new Map<string, CalibrationRow>();
  for (const m of ms) {
    const key = `${m.pe}/${m.stream}`;
    const model = modelEnergy(m, tech);
    const macs = m.counters.macs;
    let r = rows.get(key);
    if (!r) {
      r = { pe: m.pe, stream: m.stream, macs: 0, gatePjPerMac: 0, modelPjPerMac: 0, errorPct: 0, gate: {}, model: {}, cells: m.cells, area: m.area };
      rows.set(key, r);
    }
    // Accumulate totals (pJ) first; divided by the MACs below.
    r.macs += macs;
    r.gatePjPerMac += m.gate.total;
    r.modelPjPerMac += model.perMac * macs;
    for (const [k, v] of Object.entries(m.gate)) r.gate[k] = (r.gate[k] ?? 0) + v;
    for (const [k, v] of Object.entries(model.parts)) r.model[k] = (r.model[k] ?? 0) + v * macs;
  }
  return [...rows.values()].map((r) => {
    const per = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v / r.macs]));
    const gatePjPerMac = r.gatePjPerMac / r.macs;
    const modelPjPerMac = r.modelPjPerMac / r.macs;
    return { ...r, gatePjPerMac, modelPjPerMac, errorPct: (modelPjPerMac / gatePjPerMac - 1) * 100, gate: per(r.gate), model: per(r.model) };
  });
}

export async function measureAll(o: CalibrateOptions): Promise<{ ms: Measurement[]; tools: string }> {
  checkTools();
  for (const [field, path] of [['--liberty', o.liberty], ['--cell-models', o.cellModels]] as const) {
    if (!existsSync(path)) throw new InputError(`${field}: ${path} does not exist; install Debian qflow-tech-osu018 or give the file`);
  }
  const lib = parseLiberty(readFileSync(o.liberty, 'utf8'));
  const tools = `${yosysVersion().replace(/\s*\(.*\)$/, '').replace(/^Yosys/, 'yosys')} + ${lib.name}`;
  const ms: Measurement[] = [];
  for (const pe of o.pes) {
    for (const stream of o.streams) {
      for (let seed = o.seed; seed < o.seed + o.seeds; seed++) {
      o.onProgress?.(`${pe} ${stream} seed ${seed}`);
      ms.push(await measure(pe, stream, o.k, seed, { liberty: o.liberty, lib, cellModels: o.cellModels, workDir: o.workDir, periodNs: o.periodNs, tech: DEFAULT_TECH }));
      }
    }
  }
  return { ms, tools };
}

export async function calibrate(o: CalibrateOptions): Promise<CalibrationReport> {
  const { ms, tools } = await measureAll(o);
  const fit = fitCoefficients(ms, DEFAULT_TECH, FIT_TARGET);
  const { coefficients } = fit;
  const lib = parseLiberty(readFileSync(o.liberty, 'utf8'));
  o.onProgress?.('areas: every PE kind, its multiplier and its adder');
  const areas = synthesizedAreas(o.liberty, lib, o.workDir);
  const tech = buildTech(coefficients, ms, areas, lib, { command: o.command, tools, date: o.date, vdd: lib.voltage, periodNs: o.periodNs, base: DEFAULT_TECH });
  const rows = compare(ms, tech);
  return {
    tools,
    liberty: o.liberty,
    k: o.k,
    seed: o.seed,
    seeds: o.seeds,
    periodNs: o.periodNs,
    fit,
    measurements: ms,
    rows,
    worstErrorPct: Math.max(...rows.map((r) => Math.abs(r.errorPct))),
    areas: compareAreas(areas, tech),
    tech,
  };
}

/** All PE kinds must be in a run that writes a technology file: each family has its own coefficients. */
export function coversAllKinds(pes: readonly string[]): boolean {
  return CALIBRATED_PES.every((p) => pes.includes(p));
}

export { CALIBRATED_PES, STREAMS };
