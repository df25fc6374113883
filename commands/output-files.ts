// Output files: every path a subcommand will write is checked before it simulates, and files are written atomically.
import { accessSync, constants, existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../core/input-error.js';

/** The options of each subcommand that name a file it writes (rtl creates its output folder itself). */
const OUTPUT_OPTIONS: Record<string, { key: string; flag: string }[]> = {
  gemm: [{ key: 'out', flag: '--out' }],
  run: [{ key: 'out', flag: '--out' }, { key: 'report', flag: '--report' }],
  sweep: [{ key: 'out', flag: '--out' }, { key: 'report', flag: '--report' }],
  merge: [{ key: 'out', flag: '-o' }],
  report: [{ key: 'out', flag: '-o' }],
  explore: [{ key: 'out', flag: '-o' }],
  calibrate: [{ key: 'out', flag: '--out' }, { key: 'json', flag: '--json' }, { key: 'md', flag: '--md' }],
};

export function checkOutputPaths(action: Command): void {
  const opts = action.opts<Record<string, unknown>>();
  for (const { key, flag } of OUTPUT_OPTIONS[action.name()] ?? []) {
    const path = opts[key];
    if (typeof path !== 'string') continue;
    const folder = dirname(path);
    const why = !existsSync(folder) ? 'does not exist' : !statSync(folder).isDirectory() ? 'is not a folder' : !writable(folder) ? 'is not writable' : existsSync(path) && statSync(path).isDirectory() ? 'names a folder' : '';
    if (why) throw new InputError(`${flag}: cannot write ${path}: ${why === 'names a folder' ? 'it is a folder' : `folder ${folder} ${why}`}; nothing was simulated`);
  }
}

function writable(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes through a temporary file in the same folder and renames it: a killed run never leaves a torn file. */
export function writeFileAtomic(path: string, data: Uint8Array | string): void {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
