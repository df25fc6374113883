// --resume keeps only points of the very same sweep: a file made with other options (seed, array, engine, the
// technology file's contents) is refused with the differing field named, and an existing --out is never
// overwritten without --force.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, scratch, TINY } from './built-cli.js';

const { cli, read, lines, path } = scratch('resume');
const GRID = [...TINY, '--arrays', '4,8', '--orders', 'before,after', '--tech', 't.json', '--jobs', '1'];

beforeAll(() => {
  copyFileSync(join(root, 'tech/45nm.json'), path('t.json'));
  expect(cli(['sweep', ...GRID, '--out', 'q.jsonl']).code).toBe(0);
});

describe('sweep --resume', () => {
  it('keeps every point of the same sweep and runs none', () => {
    const before = read('q.jsonl');
    const r = cli(['sweep', ...GRID, '--resume', '--out', 'q.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 points in q.jsonl (0 run, 4 kept from an earlier run)');
    expect(read('q.jsonl')).toBe(before);
  });

  it('drops a line cut short, says so, and runs its point again', () => {
    const whole = read('q.jsonl').split('\n');
    writeFileSync(path('cut.jsonl'), [...whole.slice(0, 2), whole[2]!.slice(0, 500)].join('\n'));
    const r = cli(['sweep', ...GRID, '--resume', '--out', 'cut.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('(2 run, 2 kept from an earlier run); 1 damaged or repeated line dropped');
    expect(lines('cut.jsonl').sort((a, b) => Number(a['index']) - Number(b['index']))).toEqual(lines('q.jsonl'));
  });

  it.each([
    ['seed', ['--seed', '2'], 'seed: 1 in q.jsonl, 2 in this sweep'],
    ['array', ['--arrays', '8,16'], 'arrays: ["4x4","8x8"] in q.jsonl, ["8x8","16x16"] in this sweep'],
    ['engine', ['--engine', 'reference'], 'engine: "fast" in q.jsonl, "reference" in this sweep'],
    ['an option the points do not show', ['--pbits', '4'], 'pbits: [8] in q.jsonl, [4] in this sweep'],
  ])('a different %s is refused, naming the field (exit 2, the file untouched)', (_what, change, message) => {
    const before = read('q.jsonl');
    const args = [...GRID, ...change];
    if (change[0] === '--arrays') args.splice(args.indexOf('--arrays'), 2);
    const r = cli(['sweep', ...args, '--resume', '--out', 'q.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`systolic: resume: q.jsonl line 1 is a point of another sweep (${message}); allowed the options that made it, --force to start over, or another --out\n`);
    expect(read('q.jsonl')).toBe(before);
  });

  it('a technology file with other contents under the same name is refused', () => {
    const tech = JSON.parse(readFileSync(path('t.json'), 'utf8'));
    tech.coefficients.regToggleBase.value *= 1.01;
    writeFileSync(path('t.json'), JSON.stringify(tech, null, 2));
    const r = cli(['sweep', ...GRID, '--resume', '--out', 'q.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/resume: q\.jsonl line 1 is a point of another sweep \(tech: "sha256:[0-9a-f]{64}" in q\.jsonl, "sha256:[0-9a-f]{64}" in this sweep\)/);
    copyFileSync(join(root, 'tech/45nm.json'), path('t.json'));
  });

  it('points of another shard are refused', () => {
    const r = cli(['sweep', ...GRID, '--shard', '1/2', '--resume', '--out', 'q.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('resume: q.jsonl line 1 is a point of shard 0/1, this is shard 1/2; allowed the same --shard, or another --out');
  });

  it('a JSONL file that is not a sweep of this version is refused by line', () => {
    writeFileSync(path('old.jsonl'), '{"index":0,"key":"deit-tiny|4x4|os|after|w8a8|int8","point":{},"result":{}}\n');
    const r = cli(['sweep', ...GRID, '--resume', '--out', 'old.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--resume: old.jsonl line 1 is not a sweep line with a grid record');
  });
});

describe('sweep --out of an existing file', () => {
  it('is refused without --resume or --force (exit 2, the file untouched)', () => {
    const before = read('q.jsonl');
    const r = cli(['sweep', ...GRID, '--out', 'q.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('systolic: out: q.jsonl exists; allowed --resume to continue its sweep, --force to overwrite it, or another --out\n');
    expect(read('q.jsonl')).toBe(before);
  });

  it('--force overwrites it; --force with --resume is refused', () => {
    expect(cli(['sweep', ...GRID, '--resume', '--force', '--out', 'q.jsonl']).stderr).toContain('force: --resume keeps the points in --out, --force overwrites them; allowed one of the two');
    const r = cli(['sweep', ...GRID, '--seed', '2', '--force', '--out', 'q.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('4 points in q.jsonl (4 run, 0 kept from an earlier run)');
    expect(lines<{ result: { config: { data: { seed: number } } } }>('q.jsonl').map((l) => l.result.config.data.seed)).toEqual([2, 2, 2, 2]);
  });
});
