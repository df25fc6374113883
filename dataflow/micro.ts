// The array's microarchitecture: `simple` (a fold starts when the previous one has left the array) or `pipelined`
// (double-buffered stationary registers: a WS/IS fold's load overlaps the previous fold's stream, and OS folds
// follow each other without waiting for the previous fold to drain). docs/microarchitecture.md has both, register by register.
import { InputError } from '../core/input-error.js';

const NAMES = ['simple', 'pipelined'] as const;
export type Micro = (typeof NAMES)[number];
export const MICROS: readonly Micro[] = NAMES;

export function checkMicro(name: string, gating: string): Micro {
  if (!(MICROS as readonly string[]).includes(name)) throw new InputError(`micro: "${name}" is not allowed; allowed ${MICROS.join(', ')}`);
  // An ungated pipelined array would clock both stationary buffers every cycle: not modelled.
  if (name === 'pipelined' && gating === 'none') throw new InputError(`micro: "pipelined" is not modelled with gating none; allowed gating valid or zero with micro pipelined`);
  return name as Micro;
}
