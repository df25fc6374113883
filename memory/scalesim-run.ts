// What one SCALE-Sim v2 layer run reports (COMPUTE_REPORT, DETAILED_ACCESS_REPORT), and the buffer geometry its
// double-buffered scratchpad derives from a configuration (scalesim/single_layer_sim.py, scalesim/memory/).
import type { MemoryConfig } from './memory-model.js';

/** A DRAM trace's first and last cycle, as its DETAILED_ACCESS_REPORT gives them (the bandwidth is counted over them). */
export type Span = [start: number, stop: number];

export interface ScalesimRun {
  /** Demand-matrix rows: the array's cycles without stalls. */
  rows: number;
  stallCycles: number;
  /** The cycle its COMPUTE_REPORT prints: the last OFMAP write's cycle, one less than the count. */
  lastCycle: number;
  sram: { aReads: number; bReads: number; cWrites: number };
  dram: { aReads: number; bReads: number; cWrites: number };
  dramSpan: { a: Span; b: Span; c: Span };
}

/** Half of each buffer serves the array, the other half is filled or drained (its active_buf_frac = 0.5). */
const ACTIVE_FRACTION = 0.5;
/** The read buffer tracks its contents in sets of 1% of its capacity (read_buffer.py, read_buffer_estimate_bw.py). */
const SETS_PER_BUFFER = 100;

export interface ReadGeometry {
  /** Words per DRAM line: the bandwidth in USER mode, 10 in CALC mode. */
  lineWords: number;
  total: number;
  active: number;
  prefetch: number;
  /** USER mode: words per set, and the sets the active and prefetch halves hold at most. */
  setWords: number;
  activeSets: number;
  prefetchSets: number;
  /** CALC mode: words per set, and the sets in each half. */
  calcSetWords: number;
  calcActiveSets: number;
}

export interface WriteGeometry {
  lineWords: number;
  total: number;
  /** Words drained to DRAM at a time. */
  drain: number;
}

/** CALC mode reads in lines of 10 words ("arbitrary", says single_layer_sim.py) and drains the OFMAP one array width per cycle. */
const CALC_READ_LINE_WORDS = 10;

/** One word is one byte (its word_size = 1), so a buffer of s kB holds 1024·s words. */
const words = (kb: number): number => Math.floor(1024 * kb);

export function readGeometry(kb: number, config: MemoryConfig): ReadGeometry {
  const total = words(kb);
  const active = Math.ceil(total * ACTIVE_FRACTION);
  const prefetch = total - active;
  const setWords = Math.ceil(total / SETS_PER_BUFFER);
  const calcActiveSets = Math.trunc(ACTIVE_FRACTION * SETS_PER_BUFFER);
  return {
    lineWords: config.bandwidth === 'calc' ? CALC_READ_LINE_WORDS : config.bandwidth,
    total,
    active,
    prefetch,
    setWords,
    activeSets: Math.ceil(active / setWords),
    prefetchSets: Math.ceil(prefetch / setWords),
    calcSetWords: Math.floor(total / SETS_PER_BUFFER),
    calcActiveSets,
  };
}

export function writeGeometry(kb: number, config: MemoryConfig, cols: number): WriteGeometry {
  const total = words(kb);
  return { lineWords: config.bandwidth === 'calc' ? cols : config.bandwidth, total, drain: total - Math.ceil(total * ACTIVE_FRACTION) };
}
