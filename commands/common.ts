// What the subcommands share: file access, technology files, and the array flags.
import { Option, type Command } from 'commander';
import { GATINGS } from '../dataflow/array-run.js';
import { DATAFLOWS, MAX_ARRAY_DIM } from '../dataflow/fold-plan.js';
import { InputError } from '../core/input-error.js';
import { ENGINES } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH, parseTech, type Tech } from '../sim/tech.js';
import { intArg, positiveNumberArg } from './options.js';

export interface Io {
  readFile(path: string): Uint8Array;
  writeFile(path: string, data: Uint8Array | string): void;
  version: string;
}

export function readBytes(io: Io, flag: string, path: string): Uint8Array {
  try {
    return io.readFile(path);
  } catch (e) {
    throw new InputError(`${flag}: cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

export function readJson(io: Io, flag: string, path: string): unknown {
  const text = new TextDecoder().decode(readBytes(io, flag, path));
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`${flag}: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

export function loadTech(io: Io, path: string | undefined): Tech {
  return path ? parseTech(readJson(io, '--tech', path), path) : DEFAULT_TECH;
}

/** --a-bits --b-bits --unsigned --acc-bits --overflow: the int PE's widths and overflow, on top of --pe. */
export function addIntPeOptions(cmd: Command): Command {
  return cmd
    .option('--a-bits <n>', 'int PE: A operand width (default from --pe)', intArg(2, 16))
    .option('--b-bits <n>', 'int PE: B operand width (default from --pe)', intArg(2, 16))
    .option('--unsigned', 'int PE: unsigned operands')
    .option('--acc-bits <n>', 'int PE: accumulator width (default aBits + bBits + ceil(log2 K))', intArg(2, 53))
    .addOption(new Option('--overflow <mode>', 'int PE: accumulator overflow').choices(['wrap', 'saturate']));
}

/** --rows --cols --dataflow --gating --tech --clock-mhz --json */
export function addArrayOptions(cmd: Command, rowsDefault?: number): Command {
  return cmd
    .option('--rows <n>', `array rows R${rowsDefault ? '' : ' (default: --array)'}`, intArg(1, MAX_ARRAY_DIM), rowsDefault)
    .option('--cols <n>', `array columns C${rowsDefault ? '' : ' (default: --array)'}`, intArg(1, MAX_ARRAY_DIM), rowsDefault)
    .addOption(new Option('--dataflow <df>', 'dataflow').choices(DATAFLOWS).default('os'))
    .addOption(new Option('--gating <mode>', 'clock gating of idle registers').choices(GATINGS).default('valid'))
    .option('--tech <file.json>', 'technology file (default: built-in 45 nm)')
    .option('--clock-mhz <f>', 'clock frequency for power (default from the technology file)', positiveNumberArg)
    .addOption(new Option('--engine <e>', 'fast: counters from the operand streams; reference: steps every register').choices(ENGINES).default('fast'))
    .option('--json', 'print the result object (schema in docs/result-schema.md) and nothing else');
}
