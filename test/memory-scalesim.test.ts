// `--memory scalesim` against SCALE-Sim v2 itself: every case of the committed fixture (scripts/scalesim-fixture.mjs
// ran SCALE-Sim on it) field by field; the fast path against the address-by-address reference on random
// configurations; the monotonicity properties where SCALE-Sim's policy keeps them; its own config checks.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import { closedFormCycles, planFolds, type DataflowName } from '../dataflow/fold-plan.js';
import type { Bandwidth, MemoryConfig, OperandWidths } from '../memory/memory-model.js';
import { scalesimMemory } from '../memory/scalesim.js';
import { scalesimFast } from '../memory/scalesim-fast.js';
import { scalesimReference } from '../memory/scalesim-reference.js';
import { dataflow, gemmOnArray } from './arbitraries.js';

interface FixtureCase {
  name: string;
  dataflow: DataflowName;
  rows: number;
  cols: number;
  m: number;
  k: number;
  n: number;
  sramKb: MemoryConfig['sramKb'];
  bandwidth: Bandwidth;
  scalesim: {
    lastCycle: number;
    stallCycles: number;
    sram: { ifmapReads: number; filterReads: number; ofmapWrites: number };
    dram: { ifmapReads: number; filterReads: number; ofmapWrites: number };
    dramBandwidth: { ifmap: number; filter: number; ofmap: number };
  };
}

const fixture = JSON.parse(readFileSync(new URL('fixtures/scalesim-memory.json', import.meta.url), 'utf8')) as { cases: FixtureCase[] };
const widths: OperandWidths = { aBits: 4, bBits: 8, accBits: 24 };
const config = (sramKb: MemoryConfig['sramKb'], bandwidth: Bandwidth): MemoryConfig => ({ mode: 'scalesim', sramKb, banks: 1, bandwidth, dram: 'lpddr4' });
const byName = (name: string): FixtureCase => fixture.cases.find((c) => c.name === name) as FixtureCase;
const planOf = (c: FixtureCase) => planFolds(c.dataflow, c.m, c.k, c.n, c.rows, c.cols);

describe('scalesim mode = SCALE-Sim v2 on every fixture case', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const plan = planOf(c);
    const report = scalesimMemory(plan, config(c.sramKb, c.bandwidth), widths);
    const s = c.scalesim;
    // Its compute cycles are our closed form; it prints the last cycle's index, one less than the count.
    expect(report.computeCycles).toBe(closedFormCycles(plan));
    expect(report.computeCycles + report.stallCycles).toBe(s.lastCycle + 1);
    expect(report.stallCycles).toBe(s.stallCycles);
    expect(report.sram).toEqual({ a: { reads: s.sram.ifmapReads, writes: 0 }, b: { reads: s.sram.filterReads, writes: 0 }, c: { reads: 0, writes: s.sram.ofmapWrites } });
    expect(report.dram).toEqual({ a: { reads: s.dram.ifmapReads }, b: { reads: s.dram.filterReads }, c: { writes: s.dram.ofmapWrites } });
    const { ifmap, filter, ofmap } = s.dramBandwidth;
    expect(report.bandwidthNeeded).toEqual({ a: ifmap, b: filter, c: ofmap, total: ifmap + filter + ofmap });
    expect(report.sramBits).toEqual({
      a: { reads: 4 * s.sram.ifmapReads, writes: 0 },
      b: { reads: 8 * s.sram.filterReads, writes: 0 },
      c: { reads: 0, writes: 24 * s.sram.ofmapWrites },
    });
    expect(report.dramBits).toEqual({ a: { reads: 4 * s.dram.ifmapReads }, b: { reads: 8 * s.dram.filterReads }, c: { writes: 24 * s.dram.ofmapWrites } });
    expect(scalesimReference(plan, config(c.sramKb, c.bandwidth))).toEqual(scalesimFast(plan, config(c.sramKb, c.bandwidth)));
  });

  it('covers OS/WS/IS, square and non-square arrays, 1 kB to 64 kB, CALC and 1 to 64 words per cycle, folds in every dimension', () => {
    const cases = fixture.cases;
    expect(new Set(cases.map((c) => c.dataflow))).toEqual(new Set(['os', 'ws', 'is']));
    expect(cases.some((c) => c.rows !== c.cols) && cases.some((c) => c.rows === c.cols)).toBe(true);
    expect(new Set(cases.map((c) => c.sramKb.b))).toEqual(new Set([1, 2, 4, 64]));
    expect(cases.some((c) => c.bandwidth === 'calc') && cases.some((c) => c.bandwidth === 1) && cases.some((c) => c.bandwidth === 64)).toBe(true);
    expect(cases.some((c) => planOf(c).rowFolds > 1 && planOf(c).colFolds > 1)).toBe(true);
    expect(cases.some((c) => c.scalesim.stallCycles > 0) && cases.some((c) => c.scalesim.dram.filterReads > 10 * c.k * c.n)).toBe(true);
  });
});

const memoryCase = fc.record({
  ...gemmOnArray(60, 10),
  sramKb: fc.record({ a: fc.integer({ min: 1, max: 4 }), b: fc.integer({ min: 1, max: 4 }), c: fc.integer({ min: 1, max: 4 }) }),
  bandwidth: fc.oneof(fc.constant<Bandwidth>('calc'), fc.integer({ min: 1, max: 40 })),
});

describe('scalesim mode: fast path = address-by-address reference', () => {
  it('on every field, random GEMMs, arrays, buffers and bandwidths, all three dataflows, CALC and USER', () => {
    fc.assert(
      fc.property(memoryCase, ({ dataflow, m, k, n, rows, cols, sramKb, bandwidth }) => {
        const plan = planFolds(dataflow, m, k, n, rows, cols);
        expect(scalesimFast(plan, config(sramKb, bandwidth))).toEqual(scalesimReference(plan, config(sramKb, bandwidth)));
      }),
      { numRuns: 150 },
    );
  });
});

const stalls = (c: FixtureCase, bandwidth: Bandwidth, sramKb = c.sramKb) => scalesimMemory(planOf(c), config(sramKb, bandwidth), widths);

describe('scalesim mode: monotonicity', () => {
  it('more bandwidth never adds stalls', () => {
    fc.assert(
      fc.property(fc.record(gemmOnArray(200, 16)), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (g, kb, w, more) => {
        const plan = planFolds(g.dataflow, g.m, g.k, g.n, g.rows, g.cols);
        const run = (bandwidth: number) => scalesimMemory(plan, config({ a: kb, b: kb, c: kb }, bandwidth), widths).stallCycles;
        expect(run(w + more)).toBeLessThanOrEqual(run(w));
      }),
      { numRuns: 200 },
    );
  });

  it('a larger buffer never adds DRAM reads in CALC mode', () => {
    fc.assert(
      fc.property(fc.record(gemmOnArray(200, 16)), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), (g, kb, more) => {
        const plan = planFolds(g.dataflow, g.m, g.k, g.n, g.rows, g.cols);
        const run = (size: number) => scalesimMemory(plan, config({ a: size, b: size, c: 1 }, 'calc'), widths).dram;
        const [small, large] = [run(kb), run(kb + more)];
        expect(large.a.reads).toBeLessThanOrEqual(small.a.reads);
        expect(large.b.reads).toBeLessThanOrEqual(small.b.reads);
      }),
      { numRuns: 200 },
    );
  });
});

describe('scalesim mode: configurations SCALE-Sim cannot run', () => {
  const plan = planFolds('os', 8, 8, 8, 4, 4);
  it.each([
    ['sramKb.b', config({ a: 1, b: 0.5, c: 1 }, 4), /^sramKb\.b: 0\.5 is not allowed .*whole kB ≥ 1/],
    ['sramKb.c', config({ a: 1, b: 1, c: 0 }, 4), /^sramKb\.c: 0 is not allowed/],
    ['bandwidth', config({ a: 1, b: 1, c: 1 }, 2.5), /^bandwidth: 2\.5 is not allowed .*calc or whole words per cycle/],
  ])('%s', (_, bad, message) => {
    expect(() => scalesimMemory(plan, bad, widths)).toThrow(InputError);
    expect(() => scalesimMemory(plan, bad, widths)).toThrow(message);
  });

  it('micro: pipelined', () => {
    const pipelined = planFolds('os', 8, 8, 8, 4, 4, 'pipelined');
    expect(() => scalesimMemory(pipelined, config({ a: 1, b: 1, c: 1 }, 4), widths)).toThrow(/^micro: "pipelined" is not allowed with memory "scalesim"/);
  });
});

void byName;
void stalls;
void dataflow;
