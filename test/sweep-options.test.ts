// Sweeps do what run does: every run option is a sweep option, a point is the run of the same options (its result
// byte for byte), a run option that sets an axis gives it one item, and the list options sweep.
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SWEEP_FLAGS } from '../commands/sweep.js';
import { encodeNpy } from '../io/npy.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { syntheticBlock } from '../workloads/attention-block.js';
import { RUN_OPTIONS } from '../workloads/run-options.js';
import { root, scratch, TINY } from './built-cli.js';

const { cli, lines, path } = scratch('sweep-options');
type Line = { key: string; point: { rows: number; cols: number; order: string }; result: unknown };
const sweepResults = (file: string) => lines<Line>(file);

describe('sweep options from the run options', () => {
  it('every run option is a sweep option of the same name', () => {
    expect(Object.keys(RUN_OPTIONS).filter((k) => !(k in SWEEP_FLAGS))).toEqual([]);
  });

  it('a sweep with a technology file, clock, gating, probability bits and quantizer and a custom shape: each point is the run of the same options', () => {
    const fixed = ['--tech', join(root, 'tech/180nm.json'), '--clock-mhz', '200', '--gating', 'none', '--pbits', '4', '--pquant', 'log2', '--dim', '32', '--heads', '2', '--tokens', '16'];
    const r = cli(['sweep', '--models', 'custom', ...fixed, '--arrays', '4,8x4', '--orders', 'before,after', '--jobs', '2', '--out', 'fixed.jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const points = sweepResults('fixed.jsonl');
    expect(points.map((l) => l.key).sort()).toEqual(['custom|4x4|os|after|w8a8|int8', 'custom|4x4|os|before|w8a8|fp16', 'custom|8x4|os|after|w8a8|int8', 'custom|8x4|os|before|w8a8|fp16']);
    for (const line of points) {
      const run = cli(['run', '--model', 'custom', ...fixed, '--array', `${line.point.rows}x${line.point.cols}`, '--order', line.point.order, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.stringify(line.result)).toBe(run.stdout.trim());
    }
  }, 60_000);

  it('a sweep over timm weights and an input file: the block of the same run (custom shape from the file)', () => {
    const block = syntheticBlock({ name: 'x', tokens: 20, dim: 32, heads: 2 }, 9);
    const w = block.weights;
    writeFileSync(path('vit.safetensors'), encodeSafetensors({
      'blocks.1.attn.qkv.weight': { shape: [96, 32], data: w.qkvWeight.data },
      'blocks.1.attn.qkv.bias': { shape: [96], data: w.qkvBias },
      'blocks.1.attn.proj.weight': { shape: [32, 32], data: w.projWeight.data },
      'blocks.1.attn.proj.bias': { shape: [32], data: w.projBias },
    }));
    writeFileSync(path('x.npy'), encodeNpy(block.x, 'f4'));
    const given = ['--weights', 'vit.safetensors', '--block', '1', '--input', 'x.npy', '--heads', '2'];
    const r = cli(['sweep', ...given, '--arrays', '4', '--orders', 'after', '--bits', 'w4a4', '--jobs', '2', '--out', 'weights.jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const [line] = sweepResults('weights.jsonl');
    expect(line!.key).toBe('custom|4x4|os|after|w4a4|int4');
    expect(JSON.stringify(line!.result)).toBe(cli(['run', ...given, '--array', '4', '--order', 'after', '--wbits', '4', '--abits', '4', '--json']).stdout.trim());
  });

  it('a run config file sweeps the run it describes (array RxC, order, bits as one item each)', () => {
    writeFileSync(path('exp.json'), JSON.stringify({ model: 'custom', tokens: 16, dim: 32, heads: 2, array: '8x4', order: 'after', wbits: 4, abits: 4, pbits: 4 }));
    const r = cli(['sweep', '--config', 'exp.json', '--jobs', '1', '--out', 'config.jsonl']);
    expect(r.code, r.stderr).toBe(0);
    const [line, more] = sweepResults('config.jsonl');
    expect(more).toBeUndefined();
    expect(line!.key).toBe('custom|8x4|os|after|w4a4|int4');
    expect(JSON.stringify(line!.result)).toBe(cli(['run', '--config', 'exp.json', '--json']).stdout.trim());
  });

  it('a list option sweeps, and joins the key only when it varies', () => {
    expect(cli(['sweep', ...TINY, '--arrays', '4', '--orders', 'after', '--pbits', '4,8', '--jobs', '1', '--out', 'pbits.jsonl']).code).toBe(0);
    const keys = sweepResults('pbits.jsonl').map((l) => l.key);
    expect(keys).toEqual(['custom|4x4|os|after|w8a8|int8|pbits=4', 'custom|4x4|os|after|w8a8|int8|pbits=8']);
    expect(cli(['sweep', ...TINY, '--arrays', '4', '--orders', 'after', '--pbits', '4', '--jobs', '1', '--out', 'pbits4.jsonl']).code).toBe(0);
    expect(sweepResults('pbits4.jsonl')[0]!.result).toEqual(sweepResults('pbits.jsonl')[0]!.result);
    expect(sweepResults('pbits4.jsonl')[0]!.key).toBe('custom|4x4|os|after|w8a8|int8');
  });

  it.each([
    [['--arrays', '4', '--array', '8'], 'arrays: "4" and array are both given; allowed the list (--arrays) or its one item (array, rows, cols), not both'],
    [['--bits', 'w4a4', '--wbits', '4'], 'bits: "w4a4" and wbits are both given; allowed the list (--bits) or its one item (wbits, abits, wquant), not both'],
    [['--pbits', '4,9'], 'pbits: "9" is not allowed; allowed integers 2..8'],
    [['--pquant', 'uniform,cubic'], 'pquant: "cubic" is not allowed; allowed uniform,'],
    [['--array', '8y4'], 'array: "8y4" is not allowed; allowed N or RxC with sizes 1..256'],
    [['--models', 'custom'], 'model: give a preset (--model) or both --dim and --heads'],
  ])('%j: exit 2 before any point runs', (args, message) => {
    const r = cli(['sweep', ...args, '--out', 'bad.jsonl']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });
});

describe('run --array RxC', () => {
  it('is the array --rows R --cols C gives', () => {
    const small = ['--model', 'custom', '--tokens', '16', '--dim', '32', '--heads', '2', '--order', 'after', '--json'];
    const rxc = cli(['run', ...small, '--array', '8x32']);
    expect(rxc.code, rxc.stderr).toBe(0);
    expect(JSON.parse(rxc.stdout).config).toMatchObject({ rows: 8, cols: 32 });
    expect(rxc.stdout).toBe(cli(['run', ...small, '--rows', '8', '--cols', '32']).stdout);
  });

  it('a bad size is an input error naming what is allowed', () => {
    const r = cli(['run', '--array', '0x4']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('systolic: array: "0x4" is not allowed; allowed N or RxC with sizes 1..256\n');
  });
});

describe('run --report', () => {
  const small = ['--model', 'custom', '--tokens', '16', '--dim', '32', '--heads', '2', '--array', '4', '--order', 'after'];
  it('says where it wrote the result JSON the report reads', () => {
    const r = cli(['run', ...small, '--report', 'r.html']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('wrote r.json (the result JSON the report reads; --out names it)\n');
    expect(lines('r.json').map((o) => o['command'])).toEqual(['run']);
  });
  it('with --out, writes only the files it was given', () => {
    const r = cli(['run', ...small, '--report', 'r2.html', '--out', 'named.json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('r2.json');
    expect(() => lines('r2.json')).toThrow();
  });
});
