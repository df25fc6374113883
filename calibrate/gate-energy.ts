// Gate-level energy of a simulated netlist from its per-net transitions and the Liberty tables:
//   internal  — each output transition charges its cell's rise/fall internal energy (mean over the pin's arcs)
//               at the net's load and a fixed input transition;
//   pins      — input pins with their own (passive) internal energy, e.g. flop D and CLK pins, per transition;
//   switching — ½·C·V² per transition, C = Σ fanout pin capacitances + a wire estimate per fanout pin;
//   leakage   — Σ cell_leakage_power × simulated time.
import { lookupAt, type Library, type LibertyPin, type Table } from './liberty.js';
import type { Netlist } from './netlist.js';

/** Input transition at which every table is read (ns): an X1 cell driving a few fanouts in this library. */
export const INPUT_TRANSITION_NS = 0.1;
/** Wire capacitance per fanout pin (pF): a short local route (10–20 µm at ~0.1–0.2 fF/µm in 0.18 µm). */
export const WIRE_PF_PER_FANOUT = 0.002;

export interface GateEnergy {
  internal: number;
  pins: number;
  clockPins: number;
  switching: number;
  clockSwitching: number;
  leakage: number;
  total: number;
}

const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);

function arcEnergy(pin: LibertyPin, loadPf: number, edge: 'rise' | 'fall'): number {
  const tables = pin.internalPower.map((ip) => ip[edge]).filter((t): t is Table => t !== undefined);
  return mean(tables.map((t) => lookupAt(t, loadPf, INPUT_TRANSITION_NS)));
}

function cellOf(lib: Library, type: string) {
  const c = lib.cells.get(type);
  if (!c) throw new Error(`gate energy: cell ${type} is not in library ${lib.name}`);
  return c;
}

/** Energy in pJ; `clockNet` is the net id of the clock (its pins and switching are reported apart). */
export function gateEnergy(lib: Library, n: Netlist, rises: Float64Array, falls: Float64Array, cycles: number, periodNs: number, clockNet: number): GateEnergy {
  const loadPf = new Float64Array(n.nets);
  for (const c of n.cells) {
    const cell = cellOf(lib, c.type);
    for (const [pinName, net] of c.pins) {
      const pin = cell.pins.get(pinName);
      if (pin && pin.direction === 'input') loadPf[net]! += pin.capacitance + WIRE_PF_PER_FANOUT;
    }
  }
  const e: GateEnergy = { internal: 0, pins: 0, clockPins: 0, switching: 0, clockSwitching: 0, leakage: 0, total: 0 };
  const v2 = lib.voltage * lib.voltage;
  let leakNw = 0;
  for (const c of n.cells) {
    const cell = cellOf(lib, c.type);
    leakNw += cell.leakageNw;
    for (const [pinName, net] of c.pins) {
      const pin = cell.pins.get(pinName);
      if (!pin || pin.internalPower.length === 0) continue;
      const r = rises[net] as number;
      const f = falls[net] as number;
      if (r === 0 && f === 0) continue;
      if (pin.direction === 'output') {
        e.internal += r * arcEnergy(pin, loadPf[net] as number, 'rise') + f * arcEnergy(pin, loadPf[net] as number, 'fall');
      } else {
        const en = r * arcEnergy(pin, 0, 'rise') + f * arcEnergy(pin, 0, 'fall');
        if (net === clockNet) e.clockPins += en;
        else e.pins += en;
      }
    }
  }
  for (let net = 0; net < n.nets; net++) {
    const sw = 0.5 * (loadPf[net] as number) * v2 * ((rises[net] as number) + (falls[net] as number));
    if (net === clockNet) e.clockSwitching += sw;
    else e.switching += sw;
  }
  e.leakage = leakNw * cycles * periodNs * 1e-6; // nW·ns = 1e-18 J = 1e-6 pJ
  e.total = e.internal + e.pins + e.clockPins + e.switching + e.clockSwitching + e.leakage;
  return e;
}
