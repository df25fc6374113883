// Colours of every page: one per operand order, one per energy component, a series style (colour and dash) that
// does not repeat, and the heatmap ramp. Fixed tables, so the same thing has the same colour in every chart.
import type { EnergyKey } from '../sim/op-result.js';

export const ORDER_COLOURS: Record<string, string> = { before: '#d95f02', after: '#1b6ca8' };

/** Energy components in stacking order (array first, then outside it), each its own hue. */
export const COMPONENT_COLOURS: Record<Exclude<EnergyKey, 'total'> | 'dram', string> = {
  registers: '#4e79a7',
  multiplier: '#f28e2b',
  adder: '#59a14f',
  clock: '#b07aa1',
  leakage: '#9c755f',
  sram: '#76b7b2',
  dram: '#edc948',
  edge: '#e15759',
};
export const COMPONENTS = Object.keys(COMPONENT_COLOURS) as (keyof typeof COMPONENT_COLOURS)[];

/** 24 colours, distinct to the eye side by side: dark and light members of twelve hue families. */
const SERIES_COLOURS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#393b79', '#637939',
  '#aec7e8', '#ffbb78', '#98df8a', '#ff9896', '#c5b0d5', '#c49c94', '#f7b6d2', '#c7c7c7', '#dbdb8d', '#9edae5', '#8c6d31', '#843c39',
];

const DASHES: number[][] = [[], [6, 2], [2, 2], [8, 3, 2, 3]];

export interface SeriesStyle {
  colour: string;
  dash: number[];
}

/**
 * Series i: colour i mod 24, dash (i + ⌊i/24⌋) mod 4. Colours never repeat up to 24 series, neighbours differ in
 * dash too, and no two series share both colour and dash up to 96 (24 is a multiple of 4, so series 24 apart share
 * a colour but their dash moves on by one).
 */
export function seriesStyle(i: number): SeriesStyle {
  return { colour: SERIES_COLOURS[i % SERIES_COLOURS.length]!, dash: DASHES[(i + Math.floor(i / SERIES_COLOURS.length)) % DASHES.length]! };
}

const VIRIDIS = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

/** The heatmap ramp (viridis) at t in [0, 1]: dark blue at 0, yellow at 1. */
export function ramp(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const c = VIRIDIS[i]!.map((a, k) => Math.round(a + (VIRIDIS[i + 1]![k]! - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** The ramp as a CSS gradient from bottom (0) to top (1), for colour bars. */
export const RAMP_GRADIENT = `linear-gradient(to top, ${VIRIDIS.map((c) => `rgb(${c.join(',')})`).join(', ')})`;
