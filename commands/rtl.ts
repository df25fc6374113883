// `systolic rtl`: writes the Verilog of an array (PEs, skew registers, controller), its testbench and the Verilator
// main; with --m and --n also the operand files of a seeded random GEMM, ready to run (docs/rtl.md).
import { join } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { peSpecFromName } from '../pe/catalog.js';
import { InputError } from '../core/input-error.js';
import { randomOperands } from '../sim/random-operands.js';
import { arrayVerilog } from '../rtl/array-verilog.js';
import { operandFiles } from '../rtl/operand-files.js';
import { rtlArraySpec, simulatorPeSpec, type RtlArraySpec } from '../rtl/rtl-spec.js';
import { testbenchVerilog, verilatorArgs, verilatorMain } from '../rtl/testbench.js';
import { integers, option, relabel } from '../workloads/option-info.js';
import { ARRAY_OPTIONS, arraySides } from '../workloads/run-options.js';
import { INT_PE_OPTIONS, OPERAND_SEED, type Io } from './common.js';
import { addFlags } from './options.js';

export interface RtlIo extends Io {
  makeDir(path: string): void;
}

const SIZE = integers(1, 65535);

/** The flags of `systolic rtl`; the int PE flags (--a-bits …) are PeOptions under the same names. */
export const RTL_FLAGS = {
  ...arraySides((s) => s.default(4)),
  dataflow: ARRAY_OPTIONS.dataflow,
  pe: option(z.string().default('int8'), { arg: 'kind', help: 'PE kind: intN or uintN, N in 2..16 (float, shift and LUT PEs are not generated)' }),
  ...INT_PE_OPTIONS,
  gating: relabel('gating', ARRAY_OPTIONS.gating, 'clock gating of idle registers: valid (hold, clock-gated), none (load zero every cycle) or zero (valid, and operand isolation on a zero operand)'),
  micro: ARRAY_OPTIONS.micro,
  k: option(SIZE.default(64), { arg: 'n', help: "GEMM depth K the default accumulator width is sized for; with --m and --n, the operands' K" }),
  m: option(SIZE.optional(), { arg: 'n', help: 'with --n: also write operand files of a random M×K·K×N GEMM' }),
  n: option(SIZE.optional(), { arg: 'n', help: 'with --m: columns of B and C of the operand files' }),
  seed: OPERAND_SEED,
  out: option(z.string(), { arg: 'dir', short: 'o', help: 'directory to write the files into (created if missing)' }),
};
export type RtlOptions = z.output<z.ZodObject<typeof RTL_FLAGS>>;

/** The files to write, by name, and the array they describe: a pure function of the options. */
export function rtlCommand(o: RtlOptions): { spec: RtlArraySpec; files: Record<string, string> } {
  const pe = peSpecFromName(o.pe, o);
  const spec = rtlArraySpec({ rows: o.rows, cols: o.cols, dataflow: o.dataflow, pe, gating: o.gating, micro: o.micro, k: o.k });
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
  addFlags(program.command('rtl').description('write synthesizable Verilog of the array (same registers as the simulator), a testbench and a Verilator main'), RTL_FLAGS)
    .action((opts: RtlOptions) => {
      const { spec, files } = rtlCommand(opts);
      io.makeDir(opts.out);
      for (const [name, text] of Object.entries(files)) io.writeFile(join(opts.out, name), text);
      out(
        [
          `wrote ${Object.keys(files).join(', ')} to ${join(opts.out, '.')}`,
          `${spec.rows}×${spec.cols} ${spec.dataflow.toUpperCase()} array, ${spec.aBits}×${spec.bBits}-bit ${spec.aSigned ? 'signed' : 'unsigned'} operands, ${spec.accBits}-bit accumulator (${spec.overflow}), ${spec.micro}, ${spec.gating} gating`,
          `build: cd ${opts.out} && verilator ${verilatorArgs().join(' ')}`,
          `run:   ./obj_dir/Vtb  (reads shape.hex a.hex b.hex; writes c.hex cycles.txt toggles.txt)`,
        ].join('\n'),
      );
    });
}
