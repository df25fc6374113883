// SCALE-Sim topology files (--topology): conv rows become the GEMM SCALE-Sim builds, gemm rows are M, N, K in that
// order; each layer is the same GEMM `systolic gemm` runs with the same PE and seed; a malformed row is one error
// naming its line and field.
import { describe, expect, it } from 'vitest';
import { gemmCommand, GEMM_FLAGS } from '../commands/gemm.js';
import { z } from 'zod';
import { parseTopology, type TopologyLayer } from '../io/topology.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { OpResult } from '../sim/op-result.js';
import { runJob } from '../workloads/run-job.js';
import { runOptionsSchema, type RunOptions } from '../workloads/run-options.js';
import { resolveRun } from '../workloads/run-resolver.js';

const CONV = `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,
Conv1, 32, 32, 3, 3, 3, 16, 1,

Conv2, 30, 30, 3, 3, 16, 32, 2,
Conv3 DP, 14, 14, 3, 3, 4, 1, 1,
Conv4, 9, 12, 3, 4, 2, 5, 2, 3,
FC, 1, 1, 1, 1, 128, 10, 1
`;
const GEMM = `Layer, M, N, K,
qkv, 197, 576, 192,
fc1, 20, 30, 40,
`;

describe('parsing', () => {
  it('conv rows: M = output pixels, K = filter h·w·channels, N = filters; DP rows one GEMM per channel', () => {
    expect(parseTopology(CONV, 'c.csv', 'conv')).toEqual<TopologyLayer[]>([
      { name: 'Conv1', m: 30 * 30, k: 27, n: 16, instances: 1 },
      { name: 'Conv2', m: 14 * 14, k: 144, n: 32, instances: 1 },
      { name: 'Conv3 DP', m: 12 * 12, k: 9, n: 1, instances: 4 },
      { name: 'Conv4', m: 4 * 3, k: 24, n: 5, instances: 1 },
      { name: 'FC', m: 1, k: 128, n: 10, instances: 1 },
    ]);
  });
  it('gemm rows: name, M, N, K', () => {
    expect(parseTopology(GEMM, 'g.csv', 'gemm')).toEqual([
      { name: 'qkv', m: 197, k: 192, n: 576, instances: 1 },
      { name: 'fc1', m: 20, k: 40, n: 30, instances: 1 },
    ]);
  });
  it.each([
    ['h\nx, 1, 2,\n', 'gemm', 'line 2: 3 fields; a gemm row has 4: name, M, N, K'],
    ['h\nx, 1, 2, 3, 4,\n', 'gemm', 'line 2: 5 fields; a gemm row has 4: name, M, N, K'],
    ['h\nok, 1, 2, 3,\nx, 1, 0, 3,\n', 'gemm', 'line 3: field N: "0" is not allowed; allowed integers 1..1048576'],
    ['h\nx, 8, 8, 3, 3, 3, 2.5, 1,\n', 'conv', 'line 2: field num filters: "2.5" is not allowed; allowed integers 1..1048576'],
    ['h\nx, 8, 8, 9, 3, 3, 2, 1,\n', 'conv', 'line 2: field filter h: 9 is larger than IFMAP h 8; allowed at most IFMAP h'],
    ['h\n, 8, 8, 3, 3, 3, 2, 1,\n', 'conv', 'line 2: field name is empty; allowed any text'],
    ['h\nx, 8, 8, 3, 3, 3, 2,\n', 'conv', 'line 2: 7 fields; a conv row has 8 or 9: name, IFMAP h, IFMAP w, filter h, filter w, channels, num filters, stride h, stride w (stride w optional)'],
    ['name, M, N, K,\n', 'gemm', 'no layers; a topology file has a header line, then one gemm row per layer (name, M, N, K)'],
  ] as const)('%j (%s): %s', (text, format, message) => {
    expect(() => parseTopology(text, 'bad.csv', format)).toThrow(`--topology bad.csv: ${message}`);
  });
});

const run = (o: Partial<RunOptions>, text: string) => {
  const format = o.topologyFormat ?? 'conv';
  return runJob(resolveRun(runOptionsSchema.parse({ topology: 't.csv', ...o }), { tech: DEFAULT_TECH, topology: parseTopology(text, 't.csv', format) }, 'test'));
};
const gemm = (m: number, k: number, n: number, pe: string, o: Record<string, unknown>) => gemmCommand(z.object(GEMM_FLAGS).parse({ m, k, n, pe, ...o }), { readFile: () => new Uint8Array(), writeFile: () => {}, version: 'test' }).result.ops[0]!;
const withoutName = (op: OpResult) => ({ ...op, name: '' });

describe('running', () => {
  it.each([
    ['int8', 'os', 8, 8],
    ['fp16', 'ws', 4, 8],
    ['int4', 'is', 8, 5],
  ] as const)('--pe %s, %s on %i×%i: every layer equals systolic gemm of its M, K, N with the same seed', (pe, dataflow, rows, cols) => {
    const out = run({ topologyFormat: 'gemm', pe, dataflow, rows, cols, seed: 7, order: 'after' }, GEMM.replace('197, 576, 192', '33, 21, 17'));
    const r = out.results.after!;
    expect(r.config['pe']).toBe(pe);
    expect(r.ops.map((op) => op.name)).toEqual(['qkv', 'fc1']);
    const shapes: [number, number, number][] = [[33, 17, 21], [20, 40, 30]];
    r.ops.forEach((op, i) => {
      const [m, k, n] = shapes[i]!;
      expect(withoutName(op)).toEqual(withoutName(gemm(m, k, n, pe, { dataflow, rows, cols, seed: 7 })));
    });
  });
  it('without a PE kind, each order runs its PE: the float PE before, int<abits> after', () => {
    const out = run({ array: 8, floatPe: 'bf16', abits: 4 }, CONV);
    expect([out.results.before!.config['pe'], out.results.after!.config['pe']]).toEqual(['bf16', 'int4']);
    const dp = out.results.after!.ops.find((op) => op.name === 'Conv3 DP')!;
    expect([dp.instances, dp.macs]).toEqual([4, 4 * 144 * 9]);
    expect(dp.cycles).toBe(4 * gemm(144, 9, 1, 'int4', { rows: 8, cols: 8 }).cycles);
    expect(out.comparison).toBeUndefined();
  });
  it('a ViT PE choice is refused with a topology, and a topology PE kind without one', () => {
    expect(() => run({ pe: 'shift' }, CONV)).toThrow('pe: "shift" applies to a ViT\'s ops; with --topology allowed int (each order\'s PE) or a PE kind: int2, int4, int8, int16, fp16, bf16, fp32');
    expect(() => resolveRun(runOptionsSchema.parse({ pe: 'int8' }), {}, 'test')).toThrow('pe: "int8" is a PE kind for --topology runs; allowed int, shift, lut for a ViT run');
  });
});
