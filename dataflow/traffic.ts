// Edge-buffer (SRAM) traffic: every engine tells one observer, per fold, the words it read of A and B and wrote
// of C. The result's totals are one observer; a memory model (double-buffered tiles, DRAM, stalls) is another.
import type { Fold } from './for-each-fold.js';

/** Words one fold moves between the edge buffers and the array. */
export interface FoldWords {
  aReads: number;
  bReads: number;
  cWrites: number;
  /** Partial outputs read back by the edge adder: K-folds after the first add into C (WS, IS). */
  cReads: number;
}

export interface TrafficObserver {
  /** After each fold, in run order: the tiles it covered, the cycles it took and the words it moved. */
  fold(fold: Fold, cycles: number, words: FoldWords): void;
}

/** The words of a fold whose tiles each cross the edge once: what every engine moves (the reference counts them). */
export function tileWords(f: Fold): FoldWords {
  const outputs = f.mf * f.nf;
  return { aReads: f.mf * f.kf, bReads: f.kf * f.nf, cWrites: outputs, cReads: f.k0 > 0 ? outputs : 0 };
}

export interface SramTraffic {
  reads: number;
  writes: number;
  readBits: number;
  writeBits: number;
}

/** The default observer: the run's totals in words and bits (A and B words of their widths, C words of the accumulator's). */
export class SramTotals implements TrafficObserver {
  readonly totals: SramTraffic = { reads: 0, writes: 0, readBits: 0, writeBits: 0 };

  constructor(private readonly widths: { aBits: number; bBits: number; accBits: number }) {}

  fold(_fold: Fold, _cycles: number, w: FoldWords): void {
    const { aBits, bBits, accBits } = this.widths;
    const t = this.totals;
    t.reads += w.aReads + w.bReads + w.cReads;
    t.readBits += w.aReads * aBits + w.bReads * bBits + w.cReads * accBits;
    t.writes += w.cWrites;
    t.writeBits += w.cWrites * accBits;
  }
}

/** One observer that tells each of `observers` in turn. */
export function observeAll(...observers: TrafficObserver[]): TrafficObserver {
  return { fold: (fold, cycles, words) => observers.forEach((o) => o.fold(fold, cycles, words)) };
}
