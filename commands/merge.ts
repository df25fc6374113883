// `systolic merge`: joins the JSONL files of one sweep's shards into one file in point order. It checks what the
// lines' grid records say (docs/result-schema.md, "Sweep lines"): one sweep, each shard i/n once, every line
// readable, no point twice with different contents, and every point of the grid present unless --allow-partial.
import type { Command } from 'commander';
import { InputError } from '../core/input-error.js';
import { gridDifference, type SweepLine } from '../workloads/sweep-line.js';
import { readSweepFile, type SweepFile, type SweepIo } from './sweep.js';

export interface MergeInput extends SweepFile {
  name: string;
}

export interface Merged {
  /** In point order, stamped shard 0/1: the file an unsharded sweep of the same grid writes. */
  lines: SweepLine[];
  points: number;
  /** What is missing, one phrase each (absent shards, points of incomplete shards, lines cut short); empty when whole. */
  missing: string[];
  missingCount: number;
}

/** At most a few items of a list, and how many more. */
const few = (items: (string | number)[]) => (items.length > 6 ? `${items.slice(0, 6).join(', ')} and ${items.length - 6} more` : items.join(', '));

export function mergeShards(files: MergeInput[]): Merged {
  const first = files.find((f) => f.lines.length > 0);
  if (!first) throw new InputError(`merge: ${few(files.map((f) => f.name))} hold no sweep lines; allowed the JSONL files of sweep shards`);
  const grid = first.lines[0]!.line.grid;
  const n = grid.shard.count;
  const fileOfShard = new Map<number, string>();
  const byIndex = new Map<number, SweepLine>();
  for (const f of files) {
    const shards = new Set<number>();
    for (const { at, line } of f.lines) {
      const where = `${f.name} line ${at}`;
      if (line.grid.id !== grid.id) {
        const diff = gridDifference(grid.options, line.grid.options, [first.name, f.name]) ?? `grid ${grid.id} in ${first.name}, ${line.grid.id} in ${f.name}`;
        throw new InputError(`merge: ${where} is a point of another sweep than ${first.name} (${diff}); allowed the shards of one sweep`);
      }
      const { index, count } = line.grid.shard;
      if (count !== n) throw new InputError(`merge: ${where} is of shard ${index}/${count}, ${first.name} of shard ${grid.shard.index}/${n}; allowed the shards i/${n} of one sweep`);
      if (line.index >= grid.points || line.index % n !== index) throw new InputError(`merge: ${where}: index ${line.index} is not allowed in shard ${index}/${n} of ${grid.points} points`);
      shards.add(index);
      const seen = byIndex.get(line.index);
      if (seen && JSON.stringify(seen) !== JSON.stringify(line)) throw new InputError(`merge: point ${line.key.slice(0, 100)} (index ${line.index}) appears twice with different contents (${where}); allowed each point once`);
      byIndex.set(line.index, line);
    }
    if (shards.size > 1) throw new InputError(`merge: ${f.name} holds points of shards ${few([...shards].map((s) => `${s}/${n}`))}; allowed one shard per file`);
    for (const s of shards) {
      const other = fileOfShard.get(s);
      if (other !== undefined) throw new InputError(`merge: shard ${s}/${n} is in both ${other} and ${f.name}; allowed each shard once`);
      fileOfShard.set(s, f.name);
    }
  }
  const absent = Array.from({ length: grid.points }, (_, i) => i).filter((i) => !byIndex.has(i));
  const missing: string[] = [];
  for (let s = 0; s < Math.min(n, grid.points); s++) {
    const lacking = absent.filter((i) => i % n === s);
    if (lacking.length === 0) continue;
    const file = fileOfShard.get(s);
    missing.push(file === undefined ? `shard ${s}/${n} (no file)` : `shard ${s}/${n} in ${file} lacks index ${few(lacking)}`);
  }
  for (const f of files) if (f.torn.length > 0) missing.push(`${f.name} line ${few(f.torn)} cut short`);
  const lines = [...byIndex.values()].sort((a, b) => a.index - b.index).map((l) => ({ ...l, grid: { ...l.grid, shard: { index: 0, count: 1 } } }));
  return { lines, points: grid.points, missing, missingCount: absent.length };
}

export function registerMerge(program: Command, io: SweepIo, out: (s: string) => void): void {
  program
    .command('merge')
    .description('join the JSONL files of one sweep\'s shards (--shard i/n) into one, checking that each shard is there once and whole')
    .argument('<files...>', 'shard files')
    .requiredOption('-o, --out <file.jsonl>', 'merged file')
    .option('--allow-partial', 'write the points there are when shards or points are missing or lines are cut short (saying what is missing)')
    .action((files: string[], opts: { out: string; allowPartial?: boolean }) => {
      const merged = mergeShards(files.map((name) => ({ name, ...readSweepFile(io, 'merge', name) })));
      const gaps = `${merged.missingCount} of ${merged.points} points missing: ${merged.missing.join('; ')}`;
      if (merged.missing.length > 0 && !opts.allowPartial) throw new InputError(`merge: ${gaps}; allowed --allow-partial to write the ${merged.lines.length} there are`);
      io.writeFile(opts.out, merged.lines.map((l) => JSON.stringify(l) + '\n').join(''));
      out(`${merged.lines.length} points from ${files.length} file${files.length === 1 ? '' : 's'} in ${opts.out}${merged.missing.length > 0 ? ` (partial: ${gaps})` : ''}`);
    });
}
