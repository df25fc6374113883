// docs/power-model.md: per-PE energy from the toggle counters and a technology file.
//   registers  = Σ operand regs (base + width·W)·toggles + flopData·toggles(acc), shadow registers as operand regs
//   multiplier = glitch_mul · scale_mul · ppToggle · PPHD + zeroDetectBit · detected bits · MACs (gating zero)
//   adder      = glitch_add · scale_add · (accToggle·HD(acc) + productToggle·HD(product))
//   clock      = clockPerFlop · clocked flop-cycles
//   leakage    = leakFraction · reference dynamic energy per cycle · cycles · (f_tech / f)
import type { Price } from '../pe/energy-profile.js';
import type { PeModel } from '../pe/pe-model.js';
import type { PeCounters } from '../dataflow/pe-counters.js';
import type { Tech } from './tech.js';

export const ENERGY_COMPONENTS = ['registers', 'multiplier', 'adder', 'clock', 'leakage'] as const;
export type EnergyComponent = (typeof ENERGY_COMPONENTS)[number];

const FJ_PER_PJ = 1000;

/** A price the PE names, in the technology's numbers: its coefficients' product, times its factors, over its divisor. */
function priced(tech: Tech, p: Price): number {
  let v = 1;
  for (const key of p.of) v *= tech.coefficients[key].value;
  for (const t of p.times ?? []) v *= t;
  return v / (p.per ?? 1);
}

/** Multiplier energy per partial-product toggle and adder energy per accumulator / product bit toggle, in fJ. */
export function toggleEnergies(tech: Tech, pe: PeModel): { pp: number; accBit: number; productBit: number } {
  const c = tech.coefficients;
  const add = priced(tech, pe.energy.adder);
  return { pp: priced(tech, pe.energy.partialProduct), accBit: add * c.adderAccToggle.value, productBit: add * c.adderProductToggle.value };
}

/** Horowitz-anchored energy (pJ) of one multiply and one accumulate of this PE, scaled by width. */
export function anchorEnergies(tech: Tech, pe: PeModel): { mul: number; add: number } {
  const { multiplyAnchor, accumulateAnchor } = pe.energy;
  return { mul: multiplyAnchor ? priced(tech, multiplyAnchor) : 0, add: priced(tech, accumulateAnchor) };
}

/** Leakage energy per PE per cycle at the given clock (pJ): a fraction of the PE's reference dynamic power. */
export function leakagePerCyclePj(tech: Tech, pe: PeModel, clockMhz: number, extras: PeExtras = NO_EXTRAS): number {
  const c = tech.coefficients;
  const a = anchorEnergies(tech, pe);
  const flops = pe.aBits + pe.bBits + pe.accBits + extras.shadowBits;
  const referencePj = a.mul + a.add + (c.clockPerFlop.value * flops) / FJ_PER_PJ;
  return c.leakFraction.value * referencePj * (tech.clockMhz / clockMhz);
}

export type PeEnergy = Record<EnergyComponent | 'total', Float64Array>;

/** What the microarchitecture and gating add to every PE: a shadow register of the stationary operand, zero detectors. */
export interface PeExtras {
  /** Width of the pipelined array's shadow register (0: none). */
  shadowBits: number;
  /** Operand bits that zero detectors watch on every MAC (gating zero; 0: none). */
  detectedBits: number;
}

export const NO_EXTRAS: PeExtras = { shadowBits: 0, detectedBits: 0 };

/** Energy of every PE (pJ) by component, for an op that took `cycles` cycles. */
export function peEnergy(tech: Tech, pe: PeModel, counters: PeCounters, cycles: number, clockMhz: number, extras: PeExtras = NO_EXTRAS): PeEnergy {
  const c = tech.coefficients;
  const t = counters.toggles;
  const pes = counters.macs.length;
  const regA = c.regToggleBase.value + c.regToggleWidth.value * pe.aBits;
  const regB = c.regToggleBase.value + c.regToggleWidth.value * pe.bBits;
  const regShadow = extras.shadowBits > 0 ? c.regToggleBase.value + c.regToggleWidth.value * extras.shadowBits : 0;
  const detectPerMac = c.zeroDetectBit.value * extras.detectedBits;
  const te = toggleEnergies(tech, pe);
  const leak = leakagePerCyclePj(tech, pe, clockMhz, extras) * cycles;
  const out: PeEnergy = {
    registers: new Float64Array(pes),
    multiplier: new Float64Array(pes),
    adder: new Float64Array(pes),
    clock: new Float64Array(pes),
    leakage: new Float64Array(pes),
    total: new Float64Array(pes),
  };
  const setup = c.flopDataToggle.value * pe.setup.flopToggles;
  for (let p = 0; p < pes; p++) {
    let registers = (regA * t.aReg[p]! + regB * t.bReg[p]! + c.flopDataToggle.value * t.accReg[p]! + setup) / FJ_PER_PJ;
    let multiplier = (te.pp * t.ppArray[p]!) / FJ_PER_PJ;
    // Added only when present, so that simple valid-gated energies keep their bits.
    if (regShadow > 0) registers += (regShadow * counters.shadowReg[p]!) / FJ_PER_PJ;
    if (detectPerMac > 0) multiplier += (detectPerMac * counters.macs[p]!) / FJ_PER_PJ;
    const adder = (te.accBit * t.accReg[p]! + te.productBit * t.product[p]!) / FJ_PER_PJ;
    const clock = (c.clockPerFlop.value * counters.clockedFlops[p]!) / FJ_PER_PJ;
    out.registers[p] = registers;
    out.multiplier[p] = multiplier;
    out.adder[p] = adder;
    out.clock[p] = clock;
    out.leakage[p] = leak;
    out.total[p] = registers + multiplier + adder + clock + leak;
  }
  return out;
}

/** Energy (pJ) of edge-buffer accesses to an SRAM of `kb` (default: the technology's flat edge buffer), per bit, by Horowitz's capacity law. */
export function sramEnergyPj(tech: Tech, bitsAccessed: number, kb = tech.sramKb): number {
  const c = tech.coefficients;
  const capacityFactor = (kb / c.sramReferenceKb.value) ** c.sramDepthExponent.value;
  return bitsAccessed * c.sramEnergyPerBit.value * capacityFactor;
}
