// What a sweep prints: --format csv (one row per point and op) and json (the lines of --out), the summary on stderr
// then; a CSV --out refused (the file is JSON lines for resume and merge); the memory budget checked before running.
import { describe, expect, it } from 'vitest';
import { scratch, TINY } from './built-cli.js';

const { cli, read } = scratch('sweep-formats');
const GRID = ['--arrays', '4,8', '--orders', 'after', ...TINY];

describe('sweep output formats', () => {
  it('--format csv: a header, then one row per point and op, in point order', () => {
    const r = cli(['sweep', ...GRID, '--out', 'c.jsonl', '--format', 'csv']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trimEnd().split('\n');
    expect(rows[0]!.startsWith('index,key,model,rows,cols,dataflow,order,wbits,abits,point_pe,op,kind,pe,m,k,n,')).toBe(true);
    expect(rows.slice(1).map((row) => row.split(',').slice(0, 2).join(',') + ',' + row.split(',')[10])).toEqual(
      ['0,custom|4x4|os|after|w8a8|int8', '1,custom|8x8|os|after|w8a8|int8'].flatMap((p) => ['qkv', 'qk', 'softmax', 'pv', 'proj'].map((op) => `${p},${op}`)),
    );
    expect(r.stderr).toContain('2 points in c.jsonl');
  });

  it('--format json: the lines of --out, byte for byte', () => {
    const r = cli(['sweep', ...GRID, '--out', 'j.jsonl', '--format', 'json', '--jobs', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(read('j.jsonl'));
  });

  it.each([
    [['--out', 'x.csv'], "out: x.csv names a CSV file, but a sweep's --out holds JSON lines"],
    [['--out', 'm.jsonl', '--max-memory', '1MB'], 'more than the budget of 1 MB (--max-memory)'],
  ])('%j: exit 2 before running', (flags, message) => {
    const r = cli(['sweep', ...GRID, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});
