// What every dataflow stepper shares: the PE model, the gating mode, the counters and the edge buffers.
import type { PeModel } from '../pe/pe-model.js';
import type { Datapath } from '../sim/datapath.js';
import type { PeCounters } from '../sim/pe-counters.js';

export type Gating = 'valid' | 'none';
export const GATINGS: readonly Gating[] = ['valid', 'none'];

export interface ArrayRun {
  pe: PeModel;
  rows: number;
  cols: number;
  gating: Gating;
  counters: PeCounters;
  datapath: Datapath;
  /** Words and bits read from and written to the edge buffers (SRAM). */
  sram: SramTraffic;
  /** Overflows of the edge adders that sum K-fold partial results (WS, IS). */
  edgeOverflows: { count: number };
}

export interface SramTraffic {
  reads: number;
  writes: number;
  readBits: number;
  writeBits: number;
}
