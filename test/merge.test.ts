// merge checks what the shards' grid records say: one sweep, each shard once and whole, every line readable, no
// point twice with different contents; what is missing is refused (exit 2) or, with --allow-partial, named.
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scratch, TINY } from './built-cli.js';

const { cli, read, path } = scratch('merge');
// Six points: shard 0/2 holds indices 0, 2, 4 and shard 1/2 holds 1, 3, 5.
const GRID = [...TINY, '--arrays', '4,8,16', '--orders', 'before,after', '--jobs', '1'];

beforeAll(() => {
  for (const [args, out] of [[[], 'full.jsonl'], [['--shard', '0/2'], 's0.jsonl'], [['--shard', '1/2'], 's1.jsonl'], [['--shard', '1/2', '--seed', '2'], 'seed2.jsonl']] as const) {
    expect(cli(['sweep', ...GRID, ...args, '--out', out]).code).toBe(0);
  }
  const s1 = read('s1.jsonl');
  // Cut in the middle of its second line, as a copy interrupted mid-write leaves it.
  writeFileSync(path('torn.jsonl'), s1.slice(0, s1.indexOf('\n') + 1 + 300));
  const s0 = read('s0.jsonl').split('\n');
  writeFileSync(path('s0-edited.jsonl'), [s0[0]!.replace('"cycles":', '"cycles":1'), ...s0.slice(1)].join('\n'));
});

describe('systolic merge', () => {
  it('joins the two shards into the unsharded sweep, byte for byte', () => {
    const r = cli(['merge', 's1.jsonl', 's0.jsonl', '-o', 'merged.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('6 points from 2 files in merged.jsonl\n');
    expect(read('merged.jsonl')).toBe(read('full.jsonl'));
  });

  it('refuses the same shard twice', () => {
    const r = cli(['merge', 's0.jsonl', 's0.jsonl', '-o', 'm.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('systolic: merge: shard 0/2 is in both s0.jsonl and s0.jsonl; allowed each shard once\n');
  });

  it('refuses a point that appears twice with different contents', () => {
    const r = cli(['merge', 's0.jsonl', 's0-edited.jsonl', '-o', 'm.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('appears twice with different contents (s0-edited.jsonl line 1); allowed each point once');
  });

  it('refuses shards of different sweeps, naming the field', () => {
    const r = cli(['merge', 's0.jsonl', 'seed2.jsonl', '-o', 'm.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('merge: seed2.jsonl line 1 is a point of another sweep than s0.jsonl (seed: 1 in s0.jsonl, 2 in seed2.jsonl)');
  });

  it('refuses a missing shard (exit 2, nothing written); --allow-partial writes the rest and names it', () => {
    const r = cli(['merge', 's0.jsonl', '-o', 'part.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('systolic: merge: 3 of 6 points missing: shard 1/2 (no file); allowed --allow-partial to write the 3 there are\n');
    expect(() => read('part.jsonl')).toThrow();
    const p = cli(['merge', 's0.jsonl', '-o', 'part.jsonl', '--allow-partial']);
    expect(p.code).toBe(0);
    expect(p.stdout).toBe('3 points from 1 file in part.jsonl (partial: 3 of 6 points missing: shard 1/2 (no file))\n');
  });

  it('refuses a shard cut in the middle of a line; --allow-partial names the lost points and the torn line', () => {
    const missing = '2 of 6 points missing: shard 1/2 in torn.jsonl lacks index 3, 5; torn.jsonl line 2 cut short';
    const r = cli(['merge', 's0.jsonl', 'torn.jsonl', '-o', 'm.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`systolic: merge: ${missing}; allowed --allow-partial to write the 4 there are\n`);
    const p = cli(['merge', 's0.jsonl', 'torn.jsonl', '-o', 'm.jsonl', '--allow-partial']);
    expect(p.code).toBe(0);
    expect(p.stdout).toBe(`4 points from 2 files in m.jsonl (partial: ${missing})\n`);
  });

  it('a partial merge resumed as the unsharded sweep runs only the missing points', () => {
    expect(cli(['merge', 's0.jsonl', 'torn.jsonl', '-o', 'resumed.jsonl', '--allow-partial']).code).toBe(0);
    const r = cli(['sweep', ...GRID, '--resume', '--out', 'resumed.jsonl']);
    expect(r.stdout).toContain('6 points in resumed.jsonl (2 run, 4 kept from an earlier run)');
    expect(cli(['merge', 'resumed.jsonl', '-o', 'again.jsonl']).stdout).toBe('6 points from 1 file in again.jsonl\n');
    expect(read('again.jsonl')).toBe(read('full.jsonl'));
  });
});
