// The tiled mode (docs/memory.md, "The tiled mode"): the buffers a designer would build. One DRAM port of W bytes
// per cycle shared by A, B and C; each fold's new A and B tiles are prefetched into the idle half while the previous
// fold computes, and each finished C tile is written back while the next fold computes; a fold stalls when its port
// traffic takes longer than its compute. The first fill and the last write-back are counted.
import { InputError } from '../core/input-error.js';
import { forEachFold, type Fold } from '../dataflow/for-each-fold.js';
import { foldCycles, type FoldPlan } from '../dataflow/fold-plan.js';
import { tileWords } from '../dataflow/traffic.js';
import type { MemoryConfig, MemoryModel, MemoryReport, Operand } from './memory-model.js';

const BITS_PER_KB = 1024 * 8;

/** A fold's tile of one operand: where it starts (a key: tiles of a plan are equal or disjoint) and its elements. */
interface Tile {
  key: number;
  elements: number;
}

function tilesOf(f: Fold, n: number, k: number): Record<Operand, Tile> {
  return {
    a: { key: f.m0 * k + f.k0, elements: f.mf * f.kf },
    b: { key: f.k0 * n + f.n0, elements: f.kf * f.nf },
    c: { key: f.m0 * n + f.n0, elements: f.mf * f.nf },
  };
}

/** Which tiles a buffer still holds: every tile when the whole operand fits, else the one the last fold used. */
class Residency {
  private readonly seen = new Set<number>();
  private last = -1;

  constructor(private readonly wholeFits: boolean) {}

  /** True when the tile must come from DRAM; records it as resident. */
  fetch(key: number): boolean {
    const held = this.wholeFits ? this.seen.has(key) : this.last === key;
    this.last = key;
    if (this.wholeFits) this.seen.add(key);
    return !held;
  }
}

/** Refuses a buffer whose half cannot hold one fold's tile (the first fold's tiles are the largest). */
function checkTilesFit(plan: FoldPlan, config: MemoryConfig, bits: Record<Operand, number>): void {
  let first: Record<Operand, Tile> | undefined;
  forEachFold(plan, (f) => (first ??= tilesOf(f, plan.n, plan.k)));
  for (const x of ['a', 'b', 'c'] as const) {
    const need = first![x].elements * bits[x];
    const half = (config.sramKb[x] * BITS_PER_KB) / 2;
    if (need > half) {
      const min = (2 * need) / BITS_PER_KB;
      throw new InputError(
        `sramKb.${x}: ${config.sramKb[x]} kB is too small for the tiled mode; one fold's ${x.toUpperCase()} tile (${first![x].elements} words of ${bits[x]} bits) needs half a buffer of at least ${min} kB, so allowed ≥ ${min}`,
      );
    }
  }
}

export const tiledMemory: MemoryModel = (plan, config, widths) => {
  const bits: Record<Operand, number> = { a: widths.aBits, b: widths.bBits, c: widths.accBits };
  checkTilesFit(plan, config, bits);
  const { m, k, n } = plan;
  const whole: Record<Operand, number> = { a: m * k, b: k * n, c: m * n };
  const fits = (x: Operand) => whole[x] * bits[x] <= config.sramKb[x] * BITS_PER_KB;
  const resident = { a: new Residency(fits('a')), b: new Residency(fits('b')) };
  // Per fold: bits to fetch before it starts (A, B), bits of C finished by it, and its compute cycles.
  const fetchA: number[] = [];
  const fetchB: number[] = [];
  const drain: number[] = [];
  const cycles: number[] = [];
  const report = emptyReport(config);
  forEachFold(plan, (f) => {
    const t = tilesOf(f, n, k);
    const w = tileWords(f);
    fetchA.push(resident.a.fetch(t.a.key) ? t.a.elements : 0);
    fetchB.push(resident.b.fetch(t.b.key) ? t.b.elements : 0);
    // A C tile is finished after its last K slice: every fold in OS, the last K fold in WS and IS.
    drain.push(f.k0 + f.kf === k ? t.c.elements : 0);
    cycles.push(foldCycles(plan, f.index));
    report.sram.a.reads += w.aReads;
    report.sram.b.reads += w.bReads;
    report.sram.c.writes += w.cWrites;
    report.sram.c.reads += w.cReads;
  });
  report.dram.a.reads = sum(fetchA);
  report.dram.b.reads = sum(fetchB);
  report.dram.c.writes = sum(drain);
  report.computeCycles = sum(cycles);
  const portBits = (x: Operand, i: number) => (x === 'a' ? fetchA[i + 1] ?? 0 : x === 'b' ? fetchB[i + 1] ?? 0 : drain[i - 1] ?? 0) * bits[x];
  const loadBits = (i: number) => portBits('a', i) + portBits('b', i) + portBits('c', i);
  if (config.bandwidth === 'calc') {
    // The port each operand (and all three together) needs so that no fold waits; fill and drain are not folds.
    const peak = (bitsOf: (i: number) => number) => Math.max(0, ...cycles.map((c, i) => bitsOf(i) / 8 / c));
    report.bandwidthNeeded = { a: peak((i) => portBits('a', i)), b: peak((i) => portBits('b', i)), c: peak((i) => portBits('c', i)), total: peak(loadBits) };
  } else {
    const bitsPerCycle = config.bandwidth * 8;
    const portCycles = (b: number) => Math.ceil(b / bitsPerCycle);
    let stall = portCycles(fetchA[0]! * bits.a + fetchB[0]! * bits.b) + portCycles(drain.at(-1)! * bits.c);
    for (let i = 0; i < cycles.length; i++) stall += Math.max(0, portCycles(loadBits(i)) - cycles[i]!);
    report.stallCycles = stall;
    const total = report.computeCycles + stall;
    const bytes = (x: Operand, words: number) => (words * bits[x]) / 8 / total;
    const used = { a: bytes('a', report.dram.a.reads), b: bytes('b', report.dram.b.reads), c: bytes('c', report.dram.c.writes) };
    report.bandwidthNeeded = { ...used, total: used.a + used.b + used.c };
  }
  return withBits(report, bits);
};

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}

function emptyReport(config: MemoryConfig): MemoryReport {
  const zero = () => ({ reads: 0, writes: 0 });
  return {
    mode: config.mode,
    sramKb: { ...config.sramKb },
    bandwidth: config.bandwidth,
    dramTech: config.dram,
    computeCycles: 0,
    stallCycles: 0,
    sram: { a: zero(), b: zero(), c: zero() },
    dram: { a: { reads: 0 }, b: { reads: 0 }, c: { writes: 0 } },
    sramBits: { a: zero(), b: zero(), c: zero() },
    dramBits: { a: { reads: 0 }, b: { reads: 0 }, c: { writes: 0 } },
    bandwidthNeeded: { a: 0, b: 0, c: 0, total: 0 },
  };
}

/** The word counts in bits, each operand at its width. */
export function withBits(r: MemoryReport, bits: Record<Operand, number>): MemoryReport {
  const s = r.sram;
  return {
    ...r,
    sramBits: {
      a: { reads: s.a.reads * bits.a, writes: s.a.writes * bits.a },
      b: { reads: s.b.reads * bits.b, writes: s.b.writes * bits.b },
      c: { reads: s.c.reads * bits.c, writes: s.c.writes * bits.c },
    },
    dramBits: { a: { reads: r.dram.a.reads * bits.a }, b: { reads: r.dram.b.reads * bits.b }, c: { writes: r.dram.c.writes * bits.c } },
  };
}
