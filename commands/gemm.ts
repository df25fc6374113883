// `systolic gemm`: one GEMM on the array, random seeded operands or .npy files.
import type { Command } from 'commander';
import { z } from 'zod';
import { encodeNpy, parseNpy } from '../io/npy.js';
import { peSpecFromName, PE_NAMES } from '../pe/catalog.js';
import type { FloatPeSpec } from '../pe/pe-model.js';
import { InputError } from '../core/input-error.js';
import { untimed, type Phase } from '../core/phase.js';
import type { Matrix } from '../core/matrix.js';
import { gemmBeyondEngine, gemmBytes, type GemmSize } from '../sim/memory-estimate.js';
import { randomOperands } from '../sim/random-operands.js';
import { assembleResult, type Result } from '../sim/result.js';
import { closedFormCycles, simulateGemm } from '../sim/simulate-gemm.js';
import { integers, option } from '../workloads/option-info.js';
import { ARRAY_OPTIONS, arraySides } from '../workloads/run-options.js';
import { memoryConfigOf } from '../workloads/memory-options.js';
import { resultsCsv } from '../reports/csv.js';
import { energyBreakdown, int, memoryLines, pct, perPeSummary, table } from './format.js';
import { INT_PE_OPTIONS, JSON_OPTION, loadTech, OPERAND_SEED, readBytes, type Io } from './common.js';
import { checkMemory, MAX_MEMORY_OPTION } from './memory-budget.js';
import { addFlags } from './options.js';
import { FORMAT_OPTION, isCsvPath, printFormat } from './output-format.js';
import { commandProfile, PROFILE_OPTION } from './profile.js';
import { QUIET_OPTION, withProgress, type ProgressIo } from './progress.js';
import { JOBS_OPTION, useFoldThreads } from './fold-pool.js';

export type { Io };

const SIZE = integers(1, 1 << 20);

/** The flags of `systolic gemm`; the int PE flags (--a-bits …) are PeOptions under the same names. */
export const GEMM_FLAGS = {
  m: option(SIZE.optional(), { arg: 'n', help: 'rows of A and C (default 64, or from --a)' }),
  k: option(SIZE.optional(), { arg: 'n', help: 'columns of A, rows of B (default 64, or from --a)' }),
  n: option(SIZE.optional(), { arg: 'n', help: 'columns of B and C (default 64, or from --b)' }),
  ...arraySides((s) => s.default(16)),
  ...ARRAY_OPTIONS,
  json: JSON_OPTION,
  pe: option(z.string().default('int8'), { arg: 'kind', help: `PE kind: ${PE_NAMES.join('|')} (or uintN / intN, N in 2..16)` }),
  ...INT_PE_OPTIONS,
  acc: option(z.enum(['fp32', 'fp16'] as const satisfies readonly FloatPeSpec['acc'][]).optional(), { arg: 'fmt', help: 'float PE: accumulator format' }),
  seed: OPERAND_SEED,
  a: option(z.string().optional(), { arg: 'file.npy', help: 'A operand (2-D .npy)' }),
  b: option(z.string().optional(), { arg: 'file.npy', help: 'B operand (2-D .npy)' }),
  out: option(z.string().optional(), { arg: 'file.npy', help: 'write the output matrix C as float64 .npy' }),
  jobs: JOBS_OPTION,
  format: FORMAT_OPTION,
  quiet: QUIET_OPTION,
  profile: PROFILE_OPTION,
  maxMemory: MAX_MEMORY_OPTION,
};
export type GemmOptions = z.output<z.ZodObject<typeof GEMM_FLAGS>>;

function readMatrix(io: Io, flag: string, path: string): Matrix {
  return parseNpy(readBytes(io, flag, path), `${flag} ${path}`);
}

/** The operand files, both or neither, checked against --m --k --n where those are given. */
function readOperands(io: Io, o: GemmOptions): { a: Matrix; b: Matrix } | undefined {
  if (!o.a && !o.b) return undefined;
  if (!o.a || !o.b) throw new InputError(`--a and --b: give both operand files, or neither for seeded random operands`);
  const a = readMatrix(io, '--a', o.a);
  const b = readMatrix(io, '--b', o.b);
  for (const [flag, v, want] of [['--m', o.m, a.rows], ['--k', o.k, a.cols], ['--n', o.n, b.cols]] as const) {
    if (v !== undefined && v !== want) throw new InputError(`${flag}: ${v} does not match the operand files (${want})`);
  }
  return { a, b };
}

/** Runs the command: a pure function of the options and the files it may read; `onDone` hears the op finish, `phase` times its phases. */
export function gemmCommand(o: GemmOptions, io: Io, onDone?: (done: number, total: number) => void, phase: Phase = untimed): { result: Result; output: Matrix } {
  if (o.out && isCsvPath(o.out)) throw new InputError(`--out: ${o.out.slice(0, 100)} is not allowed: gemm's --out writes C as .npy; allowed a .npy path (for the op as CSV, --format csv)`);
  const spec = peSpecFromName(o.pe, o);
  const tech = loadTech(io, o.tech);
  const files = readOperands(io, o);
  const [m, k, n] = files ? [files.a.rows, files.a.cols, files.b.cols] : [o.m ?? 64, o.k ?? 64, o.n ?? 64];
  // Int PEs at their default accumulator width never overflow, so their output is not checked against float64.
  const size: GemmSize = { m, k, n, rows: o.rows, cols: o.cols, dataflow: o.dataflow, engine: o.engine, reference: spec.kind !== 'int' || o.accBits !== undefined, threads: o.jobs };
  checkMemory(`--m --k --n: ${m}×${k}·${k}×${n} on a ${o.rows}×${o.cols} array`, gemmBytes(size), gemmBeyondEngine(size), o.maxMemory);
  const { a, b } = files ?? phase('weights and operands', () => randomOperands(spec, m, k, n, o.seed));
  onDone?.(0, 1);
  const clockMhz = o.clockMhz ?? tech.clockMhz;
  const memory = memoryConfigOf(o);
  const run = phase('simulate gemm', () => simulateGemm({ a, b, pe: spec, dataflow: o.dataflow, rows: o.rows, cols: o.cols, tech, gating: o.gating, micro: o.micro, clockMhz, engine: o.engine, ...(memory && { memory }) }));
  onDone?.(1, 1);
  const config = {
    m: a.rows,
    k: a.cols,
    n: b.cols,
    rows: o.rows,
    cols: o.cols,
    dataflow: o.dataflow,
    pe: { name: run.pe.name, ...spec, accBits: run.pe.accBits },
    gating: o.gating,
    // Only the pipelined array names itself, so that default results keep their bytes.
    ...(o.micro !== 'simple' && { micro: o.micro }),
    engine: o.engine,
    tech: tech.name,
    clockMhz,
    ...(memory && { memory }),
    operands: o.a ? { a: o.a, b: o.b } : { seed: o.seed, distribution: spec.kind === 'int' ? 'uniform codes' : 'uniform [-1, 1)' },
    closedFormCycles: closedFormCycles(run.plan),
  };
  return { result: phase('result assembly', () => assembleResult('gemm', io.version, config, [run.result], clockMhz, run.result.accuracy, tech)), output: run.output };
}

export function renderGemm(r: Result): string {
  const op = r.ops[0]!;
  const c = r.config as { closedFormCycles: number; tech: string; clockMhz: number };
  const lines = [
    `C[${op.m}×${op.n}] = A[${op.m}×${op.k}] · B[${op.k}×${op.n}] on a ${op.rows}×${op.cols} ${op.pe} array, ${op.dataflow.toUpperCase()} dataflow, ${op.micro ? `${op.micro}, ` : ''}${op.gating} gating, ${c.tech} at ${c.clockMhz} MHz`,
    '',
    table([
      ['cycles', int(op.cycles), `closed form ${int(c.closedFormCycles)}, ${op.folds} folds`],
      ['MACs', int(op.macs), op.gatedMacs !== undefined ? `${pct(op.gatedMacs / op.macs)} isolated by a zero operand` : ''],
      ['utilization', pct(op.utilization), ''],
      ['power', `${r.totals.powerMw.toFixed(2)} mW`, `over ${r.totals.timeUs.toFixed(2)} µs`],
      ['overflows', int(op.overflows.pe + op.overflows.edge), ''],
    ]),
    '',
    energyBreakdown(op.energyPj),
    ...(op.memory ? memoryLines(op.memory) : []),
    perPeSummary(op.perPe.energyPj, op.cols),
    `toggles  ${Object.entries(op.toggles).map(([k, v]) => `${k} ${int(v)}`).join(', ')}`,
    `accuracy vs float64: cosine ${op.accuracy.cosine.toFixed(6)}, rel L2 ${op.accuracy.relL2.toExponential(2)}, max abs ${op.accuracy.maxAbs.toExponential(2)}`,
  ];
  return lines.join('\n');
}

export function registerGemm(program: Command, io: Io & ProgressIo, out: (s: string) => void): void {
  addFlags(program.command('gemm').description('simulate one GEMM C = A·B on an R×C systolic array: cycles, toggles, per-PE energy'), GEMM_FLAGS)
    .action(async (opts: GemmOptions) => {
      const format = printFormat(opts);
      const profile = commandProfile(opts.profile);
      const { phase } = profile;
      useFoldThreads(opts.jobs);
      const { result, output } = await withProgress(io, opts.quiet, 'ops', (update) => gemmCommand(opts, io, update, phase));
      if (opts.out) phase('writing', () => io.writeFile(opts.out!, encodeNpy(output, 'f8')));
      const text = phase('serialization', () => (format === 'json' ? JSON.stringify(result) : format === 'csv' ? resultsCsv([result]).trimEnd() : renderGemm(result)));
      phase('writing', () => out(text));
      profile.end();
    });
}
