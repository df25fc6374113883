// The readable reference for `--memory scalesim`: SCALE-Sim v2's double-buffered scratchpad
// (scalesim/memory/double_buffered_scratchpad_mem.py) emulated cycle by cycle and address by address over its own
// demand matrices. Slow (every address of every cycle); the fast path (scalesim-fast.ts) is tested equal to it.
import type { FoldPlan } from '../dataflow/fold-plan.js';
import type { MemoryConfig } from './memory-model.js';
import { NONE, scalesimMatrices } from './scalesim-matrices.js';
import { readGeometry, writeGeometry, type ReadGeometry, type ScalesimRun, type Span, type WriteGeometry } from './scalesim-run.js';

interface ReadBuffer {
  /** Serves one cycle's addresses; returns the stall cycles they cost. */
  serve(addresses: number[], cycle: number): number;
  finish(): void;
  reads: number;
  span: Span;
}

/**
 * USER mode (read_buffer.py): the operand, in its prefetch order, is cut into sets; a window of sets is resident.
 * A miss slides the window forward by the prefetch half, round the operand's end to its start, until the address is in.
 */
class UserReadBuffer implements ReadBuffer {
  reads = 0;
  span: Span = [0, 0];
  private readonly sets: Set<number>[] = [];
  private readonly activeSets: number;
  private readonly prefetchSets: number;
  private readonly fetchLines: number;
  private start = 0;
  private end = 0;
  private lastFetched = 0;
  private filled = false;

  constructor(
    private readonly g: ReadGeometry,
    prefetchOrder: number[],
  ) {
    let set = new Set<number>();
    for (const address of prefetchOrder) {
      if (address === NONE) continue;
      set.add(address);
      if (set.size >= g.setWords) {
        this.sets.push(set);
        set = new Set();
      }
    }
    this.sets.push(set);
    this.activeSets = Math.min(g.activeSets, this.sets.length);
    this.prefetchSets = Math.min(g.prefetchSets, this.sets.length - this.activeSets);
    this.fetchLines = Math.ceil(prefetchOrder.length / g.lineWords);
  }

  serve(addresses: number[], cycle: number): number {
    if (!this.filled) this.fill(cycle);
    let offset = 1;
    for (const address of addresses) {
      if (address === NONE) continue;
      while (!this.resident(address)) {
        this.slide();
        offset = Math.max(offset, this.lastFetched - cycle);
      }
    }
    return offset - 1;
  }

  finish(): void {}

  /** The first fill: the active half's lines, all delivered by the cycle before the first demand. */
  private fill(cycle: number): void {
    const lines = Math.min(Math.ceil(this.g.active / this.g.lineWords), this.fetchLines);
    this.reads += lines * this.g.lineWords;
    this.lastFetched = cycle - 1;
    this.span = [cycle - lines, this.lastFetched];
    this.start = 0;
    this.end = this.activeSets;
    this.filled = true;
  }

  private resident(address: number): boolean {
    const count = this.sets.length;
    const length = this.start < this.end ? this.end - this.start : count - this.start + this.end;
    for (let i = 0; i < length; i++) if ((this.sets[(this.start + i) % count] as Set<number>).has(address)) return true;
    return false;
  }

  /** One prefetch: whole lines of the prefetch half, issued the cycle after the previous prefetch's last line. */
  private slide(): void {
    const count = this.sets.length;
    this.start = (this.start + this.prefetchSets) % count;
    this.end = (this.start + this.activeSets) % count;
    const lines = Math.ceil(this.g.prefetch / this.g.lineWords);
    this.reads += lines * this.g.lineWords;
    this.lastFetched += lines + 1;
    this.span[1] = this.lastFetched;
  }
}

/**
 * CALC mode (read_buffer_estimate_bw.py): never stalls; each address not seen since the window last moved is a DRAM
 * read, and the window moves every half-buffer of such reads. The bandwidth is what fetching each window's reads
 * in the time the previous window was used would take.
 */
class CalcReadBuffer implements ReadBuffer {
  reads = 0;
  span: Span = [0, 0];
  private readonly sets: Set<number>[] = [];
  private current = new Set<number>();
  private windowStart = 0;
  private prefetchStart = 0;
  private windowsDone = 0;
  private firstCycle = -1;
  private fetchStart = -2;
  private fetchEnd = -1;

  constructor(private readonly g: ReadGeometry) {}

  serve(addresses: number[], cycle: number): number {
    if (this.firstCycle < 0 && addresses.some((a) => a !== NONE)) this.firstCycle = cycle;
    for (const address of addresses) if (address !== NONE) this.track(address, cycle);
    return 0;
  }

  private track(address: number, cycle: number): void {
    const { calcActiveSets: half, calcSetWords } = this.g;
    for (let i = this.windowStart; i < this.sets.length; i++) if ((this.sets[i] as Set<number>).has(address)) return;
    if (this.current.has(address)) return;
    this.current.add(address);
    if (this.current.size !== calcSetWords) return;
    this.sets.push(this.current);
    this.current = new Set();
    if (this.sets.length !== this.windowStart + half) return;
    if (this.windowsDone === 0) {
      // The first window is fetched at the default 10 words per cycle, ending two cycles before the first demand.
      this.fetchEnd = this.firstCycle - 2;
      this.fetchStart = this.fetchEnd - Math.ceil((half * calcSetWords) / this.g.lineWords) + 1;
      this.fetch(0, half);
      this.prefetchStart = half;
    } else {
      this.fetch(this.prefetchStart, half);
      this.prefetchStart += half;
    }
    this.windowsDone++;
    this.windowStart += half;
    this.fetchStart = this.fetchEnd + 1;
    this.fetchEnd = cycle;
  }

  finish(): void {
    if (this.current.size > 0) this.sets.push(this.current);
    if (this.windowsDone === 0) {
      this.fetchEnd = -2;
      this.fetchStart = this.fetchEnd - Math.ceil((this.sets.length * this.g.calcSetWords) / this.g.lineWords) + 1;
      this.fetch(0, this.sets.length);
    } else {
      this.fetch(this.prefetchStart, this.sets.length - this.prefetchStart);
    }
  }

  /** Sets [from, from+count) are read from DRAM over the cycles fetchStart..fetchEnd (delivered one cycle later). */
  private fetch(from: number, count: number): void {
    for (let i = from; i < from + count; i++) this.reads += (this.sets[i] as Set<number>).size;
    if (this.windowsDone === 0) this.span[0] = this.fetchStart + 1;
    this.span[1] = this.fetchEnd + 1;
  }
}

/**
 * The OFMAP buffer (write_buffer.py): words are packed into lines; once more than the drain half is held and no
 * drain is under way, the held lines (a part-filled one too) are drained, a drain half's worth of lines at a time,
 * one line per cycle. A full buffer stalls until the drain ends.
 */
class WriteBuffer {
  writes = 0;
  span: Span = [0, 0];
  private free: number;
  /** Words in each line handed to DRAM so far, and the next line to drain. */
  private readonly lines: number[] = [];
  private nextDrain = 0;
  private lineFill = 0;
  private drainEnd = 0;
  private drained = false;

  constructor(private readonly g: WriteGeometry) {
    this.free = g.total;
  }

  serve(addresses: number[], cycle: number): number {
    let now = cycle;
    for (const address of addresses) {
      if (address === NONE) continue;
      this.free--;
      if (++this.lineFill === this.g.lineWords) this.closeLine();
      if (now < this.drainEnd) {
        if (this.free <= 0) now = this.drainEnd;
      } else if (this.free < this.g.total - this.g.drain) {
        if (this.lineFill > 0) this.closeLine();
        this.drainEnd = this.drain(now);
      }
    }
    return now - cycle;
  }

  /** After the last cycle: everything held is drained, beyond the cycles SCALE-Sim counts. */
  finish(cycle: number): void {
    if (this.lineFill > 0) this.closeLine();
    for (let at = cycle; this.nextDrain < this.lines.length; at = this.drainEnd + 1) this.drainEnd = this.drain(at);
  }

  private closeLine(): void {
    this.lines.push(this.lineFill);
    this.lineFill = 0;
  }

  /** Only the last drained line's empty slots are left out of the count (and out of the space freed). */
  private drain(start: number): number {
    const end = Math.min(this.nextDrain + Math.ceil(this.g.drain / this.g.lineWords), this.lines.length);
    const count = end - this.nextDrain;
    const words = count * this.g.lineWords - (this.g.lineWords - (this.lines[end - 1] as number));
    this.writes += words;
    this.free += words;
    this.nextDrain = end;
    if (!this.drained) this.span[0] = start;
    this.drained = true;
    this.span[1] = start + count - 1;
    return start + count - 1;
  }
}

export function scalesimReference(plan: FoldPlan, config: MemoryConfig): ScalesimRun {
  const { demand, prefetch, sram } = scalesimMatrices(plan);
  const buffer = (kb: number, order: number[]): ReadBuffer => {
    const g = readGeometry(kb, config);
    return config.bandwidth === 'calc' ? new CalcReadBuffer(g) : new UserReadBuffer(g, order);
  };
  const a = buffer(config.sramKb.a, prefetch.a);
  const b = buffer(config.sramKb.b, prefetch.b);
  const c = new WriteBuffer(writeGeometry(config.sramKb.c, config, plan.cols));
  let stallCycles = 0;
  let lastCycle = 0;
  demand.c.forEach((cRow, i) => {
    const cycle = i + stallCycles;
    const aStall = a.serve(demand.a[i] as number[], cycle);
    const bStall = b.serve(demand.b[i] as number[], cycle);
    const cStall = c.serve(cRow, cycle);
    stallCycles += Math.max(aStall, bStall, cStall);
    lastCycle = cycle + cStall;
  });
  a.finish();
  b.finish();
  c.finish(lastCycle);
  return {
    rows: demand.c.length,
    stallCycles,
    lastCycle,
    sram,
    dram: { aReads: a.reads, bReads: b.reads, cWrites: c.writes },
    dramSpan: { a: a.span, b: b.span, c: c.span },
  };
}
