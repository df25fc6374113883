// `--memory scalesim` against SCALE-Sim v2 itself: every case of the committed fixture (scripts/scalesim-fixture.mjs
// ran SCALE-Sim on it) field by field; the fast path against the address-by-address reference on random
// configurations; the monotonicity properties where SCALE-Sim's policy keeps them; its own config checks.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import { closedFormCycles, MAPPINGS, planFolds, type DataflowName, type FoldPlan } from '../dataflow/fold-plan.js';
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
    const sizes = cases.flatMap((c) => [c.sramKb.a, c.sramKb.b, c.sramKb.c]);
    expect([Math.min(...sizes), Math.max(...sizes)]).toEqual([1, 64]);
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

/** A GEMM whose folds fill the array exactly, so no operand's prefetch order carries padding. */
const exactFolds = fc
  .record({
    dataflow,
    rows: fc.integer({ min: 1, max: 12 }),
    cols: fc.integer({ min: 1, max: 12 }),
    rowFolds: fc.integer({ min: 1, max: 8 }),
    colFolds: fc.integer({ min: 1, max: 8 }),
    time: fc.integer({ min: 1, max: 150 }),
  })
  .map(({ dataflow, rows, cols, rowFolds, colFolds, time }) => {
    const mapping = MAPPINGS[dataflow];
    const dims = { m: time, k: time, n: time, [mapping.rows]: rows * rowFolds, [mapping.cols]: cols * colFolds };
    return planFolds(dataflow, dims.m, dims.k, dims.n, rows, cols);
  });

const uniform = (kb: number, bandwidth: Bandwidth) => config({ a: kb, b: kb, c: kb }, bandwidth);
const operandWords = (plan: FoldPlan) => ({ a: plan.m * plan.k, b: plan.k * plan.n });
/** The smallest whole kB whose active half (USER) and whose epoch of 50 sets of 1% (CALC) hold `words`. */
const holding = (words: number) => Math.ceil((words + 1) / 512) + 1;

describe('scalesim mode: monotonicity', () => {
  it('more bandwidth never adds stalls', () => {
    fc.assert(
      fc.property(fc.record(gemmOnArray(200, 16)), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 }), (g, kb, w, more) => {
        const plan = planFolds(g.dataflow, g.m, g.k, g.n, g.rows, g.cols);
        const stalls = (bandwidth: number) => scalesimMemory(plan, uniform(kb, bandwidth), widths).stallCycles;
        expect(stalls(w + more)).toBeLessThanOrEqual(stalls(w));
      }),
      { numRuns: 200 },
    );
  });

  it('a larger buffer can add DRAM traffic in SCALE-Sim itself (fixture pairs)', () => {
    const dram = (name: string) => byName(name).scalesim.dram;
    // 3 → 4 kB, 1 word/cycle: the slide past the end of A re-reads a whole prefetch half from its start.
    expect(dram('os-4kb-bw1').ifmapReads).toBeGreaterThan(dram('os-3kb-bw1').ifmapReads);
    // CALC: the larger buffer's epoch ends at another point of the demand, so more addresses fall out of it.
    expect(dram('os-4kb-calc').filterReads).toBeGreaterThan(dram('os-3kb-calc').filterReads);
    // CALC OFMAP: a part-filled line in the middle of a drain is counted whole.
    expect(dram('ws-5kb-calc').ofmapWrites).toBeGreaterThan(dram('ws-3kb-calc').ofmapWrites);
  });

  it('a buffer holding the whole operand never reads more than a smaller one (USER: when folds fill the array)', () => {
    fc.assert(
      fc.property(exactFolds, fc.integer({ min: 1, max: 3 }), fc.oneof(fc.constant<Bandwidth>('calc'), fc.integer({ min: 1, max: 40 })), (plan, kb, bandwidth) => {
        const words = operandWords(plan);
        const small = scalesimMemory(plan, uniform(kb, bandwidth), widths).dram;
        const large = scalesimMemory(plan, uniform(holding(Math.max(words.a, words.b)), bandwidth), widths).dram;
        expect(large.a.reads).toBeLessThanOrEqual(small.a.reads);
        expect(large.b.reads).toBeLessThanOrEqual(small.b.reads);
        // Read once: every word in CALC; whole lines of the bandwidth in USER.
        const once = (n: number) => (bandwidth === 'calc' ? n : Math.ceil(n / bandwidth) * bandwidth);
        expect([large.a.reads, large.b.reads]).toEqual([once(words.a), once(words.b)]);
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
