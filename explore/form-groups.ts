// How the explorer's form lays out the run options: every option of `systolic run` but `array` (rows and columns
// say the same), in groups; and the values shown filled in for options whose default the resolver derives.
import type { RUN_OPTIONS } from '../workloads/run-options.js';

export type OptionKey = keyof typeof RUN_OPTIONS;

export const FORM_GROUPS: [string, OptionKey[]][] = [
  ['Model', ['model', 'tokens', 'dim', 'heads', 'scope', 'blocks', 'batch']],
  ['Array', ['rows', 'cols', 'dataflow', 'gating', 'micro']],
  ['Orders and PEs', ['order', 'floatPe', 'pe']],
  ['Bit widths and quantizers', ['wbits', 'abits', 'pbits', 'pquant', 'wquant', 'redundancy', 'zeroPoints', 'calibration', 'reparam', 'softmax']],
  ['Technology', ['tech', 'clockMhz']],
  ['Memory', ['sramKb', 'bandwidth', 'memory', 'dram', 'banks']],
  ['Data', ['seed', 'weights', 'block', 'input', 'topology', 'topologyFormat']],
  ['Simulation', ['engine']],
];

/** The model and array size the resolver falls back to (`--model` and `--array` defaults), shown in the form. */
export const PREFILLED: Partial<Record<OptionKey, string>> = { model: 'deit-tiny', rows: '16', cols: '16' };
