// `--memory scalesim`'s fast path: SCALE-Sim v2's scratchpad run cycle by cycle, but with O(1) work per cycle and
// operand instead of per address. Each cycle reads one run of consecutive positions of an operand's prefetch order
// (scalesim-layout.ts), so a read buffer needs only the run's ends, and the output buffer only a word count.
// test/memory-scalesim.test.ts holds it equal to the address-by-address reference (scalesim-reference.ts).
import { forEachFold } from '../dataflow/for-each-fold.js';
import type { FoldPlan } from '../dataflow/fold-plan.js';
import type { MemoryConfig } from './memory-model.js';
import { gemmLayout, type ReadLayout } from './scalesim-layout.js';
import { readGeometry, writeGeometry, type ReadGeometry, type ScalesimRun, type Span, type WriteGeometry } from './scalesim-run.js';

interface ReadModel {
  /** Positions lo..hi of the prefetch order are read on this cycle; returns the stall cycles. */
  read(lo: number, hi: number, cycle: number): number;
  reads(): number;
  span(): Span;
}

/**
 * USER mode: the resident window is `active` consecutive sets of the prefetch order, on a ring of all its sets; a
 * set ahead of the window (or behind it, the long way round) costs as many slides of `prefetch` sets as bring it in.
 * Slide j ends on cycle j·(lines+1) − 1 wherever the demand is, so a stall is that minus the demand's cycle.
 */
class Window implements ReadModel {
  private readonly ring: number;
  private readonly active: number;
  private readonly slide: number;
  private readonly fillLines: number;
  private readonly slideLines: number;
  private start = 0;
  private slides = 0;

  constructor(
    private readonly g: ReadGeometry,
    layout: ReadLayout,
  ) {
    this.ring = Math.floor(layout.valid / g.setWords) + 1;
    this.active = Math.min(g.activeSets, this.ring);
    this.slide = Math.min(g.prefetchSets, this.ring - this.active);
    this.fillLines = Math.min(Math.ceil(g.active / g.lineWords), Math.ceil(layout.padded / g.lineWords));
    this.slideLines = Math.ceil(g.prefetch / g.lineWords);
  }

  read(lo: number, hi: number, cycle: number): number {
    if (this.active === this.ring) return 0;
    const first = Math.floor(lo / this.g.setWords);
    const slidesBefore = this.slides;
    const ahead = this.bringIn((((first - this.start) % this.ring) + this.ring) % this.ring);
    this.bringIn(ahead + Math.floor(hi / this.g.setWords) - first);
    if (this.slides === slidesBefore) return 0;
    return Math.max(0, this.slides * (this.slideLines + 1) - 2 - cycle);
  }

  /** Slides the window until a set `distance` sets past its start is inside; returns the set's new distance. */
  private bringIn(distance: number): number {
    if (distance < this.active) return distance;
    const n = Math.ceil((distance - this.active + 1) / this.slide);
    this.start = (this.start + n * this.slide) % this.ring;
    this.slides += n;
    return distance - n * this.slide;
  }

  reads(): number {
    return (this.fillLines + this.slides * this.slideLines) * this.g.lineWords;
  }

  span(): Span {
    return [-this.fillLines, this.slides * (this.slideLines + 1) - 1];
  }
}

/**
 * CALC mode: epochs of `epoch` DRAM reads; a position is read from DRAM unless it was already read in this epoch.
 * The positions read this epoch are kept as sorted disjoint runs.
 */
class Epochs implements ReadModel {
  private readonly epoch: number;
  private starts: number[] = [];
  private ends: number[] = [];
  private inEpoch = 0;
  private total = 0;
  private epochs = 0;
  private firstCycle = -1;
  private lastEpochCycle = 0;

  constructor(private readonly g: ReadGeometry) {
    this.epoch = g.calcActiveSets * g.calcSetWords;
  }

  read(lo: number, hi: number, cycle: number): number {
    if (this.firstCycle < 0) this.firstCycle = cycle;
    let from = lo;
    // Walk the gaps between this epoch's runs that fall in lo..hi: each gap's positions are new reads.
    let i = this.firstEndingAtOrAfter(from);
    while (from <= hi) {
      const gapEnd = i < this.starts.length ? Math.min(hi, (this.starts[i] as number) - 1) : hi;
      if (gapEnd >= from) {
        const room = this.epoch - this.inEpoch;
        const length = gapEnd - from + 1;
        if (length >= room) {
          // The epoch closes on this position; the rest of the cycle's run is new to the next epoch.
          this.total += room;
          this.epochs++;
          this.lastEpochCycle = cycle;
          this.starts = [];
          this.ends = [];
          this.inEpoch = 0;
          from += room;
          i = 0;
          continue;
        }
        this.insert(from, gapEnd);
        this.inEpoch += length;
        this.total += length;
        i = this.firstEndingAtOrAfter(from);
      }
      if (i >= this.starts.length) break;
      from = (this.ends[i] as number) + 1;
      i++;
    }
    return 0;
  }

  private firstEndingAtOrAfter(position: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) < position) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Adds run a..b (disjoint from the others), merging it with a neighbour it touches. */
  private insert(a: number, b: number): void {
    const i = this.firstEndingAtOrAfter(a);
    const joinsLeft = i > 0 && this.ends[i - 1] === a - 1;
    const joinsRight = i < this.starts.length && this.starts[i] === b + 1;
    if (joinsLeft && joinsRight) {
      this.ends[i - 1] = this.ends[i] as number;
      this.starts.splice(i, 1);
      this.ends.splice(i, 1);
    } else if (joinsLeft) this.ends[i - 1] = b;
    else if (joinsRight) this.starts[i] = a;
    else {
      this.starts.splice(i, 0, a);
      this.ends.splice(i, 0, b);
    }
  }

  reads(): number {
    return this.total;
  }

  /** The first epoch is fetched at 10 words per cycle just before the first demand; later ones over the epoch before. */
  span(): Span {
    const { lineWords, calcActiveSets, calcSetWords } = this.g;
    if (this.epochs === 0) return [-Math.ceil((Math.ceil(this.inEpoch / calcSetWords) * calcSetWords) / lineWords), -1];
    return [this.firstCycle - Math.ceil((calcActiveSets * calcSetWords) / lineWords), this.lastEpochCycle + 1];
  }
}

/**
 * The output buffer: words fill lines; with no drain under way and more than the drain half held, the held lines are
 * drained (the part-filled one closed first), up to a drain half's worth, one line per cycle. Only partial lines
 * that close a drain have their empty slots left out of the count; they are kept as a queue of [line, words].
 */
class Drains {
  writes = 0;
  span: Span = [0, 0];
  private free: number;
  private lines = 0;
  private fill = 0;
  private nextDrain = 0;
  private drainEnd = 0;
  private drained = false;
  private readonly partial: number[][] = [];
  private partialHead = 0;

  constructor(private readonly g: WriteGeometry) {
    this.free = g.total;
  }

  write(count: number, cycle: number): number {
    let now = cycle;
    let left = count;
    while (left > 0) {
      if (now < this.drainEnd) {
        // The buffer fills up before the drain ends: stall until it does.
        const n = this.free - left > 0 ? left : Math.max(this.free, 1);
        this.add(n);
        left -= n;
        if (this.free <= 0) now = this.drainEnd;
      } else {
        const n = Math.max(1, this.free - (this.g.total - this.g.drain) + 1);
        if (left < n) {
          this.add(left);
          break;
        }
        this.add(n);
        left -= n;
        this.closePartial();
        this.drainEnd = this.drain(now);
      }
    }
    return now - cycle;
  }

  finish(cycle: number): void {
    this.closePartial();
    for (let at = cycle; this.nextDrain < this.lines; at = this.drainEnd + 1) this.drainEnd = this.drain(at);
  }

  private add(n: number): void {
    this.free -= n;
    this.fill += n;
    this.lines += Math.floor(this.fill / this.g.lineWords);
    this.fill %= this.g.lineWords;
  }

  private closePartial(): void {
    if (this.fill === 0) return;
    this.partial.push([this.lines, this.fill]);
    this.lines++;
    this.fill = 0;
  }

  private drain(start: number): number {
    const { lineWords } = this.g;
    const count = Math.min(Math.ceil(this.g.drain / lineWords), this.lines - this.nextDrain);
    const last = this.nextDrain + count - 1;
    let head = this.partial[this.partialHead];
    while (head !== undefined && (head[0] as number) < last) head = this.partial[++this.partialHead];
    const lastWords = head !== undefined && head[0] === last ? (head[1] as number) : lineWords;
    const words = count * lineWords - (lineWords - lastWords);
    this.writes += words;
    this.free += words;
    this.nextDrain += count;
    if (!this.drained) this.span[0] = start;
    this.drained = true;
    this.span[1] = start + count - 1;
    return start + count - 1;
  }
}

export function scalesimFast(plan: FoldPlan, config: MemoryConfig): ScalesimRun {
  const layout = gemmLayout(plan);
  const model = (kb: number, l: ReadLayout): ReadModel => {
    const g = readGeometry(kb, config);
    return config.bandwidth === 'calc' ? new Epochs(g) : new Window(g, l);
  };
  const a = model(config.sramKb.a, layout.a);
  const b = model(config.sramKb.b, layout.b);
  const c = new Drains(writeGeometry(config.sramKb.c, config, plan.cols));
  const sram = { aReads: 0, bReads: 0, cWrites: 0 };
  let row = 0;
  let stallCycles = 0;
  let lastCycle = 0;
  forEachFold(plan, (fold) => {
    layout.a.startFold(fold);
    layout.b.startFold(fold);
    layout.c.startFold(fold);
    // SCALE-Sim adds the padded tile's height and width to the OFMAP writes of every OS fold.
    if (plan.dataflow === 'os') sram.cWrites += plan.rows + plan.cols;
    for (let t = 0; t < plan.cyclesPerFold; t++, row++) {
      const cycle = row + stallCycles;
      let stall = 0;
      if (layout.a.run(t)) {
        sram.aReads += layout.a.hi - layout.a.lo + 1;
        stall = a.read(layout.a.lo, layout.a.hi, cycle);
      }
      if (layout.b.run(t)) {
        sram.bReads += layout.b.hi - layout.b.lo + 1;
        stall = Math.max(stall, b.read(layout.b.lo, layout.b.hi, cycle));
      }
      const words = layout.c.count(t);
      sram.cWrites += words;
      const cStall = words > 0 ? c.write(words, cycle) : 0;
      stallCycles += Math.max(stall, cStall);
      lastCycle = cycle + cStall;
    }
  });
  c.finish(lastCycle);
  return {
    rows: row,
    stallCycles,
    lastCycle,
    sram,
    dram: { aReads: a.reads(), bReads: b.reads(), cWrites: c.writes },
    dramSpan: { a: a.span(), b: b.span(), c: c.span },
  };
}
