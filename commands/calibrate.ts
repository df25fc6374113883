// `systolic calibrate`: fits the power model to gate-level energy of synthesized PEs (calibrate/) and writes a
// technology file and a report of model against gate level per PE kind and stream.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { calibrate, CALIBRATED_PES, coversAllKinds, OSU018, STREAMS, type CalibrationReport } from '../calibrate/calibrate.js';
import { InputError } from '../core/input-error.js';
import type { Io } from './common.js';
import { table } from './format.js';
import { addFlags } from './options.js';
import { integers, option, SEED } from '../workloads/option-info.js';
import { parseChoices } from '../workloads/sweep-plan.js';

/** The flags: the flow's options under the same names, with the PE kinds and streams as comma-separated lists. */
export const CALIBRATE_FLAGS = {
  pe: option(z.string().default(CALIBRATED_PES.join(',')), { arg: 'kinds', help: `PE kinds, comma-separated: ${CALIBRATED_PES.join(',')}` }),
  streams: option(z.string().default(STREAMS.join(',')), { arg: 'names', help: `operand streams, comma-separated: ${STREAMS.join(',')}` }),
  k: option(integers(16, 100_000).default(256), { arg: 'n', help: 'MACs per stream (the accumulator starts at zero: K is the reduction depth)' }),
  seed: option(SEED.default(1), { arg: 'n', help: 'seed of the first stream of each kind' }),
  seeds: option(integers(1, 100).default(2), { arg: 'n', help: 'independent streams per kind and stream name (seeds seed, seed+1, …)' }),
  periodNs: option(z.number().positive().default(20), { arg: 't', help: "clock period of the gate-level simulation (ns); the tech file's clock is 1000/t MHz" }),
  liberty: option(z.string().default(`${OSU018}/osu018_stdcells.lib`), { arg: 'file.lib', help: 'Liberty library' }),
  cellModels: option(z.string().default(`${OSU018}/osu018_stdcells.v`), { arg: 'file.v', help: 'Verilog models of the library cells' }),
  workDir: option(z.string().default(join(tmpdir(), 'systolic-calibrate')), { arg: 'dir', help: 'netlists (cached), testbenches and VCDs' }),
  out: option(z.string().optional(), { arg: 'tech.json', help: 'write the fitted technology file (needs every PE kind)' }),
  json: option(z.string().optional(), { arg: 'file', help: 'write the report as JSON' }),
  md: option(z.string().optional(), { arg: 'file', help: 'write the report as markdown' }),
};
export type CalibrateCliOptions = z.output<z.ZodObject<typeof CALIBRATE_FLAGS>>;

const signedPct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;

export function renderCalibration(r: CalibrationReport): string {
  const rows = [['PE', 'stream', 'gate pJ/MAC', 'model pJ/MAC', 'error'], ...r.rows.map((x) => [x.pe, x.stream, x.gatePjPerMac.toFixed(2), x.modelPjPerMac.toFixed(2), signedPct(x.errorPct)])];
  return [
    `gate level: ${r.tools}, ${r.seeds} × ${r.k} MACs per kind and stream (seeds ${r.seed}..${r.seed + r.seeds - 1}), clock ${r.periodNs} ns`,
    '',
    table(rows),
    '',
    `worst stream-average per-PE energy error ${r.worstErrorPct.toFixed(1)}%`,
    '',
    table([['PE', 'gate µm²', 'model µm²', 'error'], ...r.areas.map((a) => [a.pe, a.area.toFixed(0), a.modelArea.toFixed(0), signedPct(a.errorPct)])]),
  ].join('\n');
}


export function calibrationMarkdown(r: CalibrationReport): string {
  const lines = [
    `# Calibration: model against gate level`,
    '',
    `${r.tools}; ${r.seeds} × ${r.k} MACs per kind and stream (seeds ${r.seed}..${r.seed + r.seeds - 1}), clock period ${r.periodNs} ns.`,
    '',
    '| PE | stream | cells | gate pJ/MAC | model pJ/MAC | error |',
    '|---|---|---:|---:|---:|---:|',
    ...r.rows.map((x) => `| ${x.pe} | ${x.stream} | ${x.cells} | ${x.gatePjPerMac.toFixed(2)} | ${x.modelPjPerMac.toFixed(2)} | ${x.errorPct.toFixed(1)}% |`),
    '',
    `Worst error ${r.worstErrorPct.toFixed(1)}%.`,
    '',
    '| PE | netlist µm² | multiplier alone | adder alone | flops | model µm² | error |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.areas.map((a) => `| ${a.pe} | ${a.area.toFixed(0)} | ${a.multiplier.toFixed(0)} | ${a.adder.toFixed(0)} | ${a.flops} | ${a.modelArea.toFixed(0)} | ${a.errorPct.toFixed(1)}% |`),
    '',
  ];
  return lines.join('\n');
}

export async function calibrateCommand(o: CalibrateCliOptions, io: Io, progress: (msg: string) => void): Promise<CalibrationReport> {
  const pes = [...new Set(parseChoices('--pe', o.pe, CALIBRATED_PES))];
  const streams = [...new Set(parseChoices('--streams', o.streams, STREAMS))];
  if (o.out && !coversAllKinds(pes)) {
    throw new InputError(`--out: a technology file needs every PE kind calibrated; --pe ${pes.join(',')} lacks ${CALIBRATED_PES.filter((p) => !pes.includes(p)).join(', ')}`);
  }
  const defaults = o.pe === CALIBRATED_PES.join(',') && o.streams === STREAMS.join(',');
  const command = `systolic calibrate --k ${o.k} --seed ${o.seed} --seeds ${o.seeds} --period-ns ${o.periodNs}${defaults ? '' : ` --pe ${pes.join(',')} --streams ${streams.join(',')}`}`;
  const report = await calibrate({
    pes,
    streams,
    k: o.k,
    seed: o.seed,
    seeds: o.seeds,
    periodNs: o.periodNs,
    liberty: o.liberty,
    cellModels: o.cellModels,
    workDir: o.workDir,
    command,
    date: new Date().toISOString().slice(0, 10),
    onProgress: progress,
  });
  if (o.out) io.writeFile(o.out, JSON.stringify(report.tech, null, 2) + '\n');
  if (o.json) io.writeFile(o.json, JSON.stringify(report, null, 2) + '\n');
  if (o.md) io.writeFile(o.md, calibrationMarkdown(report));
  return report;
}

export function registerCalibrate(program: Command, io: Io, out: (s: string) => void, log: (s: string) => void): void {
  addFlags(program.command('calibrate').description('fit the power model to gate-level energy: yosys synthesis of each PE to OSU 0.18 µm cells, iverilog simulation on the simulator\'s streams, Liberty energy'), CALIBRATE_FLAGS)
    .action(async (opts: CalibrateCliOptions) => {
      const started = Date.now();
      const report = await calibrateCommand(opts, io, (msg) => log(`calibrate: ${msg}`));
      out(renderCalibration(report));
      out(`(${((Date.now() - started) / 1000).toFixed(0)} s)`);
    });
}
