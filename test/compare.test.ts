// `systolic compare` on the built CLI: a summary first, a bounded list of one-line differences, exact mode,
// machine-readable output, and files of different kinds refused by name.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratch } from './built-cli.js';

const { dir, cli: runCli } = scratch('compare');
const cli = (...args: string[]) => runCli(args);

/** A result shaped like a run's, with big per-PE arrays (what a careless diff would dump). */
function result(energy: number, cycles: number) {
  const perPe = Array.from({ length: 256 }, (_, p) => energy / 256 + p);
  return { schemaVersion: 1, command: 'run', config: { rows: 16 }, ops: [{ name: 'qkv', cycles, energyPj: { total: energy }, perPe: { energyPj: perPe } }], totals: { cycles, energyPj: { total: energy }, perPeEnergyPj: perPe } };
}

const sweepLine = (i: number, energy: number) => JSON.stringify({ index: i, key: `p${i}`, series: 's', point: { rows: 16, cols: 16 }, result: result(energy, 1000 + i) });

describe('compare of a 1,000-point sweep', () => {
  // Result: every point's energy 1% up, point 0 missing, one extra point.
  writeFileSync(join(dir, 'base.jsonl'), Array.from({ length: 1000 }, (_, i) => sweepLine(i, 1e6)).join('\n') + '\n');
  writeFileSync(join(dir, 'new.jsonl'), Array.from({ length: 1000 }, (_, i) => (i === 0 ? sweepLine(1000, 1e6) : sweepLine(i, 1.01e6))).join('\n') + '\n');

  it('leads with a summary and stays under 10 kB', () => {
    const r = cli('compare', 'base.jsonl', 'new.jsonl');
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBeLessThan(10_000);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`${999 * 514} differences between base.jsonl and new.jsonl (counts exact, energies within rtol 1e-9)`);
    expect(lines[1]).toBe('  points: 999 compared, 1 missing from new.jsonl, 1 extra; 999 differ, 999 with changed totals');
    expect(lines[2]).toBe('  missing: p0');
    expect(lines[3]).toBe('  extra: p1000');
    expect(lines[4]).toMatch(/^ {2}worst relative change: \[p\d+\] .* \+1\.00%$/);
    expect(lines[5]).toBe('first 20:');
    expect(lines[6]).toBe('  [p1] ops[0].energyPj.total: 1000000 -> 1010000 (+1.00%)');
    expect(lines.at(-2)).toBe(`  ... and ${999 * 514 - 20} more (--max-diffs shows more)`);
  });

  it('--format json: the same summary for machines, differences cut at --max-diffs', () => {
    const r = cli('compare', 'base.jsonl', 'new.jsonl', '--format', 'json', '--max-diffs', '3');
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(j).toMatchObject({ kind: 'sweep', pass: false, compared: 999, missing: ['p0'], missingCount: 1, extra: ['p1000'], extraCount: 1, differing: 999, differenceCount: 999 * 514 });
    expect(j['differences']).toHaveLength(3);
    expect(r.stdout.length).toBeLessThan(2_000);
  });
});

describe('compare of single results', () => {
  writeFileSync(join(dir, 'a.json'), JSON.stringify(result(1e6, 1000)));
  writeFileSync(join(dir, 'tiny.json'), JSON.stringify(result(1e6 * (1 + 1e-12), 1000)));
  writeFileSync(join(dir, 'both.json'), JSON.stringify({ schemaVersion: 1, command: 'run', results: { before: result(1e6, 1000), after: result(1e6, 1000) } }));

  it.each([
    ['the default rtol tolerates float noise', [], 0],
    ['--rtol 0 is exact', ['--rtol', '0'], 1],
  ])('%s', (_name, flags, code) => {
    expect(cli('compare', 'a.json', 'tiny.json', ...flags).code).toBe(code);
  });

  it('an object that changed kind is named in one line, not dumped', () => {
    writeFileSync(join(dir, 'obj.json'), JSON.stringify({ ...result(1e6, 1000), config: 'flat' }));
    const r = cli('compare', 'a.json', 'obj.json');
    expect(r.stdout).toContain('  config: (object with 1 keys) -> "flat"');
  });

  it('a one-order result against a both-orders result: "different kinds" (exit 2)', () => {
    const r = cli('compare', 'a.json', 'both.json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('systolic: compare: different kinds: a.json is a result, both.json is a both-orders result; compare files made by the same command\n');
  });
});
