// The tiled memory mode: two plans worked out by hand (docs/memory.md, "The tiled mode"), the tile-fit check, and
// the monotonicity a designer relies on: more bandwidth never adds stalls, a larger buffer never adds DRAM traffic.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gemmOnArray } from './arbitraries.js';
import { planFolds } from '../dataflow/fold-plan.js';
import { InputError } from '../core/input-error.js';
import type { MemoryConfig } from '../memory/memory-model.js';
import { simulateMemory } from '../memory/memory-system.js';

const widths = { aBits: 8, bBits: 8, accBits: 32 };
const config = (sramBytes: [number, number, number], bandwidth: number | 'calc'): MemoryConfig => ({
  mode: 'tiled',
  sramKb: { a: sramBytes[0] / 1024, b: sramBytes[1] / 1024, c: sramBytes[2] / 1024 },
  banks: 1,
  bandwidth,
  dram: 'lpddr4',
});

describe('tiled mode by hand', () => {
  // OS 6×3·3×4 on 2×2: 6 folds of K+R+C−2 = 5 cycles (column folds outer). A tiles 2×3 (6 B), refetched every fold
  // (a 12 B buffer holds one tile per half, not the 18 B operand); B tiles 3×2 (6 B) of a 12 B operand that fits,
  // fetched at folds 0 and 3; C tiles 2×2 of 32 bits (16 B), drained during the next fold. Port 2 B = 16 bits/cycle:
  // fill (48+48)/16 = 6; fold loads (next fetch + last drain) 48, 48+128, 96+128, 176, 176, 128 bits → 3, 11, 14,
  // 11, 11, 8 cycles, stalls 0, 6, 9, 6, 6, 3; last drain 128/16 = 8. Stalls 6+30+8 = 44.
  const os = planFolds('os', 6, 3, 4, 2, 2);
  it('OS with refetched A, resident B, 2 B/cycle: 44 stall cycles', () => {
    const r = simulateMemory(os, config([12, 12, 32], 2), widths);
    expect(r.computeCycles).toBe(30);
    expect(r.stallCycles).toBe(44);
    expect(r.dram).toEqual({ a: { reads: 36 }, b: { reads: 12 }, c: { writes: 24 } });
    expect(r.sram).toEqual({ a: { reads: 36, writes: 0 }, b: { reads: 36, writes: 0 }, c: { reads: 0, writes: 24 } });
    expect(r.dramBits).toEqual({ a: { reads: 288 }, b: { reads: 96 }, c: { writes: 768 } });
    // Average port use: (36 + 12 + 24·4) B over 74 cycles.
    expect(r.bandwidthNeeded.total).toBeCloseTo(144 / 74, 12);
    expect(r.bandwidthNeeded.c).toBeCloseTo(96 / 74, 12);
  });
  it('OS in calc mode: no stalls, the peak fold load per cycle (224 bits in 5 cycles = 5.6 B/cycle)', () => {
    const r = simulateMemory(os, config([12, 12, 32], 'calc'), widths);
    expect(r.stallCycles).toBe(0);
    expect(r.bandwidthNeeded).toEqual({ a: 1.2, b: 1.2, c: 3.2, total: 5.6 });
  });
  // WS 3×4·4×2 on 2×2: two K folds of R + M+R+C−2 = 7 cycles. A tiles 3×2 (6 B), B tiles 2×2 (4 B), all resident;
  // one C tile 3×2 accumulated over both folds (6 writes each, 6 read-backs in the second), drained once at the end.
  // Port 1 B/cycle: fill 80 bits = 10; fold 0 prefetches fold 1's 80 bits = 10 cycles, stall 3; fold 1 moves
  // nothing; last drain 6·32 = 192 bits = 24. Stalls 37.
  it('WS with K folds, 1 B/cycle: 37 stall cycles, C drained once', () => {
    const r = simulateMemory(planFolds('ws', 3, 4, 2, 2, 2), config([1024, 1024, 1024], 1), widths);
    expect([r.computeCycles, r.stallCycles]).toEqual([14, 37]);
    expect(r.dram).toEqual({ a: { reads: 12 }, b: { reads: 8 }, c: { writes: 6 } });
    expect(r.sram.c).toEqual({ reads: 6, writes: 12 });
  });
  it('refuses a buffer whose half cannot hold a fold tile, naming the operand', () => {
    expect(() => simulateMemory(os, config([11, 12, 32], 2), widths)).toThrow(InputError);
    expect(() => simulateMemory(os, config([11, 12, 32], 2), widths)).toThrow(/^sramKb\.a: .* allowed ≥ 0\.01171875/);
    expect(() => simulateMemory(os, config([12, 12, 31], 2), widths)).toThrow(/^sramKb\.c:/);
  });
  it('refuses zero sizes, fractional banks and a zero bandwidth by field', () => {
    expect(() => simulateMemory(os, config([0, 12, 32], 2), widths)).toThrow(/^sramKb\.a: 0 is not allowed/);
    expect(() => simulateMemory(os, { ...config([12, 12, 32], 2), banks: 1.5 }, widths)).toThrow(/^banks: 1.5/);
    expect(() => simulateMemory(os, config([12, 12, 32], -1), widths)).toThrow(/^bandwidth: -1/);
  });
});

// Buffers from the smallest that holds a fold's tiles (in 1 kB steps up from it), bandwidths from 1 byte per cycle.
const memoryCase = fc.record({
  ...gemmOnArray(40, 6),
  bits: fc.record({ aBits: fc.constantFrom(4, 8, 16), bBits: fc.constantFrom(4, 8, 16), accBits: fc.constantFrom(16, 32) }),
  extra: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
  more: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
  w: fc.integer({ min: 1, max: 16 }),
  dw: fc.integer({ min: 0, max: 16 }),
});

function smallest(plan: ReturnType<typeof planFolds>, bits: typeof widths): [number, number, number] {
  // A fold's tiles are at most rows·cols (OS C), rows·T, cols·T words: room for two of the largest in each buffer.
  const words = Math.max(plan.rows, plan.cols) * Math.max(plan.rows, plan.cols, plan.timeDim);
  const kb = (b: number) => Math.ceil((2 * words * b) / 8 / 1024);
  return [kb(bits.aBits), kb(bits.bBits), kb(bits.accBits)];
}

describe('tiled mode properties', () => {
  it('more bandwidth never adds stalls; a larger buffer never adds DRAM traffic', () => {
    fc.assert(
      fc.property(memoryCase, ({ dataflow, m, k, n, rows, cols, bits, extra, more, w, dw }) => {
        const plan = planFolds(dataflow, m, k, n, rows, cols);
        const base = smallest(plan, bits);
        const small = base.map((b, i) => (b + extra[i]!) * 1024) as [number, number, number];
        const large = small.map((b, i) => b + more[i]! * 1024) as [number, number, number];
        const slow = simulateMemory(plan, config(small, w), bits);
        const fast = simulateMemory(plan, config(small, w + dw), bits);
        expect(fast.stallCycles).toBeLessThanOrEqual(slow.stallCycles);
        const big = simulateMemory(plan, config(large, w), bits);
        expect(big.dram.a.reads).toBeLessThanOrEqual(slow.dram.a.reads);
        expect(big.dram.b.reads).toBeLessThanOrEqual(slow.dram.b.reads);
        expect(big.dram.c.writes).toBe(slow.dram.c.writes);
        // Every operand crosses the port at least once, C exactly once.
        expect(slow.dram.a.reads).toBeGreaterThanOrEqual(m * k);
        expect(slow.dram.b.reads).toBeGreaterThanOrEqual(k * n);
        expect(slow.dram.c.writes).toBe(m * n);
      }),
    );
  });
});
