// Per-PE event counters (row-major, R·C entries each), kept in float64: exact to 2^53, far past 2^32.

export const TOGGLE_COUNTERS = ['aReg', 'bReg', 'accReg', 'product', 'ppArray'] as const;
export type ToggleCounter = (typeof TOGGLE_COUNTERS)[number];

export interface PeCounters {
  macs: Float64Array;
  /** Cycles in which at least one of the PE's registers took a valid value (MAC or forwarding). */
  activeCycles: Float64Array;
  /** Σ over cycles of the flops that were clocked (the clock-tree load the power model charges). */
  clockedFlops: Float64Array;
  overflows: Float64Array;
  toggles: Record<ToggleCounter, Float64Array>;
  /** Toggles of the shadow (load) buffer of the stationary operand: pipelined WS/IS only. */
  shadowReg: Float64Array;
  /** MACs whose zero operand isolated the multiplier and adder: gating zero only. */
  gatedMacs: Float64Array;
}

export function createCounters(pes: number): PeCounters {
  const f = () => new Float64Array(pes);
  return {
    macs: f(),
    activeCycles: f(),
    clockedFlops: f(),
    overflows: f(),
    toggles: { aReg: f(), bReg: f(), accReg: f(), product: f(), ppArray: f() },
    shadowReg: f(),
    gatedMacs: f(),
  };
}

export function sumOf(xs: Float64Array): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i] as number;
  return s;
}
