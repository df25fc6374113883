// What the subcommands share: file access, technology files, and the int PE, --json and operand seed options.
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import type { OverflowMode } from '../pe/pe-model.js';
import { DEFAULT_TECH, parseTech, type Tech } from '../sim/tech.js';
import { integers, option, SEED } from '../workloads/option-info.js';

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
export const INT_PE_OPTIONS = {
  aBits: option(integers(2, 16).optional(), { arg: 'n', help: 'int PE: A operand width (default from --pe)' }),
  bBits: option(integers(2, 16).optional(), { arg: 'n', help: 'int PE: B operand width (default from --pe)' }),
  unsigned: option(z.boolean().optional(), { help: 'int PE: unsigned operands' }),
  accBits: option(integers(2, 53).optional(), { arg: 'n', help: 'int PE: accumulator width (default aBits + bBits + ceil(log2 K))' }),
  overflow: option(z.enum(['wrap', 'saturate'] as const satisfies readonly OverflowMode[]).optional(), { arg: 'mode', help: 'int PE: accumulator overflow' }),
};

export const JSON_OPTION = option(z.boolean().optional(), { help: 'print the result object (schema in docs/result-schema.md) and nothing else' });

export const OPERAND_SEED = option(SEED.default(1), { arg: 'n', help: 'seed of the random operands' });
