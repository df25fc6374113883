// The memory system on the built CLI: bad configurations exit 2 with one line naming the field; gemm, run (every
// scope), config files, sweeps, CSV and compare carry the memory fields; without a memory flag there are none.
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scratch, TINY } from './built-cli.js';

const { cli, path, lines, read } = scratch('memory');
const GEMM = ['gemm', '--m', '40', '--k', '48', '--n', '24', '--rows', '8', '--cols', '8', '--json'];
const TINY_RUN = ['run', '--model', 'custom', '--tokens', '16', '--dim', '32', '--heads', '2', '--array', '8', '--json'];

interface Memory {
  computeCycles: number;
  stallCycles: number;
  dram: { a: { reads: number }; b: { reads: number }; c: { writes: number } };
}
interface Op {
  name: string;
  cycles: number;
  memory?: Memory;
  energyPj: Record<string, number>;
}
interface Res {
  config: Record<string, unknown>;
  ops: Op[];
  totals: { cycles: number; memory?: Memory; energyPj: Record<string, number> };
}

describe('bad memory configurations: exit 2, one line naming the field', () => {
  it.each([
    [['--sram-kb', '0,64,32'], /^systolic: sramKb\.a: 0 is not allowed; allowed a finite number of kB > 0\n$/],
    [['--sram-kb', '64,-1,32'], /^systolic: sramKb\.b: -1 is not allowed/],
    [['--sram-kb', '64,64'], /^systolic: sramKb: "64,64" is not allowed; allowed three sizes/],
    [['--dram', 'sdram'], /^systolic: dram: "sdram" is not in the dram table of technology 45nm; allowed ddr3, lpddr4, hbm2\n$/],
    [['--sram-kb', '1,64,32', '--k', '512'], /^systolic: sramKb\.a: 1 kB is too small for the tiled mode; .* allowed ≥ 8\n$/],
    [['--bandwidth', 'fast'], /^systolic: bandwidth: "fast" is not allowed; allowed calc or a finite number/],
  ])('gemm %j', (flags, message) => {
    const r = cli([...GEMM, ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('a config file field and a sweep axis item, by name', () => {
    writeFileSync(path('bad.json'), JSON.stringify({ sramKb: [64, 0, 32] }));
    const run = cli([...TINY_RUN, '--config', 'bad.json']);
    expect([run.code, run.stderr]).toEqual([2, 'systolic: sramKb.b: 0 is not allowed; allowed a finite number of kB > 0\n']);
    const sweep = cli(['sweep', ...TINY, '--arrays', '4', '--orders', 'after', '--drams', 'lpddr4,gddr9', '--out', 'bad.jsonl']);
    expect([sweep.code, sweep.stderr]).toEqual([2, 'systolic: dram: "gddr9" is not in the dram table of technology 45nm; allowed ddr3, lpddr4, hbm2\n']);
  });
});

describe('memory fields through the commands', () => {
  it('gemm: cycles = compute + stall cycles, dram energy; none without a memory flag', () => {
    const plain = JSON.parse(cli(GEMM).stdout) as Res;
    expect(plain.ops[0]!.memory).toBeUndefined();
    expect(plain.totals.memory).toBeUndefined();
    expect(plain.config['memory']).toBeUndefined();
    const r = JSON.parse(cli([...GEMM, '--sram-kb', '4,4,2', '--bandwidth', '1', '--dram', 'ddr3']).stdout) as Res;
    const op = r.ops[0]!;
    expect(r.config['memory']).toEqual({ mode: 'tiled', sramKb: { a: 4, b: 4, c: 2 }, banks: 1, bandwidth: 1, dram: 'ddr3' });
    expect(op.memory!.stallCycles).toBeGreaterThan(0);
    expect(op.cycles).toBe(op.memory!.computeCycles + op.memory!.stallCycles);
    expect(op.memory!.computeCycles).toBe(plain.ops[0]!.cycles);
    expect(op.energyPj['dram']).toBeGreaterThan(0);
    const text = cli([...GEMM.slice(0, -1), '--sram-kb', '4,4,2', '--bandwidth', '1']).stdout;
    expect(text).toMatch(/^memory +tiled, buffers A 4 kB, B 4 kB, C 2 kB, lpddr4, 1 B\/cycle: [\d,]+ stall cycles of/m);
    expect(text).toMatch(/^ {2}dram /m);
  });
  it('run --scope block, both orders, from a config file: totals sum the ops', () => {
    writeFileSync(path('mem.yaml'), 'sramKb: [16, 16, 8]\nbandwidth: 2\nscope: block\n');
    const out = JSON.parse(cli([...TINY_RUN, '--config', 'mem.yaml']).stdout) as { results: Record<string, Res> };
    for (const r of Object.values(out.results)) {
      const gemms = r.ops.filter((op) => op.memory);
      expect(gemms.length).toBeGreaterThan(4);
      expect(r.totals.memory!.stallCycles).toBe(gemms.reduce((s, op) => s + op.memory!.stallCycles, 0));
      expect(r.totals.energyPj['dram']).toBeCloseTo(gemms.reduce((s, op) => s + op.energyPj['dram']!, 0), 3);
    }
  });
  it('sweep --sram-kbs --bandwidths: one point per buffer size and bandwidth, named in key and series', () => {
    const r = cli(['sweep', ...TINY, '--arrays', '4,8', '--orders', 'after', '--sram-kbs', '4,4,2/16,16,8', '--bandwidths', '1,calc', '--out', 'mem.jsonl']);
    expect(r.code).toBe(0);
    const points = lines<{ key: string; series: string; point: { sramKb: string; bandwidth: number | string }; result: Res }>('mem.jsonl');
    expect(points).toHaveLength(8);
    const p = points.find((l) => l.key === 'custom|4x4|os|after|w8a8|int8|sramKb=4,4,2|bandwidth=1')!;
    expect(p.series).toBe('custom OS after w8a8 int8 sramKb=4,4,2 bandwidth=1');
    expect(p.result.config['memory']).toEqual({ mode: 'tiled', sramKb: { a: 4, b: 4, c: 2 }, banks: 1, bandwidth: 1, dram: 'lpddr4' });
    const calc = points.find((l) => l.key === 'custom|4x4|os|after|w8a8|int8|sramKb=4,4,2|bandwidth=calc')!;
    expect(calc.result.totals.memory!.stallCycles).toBe(0);
    expect(p.result.totals.cycles).toBeGreaterThan(calc.result.totals.cycles);
  });
  it('CSV gains the memory columns only with a memory system; compare names a changed stall count', () => {
    expect(cli([...GEMM.slice(0, -1), '--format', 'csv']).stdout).not.toContain('memory_stall_cycles');
    const csv = cli([...GEMM.slice(0, -1), '--format', 'csv', '--bandwidth', '2']).stdout.split('\n');
    expect(csv[0]).toMatch(/,energy_dram_pJ,memory_compute_cycles,memory_stall_cycles,.*,dram_c_writes,/);
    writeFileSync(path('a.json'), cli([...GEMM, '--bandwidth', '2']).stdout);
    writeFileSync(path('b.json'), cli([...GEMM, '--bandwidth', '1']).stdout);
    const r = cli(['compare', 'a.json', 'b.json', '--max-diffs', '100']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ops\[0\]\.memory\.stallCycles: \d+ -> \d+/);
    expect(read('a.json')).toContain('"memory"');
  });
});
