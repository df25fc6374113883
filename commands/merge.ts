// `systolic merge`: joins the JSONL files of sweep shards into one, in point order.
import type { Command } from 'commander';
import { InputError } from '../core/input-error.js';
import type { SweepLine } from '../workloads/sweep-plan.js';
import { readSweepLines, type SweepIo } from './sweep.js';

export function mergeLines(files: SweepLine[][]): SweepLine[] {
  const byKey = new Map<string, SweepLine>();
  for (const lines of files) {
    for (const line of lines) {
      const seen = byKey.get(line.key);
      if (seen && JSON.stringify(seen.result) !== JSON.stringify(line.result)) {
        throw new InputError(`merge: point ${line.key} appears twice with different results; shards of different sweeps?`);
      }
      byKey.set(line.key, line);
    }
  }
  return [...byKey.values()].sort((a, b) => a.index - b.index);
}

export function registerMerge(program: Command, io: SweepIo, out: (s: string) => void): void {
  program
    .command('merge')
    .description('join the JSONL files of sweep shards (--shard i/n) into one')
    .argument('<files...>', 'shard files')
    .requiredOption('-o, --out <file.jsonl>', 'merged file')
    .action((files: string[], opts: { out: string }) => {
      const all = files.map((f) => {
        if (!io.exists(f)) throw new InputError(`merge: cannot read ${f} (ENOENT)`);
        return readSweepLines(io, f, false);
      });
      const merged = mergeLines(all);
      io.writeFile(opts.out, merged.map((l) => JSON.stringify(l) + '\n').join(''));
      out(`${merged.length} points from ${files.length} files in ${opts.out}`);
    });
}
