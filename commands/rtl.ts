// `systolic rtl`: writes the Verilog of an array (PEs, skew registers, controller), its testbench and the Verilator
// main; with --m and --n also the operand files of a seeded random GEMM, ready to run (docs/rtl.md).
import { join } from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import { GATINGS } from '../dataflow/array-run.js';
import { DATAFLOWS, MAX_ARRAY_DIM } from '../dataflow/fold-plan.js';
import { peSpecFromName, type PeOptions } from '../pe/catalog.js';
import { InputError } from '../core/input-error.js';
import { randomOperands } from '../sim/random-operands.js';
import { arrayVerilog } from '../rtl/array-verilog.js';
import { operandFiles } from '../rtl/operand-files.js';
import { rtlArraySpec, simulatorPeSpec, type RtlArraySpec } from '../rtl/rtl-spec.js';
import { testbenchVerilog, verilatorArgs, verilatorMain } from '../rtl/testbench.js';
import { addIntPeOptions, type Io } from './common.js';
import { intArg } from './options.js';

export interface RtlIo extends Io {
  makeDir(path: string): void;
}

/** The PE flags (--a-bits …) are PeOptions under the same names. */
export interface RtlOptions extends PeOptions {
  rows: number;
  cols: number;
  dataflow: string;
  pe: string;
  gating: string;
  k: number;
  m?: number;
  n?: number;
  seed: number;
  out: string;
}

/** The files to write, by name, and the array they describe: a pure function of the options. */
export function rtlCommand(o: RtlOptions): { spec: RtlArraySpec; files: Record<string, string> } {
  const pe = peSpecFromName(o.pe, o);
  const spec = rtlArraySpec({ rows: o.rows, cols: o.cols, dataflow: o.dataflow, pe, gating: o.gating, k: o.k });
  const files: Record<string, string> = {
    'systolic_array.v': arrayVerilog(spec),
    'tb.v': testbenchVerilog(spec),
    'tb_main.cpp': verilatorMain(),
  };
  if ((o.m === undefined) !== (o.n === undefined)) throw new InputError('--m and --n: give both for operand files, or neither');
  if (o.m !== undefined && o.n !== undefined) {
    const { a, b } = randomOperands(simulatorPeSpec(spec), o.m, o.k, o.n, o.seed);
    Object.assign(files, operandFiles(spec, a, b));
  }
  return { spec, files };
}

export function registerRtl(program: Command, io: RtlIo, out: (s: string) => void): void {
  const cmd = program
    .command('rtl')
    .description('write synthesizable Verilog of the array (same registers as the simulator), a testbench and a Verilator main')
    .option('--rows <n>', 'array rows R', intArg(1, MAX_ARRAY_DIM), 4)
    .option('--cols <n>', 'array columns C', intArg(1, MAX_ARRAY_DIM), 4)
    .addOption(new Option('--dataflow <df>', 'dataflow').choices(DATAFLOWS).default('os'))
    .option('--pe <kind>', 'PE kind: intN or uintN, N in 2..16 (float, shift and LUT PEs are not generated)', 'int8');
  addIntPeOptions(cmd)
    .addOption(new Option('--gating <mode>', 'clock gating of idle registers: valid (hold, clock-gated) or none (load zero every cycle)').choices(GATINGS).default('valid'))
    .option('--k <n>', 'GEMM depth K the default accumulator width is sized for; with --m and --n, the operands\' K', intArg(1, 65535), 64)
    .option('--m <n>', 'with --n: also write operand files of a random M×K·K×N GEMM', intArg(1, 65535))
    .option('--n <n>', 'with --m: columns of B and C of the operand files', intArg(1, 65535))
    .option('--seed <n>', 'seed of the random operands', intArg(0, 2 ** 32 - 1), 1)
    .requiredOption('-o, --out <dir>', 'directory to write the files into (created if missing)')
    .action((opts: RtlOptions) => {
      const { spec, files } = rtlCommand(opts);
      io.makeDir(opts.out);
      for (const [name, text] of Object.entries(files)) io.writeFile(join(opts.out, name), text);
      out(
        [
          `wrote ${Object.keys(files).join(', ')} to ${join(opts.out, '.')}`,
          `${spec.rows}×${spec.cols} ${spec.dataflow.toUpperCase()} array, ${spec.aBits}×${spec.bBits}-bit ${spec.aSigned ? 'signed' : 'unsigned'} operands, ${spec.accBits}-bit accumulator (${spec.overflow})`,
          `build: cd ${opts.out} && verilator ${verilatorArgs().join(' ')}`,
          `run:   ./obj_dir/Vtb  (reads shape.hex a.hex b.hex; writes c.hex cycles.txt coverage.dat)`,
        ].join('\n'),
      );
    });
}
