// Sweeps through the built CLI: resume after a kill, shards merged, --jobs 2 = --jobs 1, the lines' efficiency
// summary; compare; baselines.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { root, scratch } from './built-cli.js';
import { BASELINE_SWEEP } from '../scripts/baseline-matrix.mjs';

const cliPath = join(root, 'dist/cli.js');
const { dir, cli: runCli } = scratch('sweep');
const cli = (...args: string[]) => runCli(args);

/** Points of a JSONL file by key (line order depends on which worker finishes first). */
function points(file: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n').filter((l) => l)) {
    const o = JSON.parse(line) as { key: string };
    out[o.key] = o;
  }
  return out;
}

const GRID = ['--model', 'deit-tiny', '--arrays', '8,16,4x8', '--dataflows', 'os,ws', '--orders', 'before,after'];

beforeAll(() => {
  expect(cli('sweep', ...GRID, '--jobs', '1', '--out', 'full.jsonl').code).toBe(0);
}, 240_000);

describe('systolic sweep', () => {
  it('--jobs 2 gives results identical to --jobs 1', () => {
    expect(cli('sweep', ...GRID, '--jobs', '2', '--out', 'two.jsonl').code).toBe(0);
    expect(points('two.jsonl')).toEqual(points('full.jsonl'));
    expect(Object.keys(points('full.jsonl'))).toHaveLength(12);
  }, 120_000);

  it("each line's summary: its result's energy, delay and array area, EDP, energy × area and EDAP", () => {
    type Line = { result: { totals: { energyPj: { total: number }; timeUs: number; areaUm2: { array: number } } }; summary: Record<string, number> };
    for (const l of Object.values(points('full.jsonl')) as Line[]) {
      const t = l.result.totals;
      const [e, d, a] = [t.energyPj.total, t.timeUs * 1e-6, t.areaUm2.array * 1e-6];
      expect(a).toBeGreaterThan(0);
      const want = { energyPj: e, delayS: d, areaMm2: a, edpPjS: e * d, energyAreaPjMm2: e * a, edapPjSMm2: e * d * a };
      for (const [k, v] of Object.entries(want)) expect([k, l.summary[k]! / v]).toEqual([k, expect.closeTo(1, 12)]);
    }
  });

  it('a sweep killed midway and finished with --resume gives the same points', async () => {
    const child = spawn(process.execPath, [cliPath, 'sweep', ...GRID, '--jobs', '1', '--out', 'killed.jsonl'], { cwd: dir, stdio: 'ignore' });
    const file = join(dir, 'killed.jsonl');
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (existsSync(file) && readFileSync(file, 'utf8').split('\n').filter((l) => l).length >= 3) {
          clearInterval(poll);
          child.kill('SIGKILL');
          resolve();
        }
      }, 20);
    });
    await new Promise((r) => child.once('exit', r));
    const before = Object.keys(points('killed.jsonl')).length;
    expect(before).toBeLessThan(12);
    writeFileSync(file, readFileSync(file, 'utf8') + '{"index": 99, "key": "cut sho'); // a line cut by the kill
    const r = cli('sweep', ...GRID, '--jobs', '2', '--resume', '--out', 'killed.jsonl');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`(${12 - before} run, ${before} kept from an earlier run)`);
    expect(points('killed.jsonl')).toEqual(points('full.jsonl'));
  }, 120_000);

  it('merged shards equal the unsharded sweep', () => {
    for (const i of [0, 1, 2]) expect(cli('sweep', ...GRID, '--jobs', '1', '--shard', `${i}/3`, '--out', `shard${i}.jsonl`).code).toBe(0);
    expect(Object.keys(points('shard1.jsonl'))).toHaveLength(4);
    const r = cli('merge', 'shard0.jsonl', 'shard2.jsonl', 'shard1.jsonl', '-o', 'merged.jsonl');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'merged.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'full.jsonl'), 'utf8'));
  }, 120_000);

  it('a wXaYfq item sweeps FrameQuant weights: the same block as `run --wquant framequant`', () => {
    const grid = ['--model', 'deit-tiny', '--arrays', '16', '--dataflows', 'os', '--orders', 'after', '--jobs', '1'];
    expect(cli('sweep', ...grid, '--bits', 'w2a8fq', '--out', 'fq.jsonl').code).toBe(0);
    const [line] = Object.values(points('fq.jsonl')) as { key: string; result: { ops: { name: string }[]; totals: unknown; accuracy: unknown } }[];
    expect(line!.key).toBe('deit-tiny|16x16|os|after|w2a8fq|int8');
    expect(line!.result.ops.map((op) => op.name)).toContain('qkv-frame');
    const run = JSON.parse(cli('run', '--model', 'deit-tiny', '--array', '16', '--order', 'after', '--wquant', 'framequant', '--redundancy', '1.1', '--json').stdout);
    expect(line!.result.totals).toEqual(run.totals);
    expect(line!.result.accuracy).toEqual(run.accuracy);
  }, 120_000);

  it.each([
    [['--arrays', '8,0'], 'arrays: "0" is not allowed; allowed N or RxC with sizes 1..256'],
    [['--bits', 'w8a9'], 'bits: "w8a9" is not allowed'],
    [['--shard', '3/3'], 'shard: "3/3" is not allowed; allowed i/n with 0 ≤ i < n'],
    [['--orders', 'sideways'], 'orders: "sideways" is not allowed; allowed before, after'],
  ])('bad flags %j: exit 2, one message', (args, message) => {
    const r = cli('sweep', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('systolic compare', () => {
  const line = () => JSON.parse(readFileSync(join(dir, 'full.jsonl'), 'utf8').split('\n')[0]!);
  it('passes an unchanged run (exit 0)', () => {
    const r = cli('compare', 'full.jsonl', 'two.jsonl');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no differences');
  });
  it('catches a 0.1% energy change (exit 1, naming it)', () => {
    const l = line();
    l.result.ops[0].energyPj.total *= 1.001;
    writeFileSync(join(dir, 'energy.json'), JSON.stringify(l.result));
    writeFileSync(join(dir, 'base.json'), JSON.stringify(line().result));
    const r = cli('compare', 'base.json', 'energy.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('1 difference');
    expect(r.stdout).toMatch(/ops\[0\]\.energyPj\.total: .* \(\+0\.100%\)/);
  });
  it('catches a change of one toggle (exit 1)', () => {
    const l = line();
    l.result.ops[1].perPe.toggles.accReg[5] += 1;
    writeFileSync(join(dir, 'toggle.json'), JSON.stringify(l.result));
    const r = cli('compare', 'base.json', 'toggle.json');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('ops[1].perPe.toggles.accReg[5]');
  });
  it('tolerates energy noise within --rtol', () => {
    const l = line();
    l.result.ops[0].energyPj.total *= 1 + 1e-12;
    writeFileSync(join(dir, 'noise.json'), JSON.stringify(l.result));
    expect(cli('compare', 'base.json', 'noise.json').code).toBe(0);
    expect(cli('compare', 'base.json', 'energy.json', '--rtol', '0.01').code).toBe(0);
  });
  it('a missing file is an input error (exit 2)', () => {
    expect(cli('compare', 'base.json', 'nope.json').code).toBe(2);
  });
});

describe('committed baselines', () => {
  it('the simulator still produces baselines/deit-tiny.jsonl (npm run baselines:update rewrites it)', () => {
    expect(cli('sweep', ...BASELINE_SWEEP, '--out', 'baseline-now.jsonl').code).toBe(0);
    const r = cli('compare', join(root, 'baselines/deit-tiny.jsonl'), 'baseline-now.jsonl');
    expect(r.stdout).toContain('no differences');
    expect(r.code).toBe(0);
  }, 240_000);
});
