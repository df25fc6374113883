// The built CLI (dist/cli.js), run as users run it: help, output, exit codes and one clear message per bad input.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, scratch } from './built-cli.js';
import { encodeNpy, parseNpy } from '../io/npy.js';
import { encodeSafetensors } from '../io/safetensors.js';
import { syntheticBlock } from '../workloads/attention-block.js';
import { matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';

const { dir, cli: runCli } = scratch('cli');
const cli = (...args: string[]) => runCli(args);

describe('systolic --help', () => {
  it('runs as an executable after a build (npx systolic runs the bin directly)', () => {
    const r = spawnSync(join(root, 'dist/cli.js'), ['--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('lists the commands', () => {
    const r = cli('--help');
    expect(r.code).toBe(0);
    for (const command of ['gemm', 'run', 'sweep', 'merge', 'report', 'compare', 'rtl']) expect(r.stdout).toContain(command);
  });
  it('gemm --help lists every flag', () => {
    const r = cli('gemm', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--m', '--k', '--n', '--rows', '--cols', '--dataflow', '--pe', '--seed', '--a', '--b', '--tech', '--json', '--gating', '--acc-bits', '--overflow']) {
      expect(r.stdout).toContain(flag);
    }
  });
});

describe('systolic gemm', () => {
  it('prints cycles, utilization, energy by component and per-PE mean and max', () => {
    const r = cli('gemm', '--m', '20', '--k', '30', '--n', '10', '--rows', '4', '--cols', '4');
    expect(r.code).toBe(0);
    // OS: ceil(20/4)·ceil(10/4) = 15 folds × (30+4+4−2) = 540 cycles.
    expect(r.stdout).toMatch(/cycles\s+540\s+closed form 540, 15 folds/);
    for (const word of ['utilization', 'registers', 'multiplier', 'adder', 'clock', 'leakage', 'sram', 'per-PE energy  mean']) expect(r.stdout).toContain(word);
  });
  it('--json prints only the result object of docs/result-schema.md', () => {
    const r = cli('gemm', '--m', '9', '--k', '5', '--n', '7', '--rows', '3', '--cols', '2', '--dataflow', 'ws', '--pe', 'fp16', '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.schemaVersion).toBe(2);
    const op = res.ops[0];
    // WS: ceil(5/3)·ceil(7/2) = 8 folds × (9 + 2·3 + 2 − 2) = 120.
    expect([op.cycles, op.folds, op.macs, op.perPe.energyPj.length]).toEqual([120, 8, 315, 6]);
    for (const key of ['aReg', 'bReg', 'accReg', 'product', 'ppArray']) expect(op.perPe.toggles[key]).toHaveLength(6);
    expect(res.totals.powerMw).toBeGreaterThan(0);
  });
  it('reads .npy operands and writes C as .npy, bit-exact', () => {
    const a = matrix(3, 4, [1, -2, 3, 4, 5, 6, -7, 8, 9, 10, 11, -12]);
    const b = matrix(4, 2, [1, 2, 3, 4, -5, 6, 7, 8]);
    writeFileSync(join(dir, 'a.npy'), encodeNpy(a, 'i4'));
    writeFileSync(join(dir, 'b.npy'), encodeNpy(b, 'f4'));
    const r = cli('gemm', '--a', 'a.npy', '--b', 'b.npy', '--rows', '2', '--cols', '2', '--dataflow', 'is', '--out', 'c.npy');
    expect(r.code).toBe(0);
    expect(Array.from(parseNpy(readFileSync(join(dir, 'c.npy')), 'c').data)).toEqual(Array.from(referenceGemm(a, b).data));
  });
});

describe('bad input: exit 2, one clear message, no stack trace', () => {
  writeFileSync(join(dir, 'nan.npy'), encodeNpy(matrix(2, 2, [1, NaN, 3, 4])));
  writeFileSync(join(dir, 'frac.npy'), encodeNpy(matrix(2, 2, [1, 0.5, 3, 4])));
  writeFileSync(join(dir, 'big.npy'), encodeNpy(matrix(2, 2, [1, 300, 3, 4])));
  writeFileSync(join(dir, 'b3.npy'), encodeNpy(matrix(3, 2, [1, 2, 3, 4, 5, 6])));
  writeFileSync(join(dir, 'ok.npy'), encodeNpy(matrix(2, 2, [1, 2, 3, 4])));
  writeFileSync(join(dir, 'junk.npy'), 'not numpy');
  writeFileSync(join(dir, 'tech.json'), '{"name": "x"');
  it.each([
    [['--m', '0'], "option '--m <n>' argument '0' is invalid. allowed integers 1..1048576"],
    [['--k', '2.5'], "option '--k <n>' argument '2.5' is invalid"],
    [['--rows', '300'], "option '--rows <n>' argument '300' is invalid. allowed integers 1..256"],
    [['--a-bits', '1'], "option '--a-bits <n>' argument '1' is invalid. allowed integers 2..16"],
    [['--pe', 'int17'], 'aBits: 17 is not allowed; allowed integers 2..16'],
    [['--pe', 'fp8'], 'pe: "fp8" is not a PE kind'],
    [['--dataflow', 'rs'], "argument 'rs' is invalid. Allowed choices are os, ws, is"],
    [['--a', 'ok.npy', '--b', 'b3.npy'], 'b: shape 3×2 does not match a: 2×2; b needs 2 rows (K)'],
    [['--a', 'nan.npy', '--b', 'ok.npy'], '--a nan.npy: value at [0][1] is NaN; allowed finite numbers only'],
    [['--a', 'frac.npy', '--b', 'ok.npy'], 'A[0][1]: value 0.5 is not a signed 8-bit integer; allowed integers -128..127'],
    [['--a', 'ok.npy', '--b', 'big.npy'], 'B[0][1]: value 300 is not a signed 8-bit integer'],
    [['--a', 'missing.npy', '--b', 'ok.npy'], '--a: cannot read missing.npy (ENOENT)'],
    [['--a', 'junk.npy', '--b', 'ok.npy'], '--a junk.npy: not a .npy file'],
    [['--a', 'ok.npy'], '--a and --b: give both operand files'],
    [['--tech', 'tech.json'], '--tech: tech.json is not valid JSON'],
    [['--bogus'], "unknown option '--bogus'"],
  ])('gemm %j', (args, message) => {
    const r = cli('gemm', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });
  it('an unknown command is a usage error', () => {
    expect(cli('frobnicate').code).toBe(2);
  });
});

describe('systolic run', () => {
  const custom = ['--model', 'custom', '--tokens', '24', '--dim', '32', '--heads', '2', '--array', '4'];
  it('--help lists every flag', () => {
    const r = cli('run', '--help');
    expect(r.code).toBe(0);
    for (const flag of ['--model', '--array', '--rows', '--cols', '--dataflow', '--order', '--wbits', '--abits', '--pbits', '--pquant', '--softmax', '--weights', '--block', '--input', '--seed', '--json', '--out']) {
      expect(r.stdout).toContain(flag);
    }
  });
  it('prints both orders side by side with the per-PE energy ratios', () => {
    const r = cli('run', ...custom);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dequant-before (fp16 PEs)');
    expect(r.stdout).toContain('dequant-after (integer PEs)');
    expect(r.stdout).toMatch(/per-PE energy after\/before: linear ops 0\.\d+, matmul ops 0\.\d+/);
    for (const op of ['qkv', 'qk', 'softmax', 'pv', 'proj']) expect(r.stdout).toMatch(new RegExp(`\\n${op}\\s`));
  });
  it('--wquant framequant: 2-bit frame-space weights, the transform GEMMs listed with their cycles and energy', () => {
    const r = cli('run', ...custom, '--wquant', 'framequant', '--redundancy', '1.1');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('W2A8 P8 uniform, FrameQuant weights (redundancy 1.1: p/d = 1.125)');
    expect(r.stdout).toMatch(/\nqkv-frame\s+linear\s+24×32·32×36\s+[\d,]+\s+[\d,]+\s+[\d.]+%\s+[\d.]+ [pnµ]J/);
    expect(r.stdout).toMatch(/\nproj-frame\s+linear\s+24×32·32×36\s/);
    expect(r.stdout).toMatch(/\nqkv\s+linear\s+24×36·36×96\s/);
  });
  it.each([
    [['--redundancy', '2.5'], "option '--redundancy <r>' argument '2.5' is invalid. allowed numbers 1 to 2"],
    [['--wquant', 'gptq'], "option '--wquant <q>' argument 'gptq' is invalid. Allowed choices are uniform, framequant."],
    [['--wquant', 'framequant', '--dim', '36'], 'framequant: dim 36 is not allowed; the fusion frame needs a multiple of 8'],
  ])('%j: exit 2 naming the flag and what is allowed', (flags, message) => {
    const r = cli('run', ...custom, ...flags);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(message);
  });
  it('--json --out: one result per order and their comparison', () => {
    const r = cli('run', ...custom, '--json', '--out', 'run.json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'))).toEqual(res);
    expect(res.results.after.ops.map((o: { name: string }) => o.name)).toEqual(['qkv', 'qk', 'softmax', 'pv', 'proj']);
    expect(res.comparison.perPeEnergyRatio.linear).toBeLessThan(1);
    expect(res.results.before.config.order).toBe('before');
  });
  it('--jobs 2 (GEMM folds on worker threads) prints exactly what --jobs 1 prints', () => {
    const one = cli('run', ...custom, '--json', '--jobs', '1');
    const two = cli('run', ...custom, '--json', '--jobs', '2');
    expect(two.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
  });
  it('--scope model and --topology: --jobs 2 prints exactly what --jobs 1 prints', () => {
    const model = ['--model', 'custom', '--tokens', '5', '--dim', '16', '--heads', '2', '--array', '4', '--scope', 'model', '--blocks', '2', '--batch', '2'];
    writeFileSync(join(dir, 'net.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nconv, 8, 8, 3, 3, 2, 4, 1,\n');
    for (const args of [model, ['--topology', 'net.csv', '--array', '4']]) {
      const [one, two] = [cli('run', ...args, '--jobs', '1'), cli('run', ...args, '--jobs', '2')];
      expect(one.code).toBe(0);
      expect(two.stdout).toBe(one.stdout);
    }
  });
  it('reads timm weights from .safetensors and the input from .npy', () => {
    const block = syntheticBlock({ name: 'x', tokens: 20, dim: 32, heads: 2 }, 9);
    const w = block.weights;
    writeFileSync(join(dir, 'vit.safetensors'), encodeSafetensors({
      'blocks.3.attn.qkv.weight': { shape: [96, 32], data: w.qkvWeight.data },
      'blocks.3.attn.qkv.bias': { shape: [96], data: w.qkvBias },
      'blocks.3.attn.proj.weight': { shape: [32, 32], data: w.projWeight.data },
      'blocks.3.attn.proj.bias': { shape: [32], data: w.projBias },
    }));
    writeFileSync(join(dir, 'x.npy'), encodeNpy(block.x, 'f4'));
    const r = cli('run', '--weights', 'vit.safetensors', '--block', '3', '--input', 'x.npy', '--heads', '2', '--array', '4', '--order', 'after', '--json');
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout);
    expect([res.config.tokens, res.config.dim, res.config.data.block]).toEqual([20, 32, 3]);
    expect(res.accuracy.cosine).toBeGreaterThan(0.99);
  });
  it.each([
    [['--model', 'vit-huge'], 'model: "vit-huge" is not a preset'],
    [['--model', 'custom', '--dim', '30', '--heads', '4'], 'heads: 4 does not divide dim 30'],
    [['--wbits', '9'], "option '--wbits <n>' argument '9' is invalid. allowed integers 2..8"],
    [['--pquant', 'log10'], "argument 'log10' is invalid. Allowed choices are uniform, log2, sulq"],
    [['--model', 'custom', '--dim', '32', '--heads', '2', '--tokens', '8', '--pe', 'shift'], 'pe: shift needs power-of-two probabilities; allowed with --pquant log2 or sulq, not uniform'],
    [['--weights', 'vit.safetensors', '--block', '0', '--heads', '2'], 'tensor blocks.0.attn.qkv.weight not found; the file has blocks 3'],
    [['--weights', 'junk.npy'], '--weights junk.npy: '],
    [['--model', 'custom', '--dim', '16', '--heads', '2', '--input', 'x.npy'], '--input x.npy: shape 20×32 does not match the block'],
    [['--weights', 'vit.safetensors', '--block', '3', '--heads', '2', '--scope', 'block'], '--weights vit.safetensors: tensor blocks.3.norm1.weight not found; the file has blocks 3'],
    [['--weights', 'vit.safetensors', '--heads', '2', '--scope', 'model', '--blocks', '1'], '--weights vit.safetensors: tensor patch_embed.proj.weight not found; the file has blocks 3'],
    [['--topology', 'bad.csv', '--topology-format', 'gemm'], '--topology bad.csv: line 3: field N: "2a" is not allowed; allowed integers 1..1048576'],
    [['--topology', 'bad.csv'], '--topology bad.csv: line 2: 4 fields; a conv row has 8 or 9'],
    [['--topology', 'missing.csv'], '--topology: cannot read missing.csv (ENOENT)'],
  ])('run %j: exit 2 with one clear message', (args, message) => {
    writeFileSync(join(dir, 'bad.csv'), 'Layer, M, N, K,\nfc, 1, 2, 3,\nqkv, 1, 2a, 3,\n');
    const r = cli('run', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('--profile', () => {
  /** The phase names of a breakdown, in its order, and that its shares add up to the whole. */
  function phases(stderr: string): string[] {
    const [head, columns, ...rows] = stderr.trim().split('\n');
    expect(head).toMatch(/^profile: [\d,]+ ms wall; [\d,]+ ms of work/);
    expect(columns).toMatch(/^phase\s+ms\s+share$/);
    const shares = rows.map((r) => Number(r.match(/([\d.]+)%$/)![1]));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    return rows.map((r) => r.replace(/\s+[\d,]+\s+[\d.]+%$/, ''));
  }
  const RUN_PHASES = ['start-up', 'set-up', 'weights and operands', 'float64 reference', 'quantization', 'simulate linear', 'simulate matmul', 'vector units', 'accuracy', 'result assembly', 'worker messages', 'serialization', 'writing', 'other'];
  const block = ['--model', 'custom', '--tokens', '9', '--dim', '16', '--heads', '2', '--array', '4', '--scope', 'block', '--json'];

  it.each([
    ['gemm', ['gemm', '--m', '20', '--k', '24', '--n', '12', '--rows', '4', '--cols', '4', '--pe', 'fp16', '--json'], ['start-up', 'weights and operands', 'simulate gemm', 'result assembly', 'serialization', 'writing', 'other']],
    // The job runs on a worker thread either way (this thread draws progress); --jobs 2 splits its GEMMs' folds.
    ['run, GEMMs on two threads', ['run', ...block, '--jobs', '2'], RUN_PHASES],
    ['run, one thread', ['run', ...block, '--jobs', '1'], RUN_PHASES],
  ])('%s: the phases on stderr, stdout byte for byte as without it', (_name, args, names) => {
    const plain = cli(...args);
    const profiled = cli(...args, '--profile');
    expect(profiled.code).toBe(0);
    expect(plain.stderr).toBe('');
    expect(profiled.stdout).toBe(plain.stdout);
    expect(phases(profiled.stderr)).toEqual(names);
  });

  it('sweep: the workers\' phases added in, the points as without it', () => {
    const grid = ['sweep', '--model', 'custom', '--tokens', '9', '--dim', '16', '--heads', '2', '--arrays', '4,8', '--orders', 'after', '--format', 'json', '--quiet', '--jobs', '2', '--force'];
    const plain = cli(...grid, '--out', 'plain.jsonl');
    const profiled = cli(...grid, '--out', 'profiled.jsonl', '--profile');
    expect(profiled.code).toBe(0);
    expect(profiled.stdout.split('\n').sort()).toEqual(plain.stdout.split('\n').sort());
    const [summary, ...breakdown] = profiled.stderr.trim().split('\n');
    expect(summary).toMatch(/^2 points in profiled.jsonl/);
    expect(breakdown[0]).toMatch(/\(this thread and 2 worker tasks\)$/);
    expect(phases(breakdown.join('\n'))).toEqual(['start-up', 'weights and operands', 'float64 reference', 'quantization', 'simulate linear', 'simulate matmul', 'vector units', 'accuracy', 'result assembly', 'worker messages', 'serialization', 'writing', 'other']);
  });
});

describe('every command has --help', () => {
  it.each(['gemm', 'run', 'sweep', 'merge', 'report', 'compare', 'rtl'])('%s --help', (command) => {
    const r = cli(command, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: systolic ${command}`);
  });
});

describe('systolic rtl', () => {
  it('writes the array, the testbench, the Verilator main and the operand files of a seeded GEMM', () => {
    const r = cli('rtl', '--rows', '3', '--cols', '5', '--dataflow', 'ws', '--pe', 'int4', '--m', '4', '--k', '6', '--n', '7', '-o', 'rtl-ws');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3×5 WS array, 4×4-bit signed operands, 11-bit accumulator (wrap)');
    const v = readFileSync(join(dir, 'rtl-ws/systolic_array.v'), 'utf8');
    expect(v).toContain('module systolic_pe (');
    expect(v).toContain('module systolic_array (');
    for (let i = 0; i < 3; i++) for (let j = 0; j < 5; j++) expect(v).toContain(`systolic_pe pe_r${i}_c${j} (`);
    expect(readFileSync(join(dir, 'rtl-ws/tb.v'), 'utf8')).toContain('module tb (');
    expect(readFileSync(join(dir, 'rtl-ws/tb_main.cpp'), 'utf8')).toContain('tb->start = 1;');
    expect(readFileSync(join(dir, 'rtl-ws/shape.hex'), 'utf8')).toBe('4\n6\n7\n');
    expect(readFileSync(join(dir, 'rtl-ws/a.hex'), 'utf8').trim().split('\n')).toHaveLength(24);
    expect(readFileSync(join(dir, 'rtl-ws/b.hex'), 'utf8').trim().split('\n')).toHaveLength(42);
  });
  it.each([
    [['--pe', 'fp16'], 'pe: kind "float" is not generated as RTL; allowed int PEs'],
    [['--dataflow', 'rs'], "argument 'rs' is invalid. Allowed choices are os, ws, is"],
    [['--pe', 'int17'], 'aBits: 17 is not allowed; allowed integers 2..16'],
    [['--rows', '0'], "option '--rows <n>' argument '0' is invalid. allowed integers 1..256"],
    [['--m', '4'], '--m and --n: give both for operand files, or neither'],
    [['--m', '300', '--k', '300', '--n', '4'], 'A: 90000 elements do not fit the testbench buffer; allowed up to 65536'],
  ])('rtl %j: exit 2 with one clear message', (args, message) => {
    const r = cli('rtl', '-o', 'rtl-bad', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('-o is required', () => {
    const r = cli('rtl');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("required option '-o, --out <dir>' not specified");
  });
});

describe('systolic run --config', () => {
  const small = { model: 'custom', tokens: 16, dim: 32, heads: 2, array: 4 };
  it('takes the same fields as the flags, from JSON and YAML; flags win', () => {
    writeFileSync(join(dir, 'exp.json'), JSON.stringify({ ...small, order: 'after', wbits: 4, abits: 4 }));
    writeFileSync(join(dir, 'exp.yaml'), 'model: custom\ntokens: 16\ndim: 32\nheads: 2\narray: 4\norder: after\nwbits: 4\nabits: 4\n');
    const fromJson = JSON.parse(cli('run', '--config', 'exp.json', '--json').stdout);
    const fromYaml = JSON.parse(cli('run', '--config', 'exp.yaml', '--json').stdout);
    expect(fromYaml).toEqual(fromJson);
    expect([fromJson.config.order, fromJson.config.wbits, fromJson.config.rows]).toEqual(['after', 4, 4]);
    const overridden = JSON.parse(cli('run', '--config', 'exp.json', '--wbits', '6', '--json').stdout);
    expect(overridden.config.wbits).toBe(6);
  });
  it.each([
    ['bad1.json', JSON.stringify({ ...small, wbits: 12 }), '--config bad1.json: field wbits = 12: '],
    ['bad2.yaml', 'model: custom\ndataflow: diagonal\n', '--config bad2.yaml: field dataflow = "diagonal": '],
    ['bad3.json', JSON.stringify({ ...small, arrray: 4 }), '--config bad3.json: field arrray: '],
    ['bad4.json', '{"model": ', '--config bad4.json: not valid JSON'],
    ['bad5.yaml', 'model: [unclosed\n', '--config bad5.yaml: not valid YAML'],
  ])('%s: exit 2 with one message naming the field', (name, text, message) => {
    writeFileSync(join(dir, name), text);
    const r = cli('run', '--config', name);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--micro pipelined and --gating zero', () => {
  const gemm = ['gemm', '--m', '40', '--k', '30', '--n', '20', '--rows', '8', '--cols', '8', '--dataflow', 'ws'];
  it('gemm: pipelined cycles are the closed form, named in config and op; default results carry neither field', () => {
    const simple = JSON.parse(cli(...gemm, '--json').stdout);
    const r = cli(...gemm, '--micro', 'pipelined', '--json');
    expect(r.code).toBe(0);
    const piped = JSON.parse(r.stdout);
    // 4 K-folds × 3 column folds = 12 folds; (12−1)·max(40, 2·8+8−2) + 40 + 2·8 + 8 − 2.
    expect(piped.ops[0].cycles).toBe(11 * 40 + 40 + 16 + 8 - 2);
    expect(piped.config.closedFormCycles).toBe(piped.ops[0].cycles);
    expect(piped.config.micro).toBe('pipelined');
    expect(piped.ops[0].micro).toBe('pipelined');
    expect(piped.ops[0].toggles.shadowReg).toBeGreaterThan(0);
    expect(simple.config.micro).toBeUndefined();
    expect(simple.ops[0].micro).toBeUndefined();
    expect(simple.ops[0].toggles.shadowReg).toBeUndefined();
    expect(simple.ops[0].gatedMacs).toBeUndefined();
    expect(cli(...gemm, '--micro', 'pipelined').stdout).toContain('WS dataflow, pipelined, valid gating');
  });
  it('gemm --gating zero reports gated MACs per PE, and the text shows the fraction', () => {
    const r = JSON.parse(cli(...gemm, '--gating', 'zero', '--json').stdout);
    expect(r.ops[0].gating).toBe('zero');
    expect(r.ops[0].perPe.gatedMacs).toHaveLength(64);
    expect(r.ops[0].gatedMacs).toBe(r.ops[0].perPe.gatedMacs.reduce((a: number, b: number) => a + b, 0));
    expect(cli(...gemm, '--gating', 'zero').stdout).toMatch(/isolated by a zero operand/);
  });
  it('refuses an unknown microarchitecture and pipelined without gating, exit 2', () => {
    const bad = cli(...gemm, '--micro', 'systolic');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('simple, pipelined');
    const none = cli(...gemm, '--micro', 'pipelined', '--gating', 'none');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('micro: "pipelined" is not modelled with gating none');
  });
  it('run takes micro from a config file, and sweeps take a list of microarchitectures', () => {
    writeFileSync(join(dir, 'piped.yaml'), 'micro: pipelined\ngating: zero\n');
    const run = JSON.parse(cli('run', '--config', 'piped.yaml', '--model', 'custom', '--tokens', '12', '--dim', '16', '--heads', '2', '--array', '4', '--order', 'after', '--json').stdout);
    expect(run.config.micro).toBe('pipelined');
    expect(run.config.gating).toBe('zero');
    expect(run.ops.find((op: { kind: string }) => op.kind === 'linear').gatedMacs).toBeGreaterThanOrEqual(0);
    const lines = cli('sweep', '--model', 'custom', '--tokens', '12', '--dim', '16', '--heads', '2', '--arrays', '4', '--orders', 'after', '--micro', 'simple,pipelined', '--format', 'json', '--quiet', '--jobs', '1').stdout.trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).result.config.micro)).toEqual([undefined, 'pipelined']);
  });
});
