// The memory system's cost in a GEMM's result: energy components add up to the total, stalls add clock and leakage
// but no MACs or toggles, SRAM is priced by bank size and DRAM by technology, and without a memory configuration the
// result has neither a memory object nor a dram component.
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import type { MemoryConfig } from '../memory/memory-model.js';
import { ENERGY_COMPONENTS } from '../sim/power-model.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm, type GemmInput } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { peSpecFromName } from '../pe/catalog.js';

const spec = peSpecFromName('int8');
const { a, b } = randomOperands(spec, 40, 48, 24, 3);
const input: GemmInput = { a, b, pe: spec, dataflow: 'os', rows: 8, cols: 8, accuracy: false };
const memory = (bandwidth: MemoryConfig['bandwidth'], over: Partial<MemoryConfig> = {}): MemoryConfig => ({ mode: 'tiled', sramKb: { a: 4, b: 4, c: 2 }, banks: 1, bandwidth, dram: 'lpddr4', ...over });

describe('memory in a GEMM result', () => {
  const plain = simulateGemm(input).result;
  const calc = simulateGemm({ ...input, memory: memory('calc') }).result;
  const slowRun = simulateGemm({ ...input, memory: memory(1) });
  const slow = slowRun.result;

  it('is absent without a configuration: no memory object, no dram energy', () => {
    expect(plain.memory).toBeUndefined();
    expect('dram' in plain.energyPj).toBe(false);
  });
  it('energy components add up to the total, dram included', () => {
    for (const r of [calc, slow]) {
      const parts = [...ENERGY_COMPONENTS, 'sram', 'dram', 'edge'] as const;
      expect(parts.reduce((s, k) => s + (r.energyPj[k] ?? 0), 0)).toBeCloseTo(r.energyPj.total, 6);
      expect(r.energyPj.dram).toBeGreaterThan(0);
    }
  });
  it('cycles are compute + stall; stalls charge clock and leakage, not MACs or toggles', () => {
    const m = slow.memory!;
    expect(m.stallCycles).toBeGreaterThan(0);
    expect(slow.cycles).toBe(m.computeCycles + m.stallCycles);
    expect(m.computeCycles).toBe(plain.cycles);
    expect(calc.cycles).toBe(plain.cycles);
    expect(slow.macs).toBe(plain.macs);
    expect(slow.toggles).toEqual(plain.toggles);
    for (const k of ['registers', 'multiplier', 'adder'] as const) expect(slow.energyPj[k]).toBe(plain.energyPj[k]);
    const flops = slowRun.pe.aBits + slowRun.pe.bBits + slowRun.pe.accBits;
    const pes = 64;
    expect(slow.energyPj.clock - plain.energyPj.clock).toBeCloseTo((m.stallCycles * flops * pes * DEFAULT_TECH.coefficients.clockPerFlop.value) / 1000, 6);
    expect(slow.energyPj.leakage / plain.energyPj.leakage).toBeCloseTo(slow.cycles / plain.cycles, 9);
  });
  it('DRAM energy is bits × the technology price; SRAM access is cheaper in smaller banks', () => {
    const m = calc.memory!;
    const bits = m.dramBits.a.reads + m.dramBits.b.reads + m.dramBits.c.writes;
    expect(calc.energyPj.dram).toBeCloseTo(bits * DEFAULT_TECH.dram!['lpddr4']!.value, 6);
    const hbm = simulateGemm({ ...input, memory: memory('calc', { dram: 'hbm2' }) }).result;
    expect(hbm.energyPj.dram! / calc.energyPj.dram!).toBeCloseTo(3.9 / 8, 12);
    const banked = simulateGemm({ ...input, memory: memory('calc', { banks: 4 }) }).result;
    expect(banked.energyPj.sram / calc.energyPj.sram).toBeCloseTo(4 ** -DEFAULT_TECH.coefficients.sramDepthExponent.value, 12);
  });
  it('an unknown DRAM name is an InputError naming the field and the allowed names', () => {
    expect(() => simulateGemm({ ...input, memory: memory('calc', { dram: 'sdr' }) })).toThrow(InputError);
    expect(() => simulateGemm({ ...input, memory: memory('calc', { dram: 'sdr' }) })).toThrow(/^dram: "sdr" .* allowed ddr3, lpddr4, hbm2$/);
  });
});
