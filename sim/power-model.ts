// docs/power-model.md: per-PE energy from the toggle counters and a technology file.
//   registers  = Σ operand regs (base + width·W)·toggles + flopData·toggles(acc)
//   multiplier = glitch_mul · scale_mul · ppToggle · PPHD
//   adder      = glitch_add · scale_add · (accToggle·HD(acc) + productToggle·HD(product))
//   clock      = clockPerFlop · clocked flop-cycles
//   leakage    = leakFraction · reference dynamic energy per cycle · cycles · (f_tech / f)
import type { PeModel } from '../pe/pe-model.js';
import type { PeCounters } from '../dataflow/pe-counters.js';
import type { Tech } from './tech.js';

export const ENERGY_COMPONENTS = ['registers', 'multiplier', 'adder', 'clock', 'leakage'] as const;
export type EnergyComponent = (typeof ENERGY_COMPONENTS)[number];

const FJ_PER_PJ = 1000;

export function adderScale(tech: Tech, pe: PeModel): number {
  const c = tech.coefficients;
  if (pe.spec.kind !== 'float') return c.addScaleInt.value;
  return pe.spec.acc === 'fp32' ? c.addScaleFp32Acc.value : c.addScaleFp16Acc.value;
}

/**
 * Multiplier energy per partial-product toggle and adder energy per accumulator / product bit toggle, in fJ.
 * A shift PE's "partial products" are its crossbar's switch outputs: a pass gate into an OR tree, charged like an
 * accumulator-bit toggle of the int adder, without a glitch factor (no carry chain).
 */
export function toggleEnergies(tech: Tech, pe: PeModel): { pp: number; accBit: number; productBit: number } {
  const c = tech.coefficients;
  const spec = pe.spec;
  const addGlitch = spec.kind === 'float' ? c.floatAdderGlitch.value : c.intAdderGlitch.value;
  const add = addGlitch * adderScale(tech, pe);
  let pp: number;
  if (spec.kind === 'shift') pp = c.adderAccToggle.value * c.addScaleInt.value;
  // A LUT word-line toggle switches the pass gates of one table row: an operand-register bit toggle per cell.
  else if (spec.kind === 'lut') pp = c.regToggleBase.value * pe.lut!.entryBits;
  else pp = c.mulGlitch.value * c.ppToggle.value * (spec.kind === 'int' ? c.mulScaleInt : { fp16: c.mulScaleFp16, bf16: c.mulScaleBf16, fp32: c.mulScaleFp32 }[spec.format]).value;
  return { pp, accBit: add * c.adderAccToggle.value, productBit: add * c.adderProductToggle.value };
}

/** Horowitz-anchored energy (pJ) of one multiply and one accumulate of this PE kind, scaled by width. */
export function anchorEnergies(tech: Tech, pe: PeModel): { mul: number; add: number } {
  const c = tech.coefficients;
  const spec = pe.spec;
  if (spec.kind === 'int') {
    return { mul: (c.anchorInt8Mul.value * spec.aBits * spec.bBits) / 64, add: (c.anchorInt32Add.value * pe.accBits) / 32 };
  }
  // Shifters and lookup tables have no Horowitz figure; their leakage reference is the accumulator and the flops.
  if (spec.kind === 'shift' || spec.kind === 'lut') return { mul: 0, add: (c.anchorInt32Add.value * pe.accBits) / 32 };
  const mul = { fp16: c.anchorFp16Mul, bf16: c.anchorBf16Mul, fp32: c.anchorFp32Mul }[spec.format].value;
  return { mul, add: spec.acc === 'fp32' ? c.anchorFp32Add.value : c.anchorFp16Add.value };
}

/** Leakage energy per PE per cycle at the given clock (pJ): a fraction of the PE's reference dynamic power. */
export function leakagePerCyclePj(tech: Tech, pe: PeModel, clockMhz: number): number {
  const c = tech.coefficients;
  const a = anchorEnergies(tech, pe);
  const flops = pe.aBits + pe.bBits + pe.accBits;
  const referencePj = a.mul + a.add + (c.clockPerFlop.value * flops) / FJ_PER_PJ;
  return c.leakFraction.value * referencePj * (tech.clockMhz / clockMhz);
}

export type PeEnergy = Record<EnergyComponent | 'total', Float64Array>;

/** Energy of every PE (pJ) by component, for an op that took `cycles` cycles. */
export function peEnergy(tech: Tech, pe: PeModel, counters: PeCounters, cycles: number, clockMhz: number): PeEnergy {
  const c = tech.coefficients;
  const t = counters.toggles;
  const pes = counters.macs.length;
  const regA = c.regToggleBase.value + c.regToggleWidth.value * pe.aBits;
  const regB = c.regToggleBase.value + c.regToggleWidth.value * pe.bBits;
  const te = toggleEnergies(tech, pe);
  const leak = leakagePerCyclePj(tech, pe, clockMhz) * cycles;
  const out: PeEnergy = {
    registers: new Float64Array(pes),
    multiplier: new Float64Array(pes),
    adder: new Float64Array(pes),
    clock: new Float64Array(pes),
    leakage: new Float64Array(pes),
    total: new Float64Array(pes),
  };
  // A LUT PE writes its table once per op (from zero): the bits set are flop toggles.
  const tableLoad = pe.lut ? c.flopDataToggle.value * pe.lut.loadToggles : 0;
  for (let p = 0; p < pes; p++) {
    const registers = (regA * t.aReg[p]! + regB * t.bReg[p]! + c.flopDataToggle.value * t.accReg[p]! + tableLoad) / FJ_PER_PJ;
    const multiplier = (te.pp * t.ppArray[p]!) / FJ_PER_PJ;
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

/** Energy (pJ) of edge-buffer accesses: per bit, scaled from the reference SRAM size by the CACTI depth fit. */
export function sramEnergyPj(tech: Tech, bitsAccessed: number): number {
  const c = tech.coefficients;
  const depthFactor = (tech.sramKb / c.sramReferenceKb.value) ** c.sramDepthExponent.value;
  return bitsAccessed * c.sramEnergyPerBit.value * depthFactor;
}
