// Turns fitted coefficients into a technology file in the schema of tech/45nm.json (validated by sim/tech.ts).
// Glitches are in the gate-level simulation (cell delays), so the glitch factors are 1 and the scales carry them.
// Areas come from the same flow's netlists (calibrate/area.ts).
import { createPe } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { meanEnergyPerMac } from '../sim/calibration.js';
import { leakagePerCyclePj } from '../sim/power-model.js';
import { parseTech, type Coefficient, type CoefficientName, type Tech } from '../sim/tech.js';
import { areaCoefficients, peAreaEntries, type PeArea } from './area.js';
import type { FittedCoefficients } from './fit.js';
import type { Library } from './liberty.js';
import type { Measurement } from './measure.js';
import { calibrationSpec } from './measure.js';

export interface Provenance {
  /** The command line that produced the file. */
  command: string;
  /** Tool versions, e.g. "yosys 0.23 + osu018". */
  tools: string;
  date: string;
  vdd: number;
  periodNs: number;
  base: Tech;
}

export function buildTech(f: FittedCoefficients, ms: Measurement[], areas: PeArea[], lib: Library, p: Provenance): Tech {
  const fit = `fit by \`${p.command}\` against ${p.tools} gate level, ${p.date}`;
  const measured = `\`stat -liberty\` of ${p.tools} netlists, this flow (\`${p.command}\`, ${p.date})`;
  const coeff = (value: number, unit: string, source: string): Coefficient => ({ value, unit, source });
  const base = p.base.coefficients;
  const ppToggle = f.ppInt > 0 ? f.ppInt : 1;
  const c = {} as Record<CoefficientName, Coefficient>;
  c.regToggleBase = coeff(f.regToggleBase, base.regToggleBase.unit, `${fit}; includes the operand bit's fan-out into the multiplier array`);
  c.regToggleWidth = coeff(f.regToggleWidth, base.regToggleWidth.unit, fit);
  c.flopDataToggle = coeff(f.flopDataToggle, base.flopDataToggle.unit, fit);
  c.clockPerFlop = coeff(f.clockPerFlop, base.clockPerFlop.unit, `${fit}; ideal clock net: CLK pin internal energy and ½CV² of the CLK pins`);
  c.ppToggle = coeff(ppToggle, base.ppToggle.unit, `${fit} (int multipliers, mulScaleInt = 1)`);
  const glitch = `1: the gate-level simulation runs with cell delays (iverilog -gspecify), so glitches are in the fitted energies`;
  c.mulGlitch = coeff(1, base.mulGlitch.unit, glitch);
  c.intAdderGlitch = coeff(1, base.intAdderGlitch.unit, glitch);
  c.floatAdderGlitch = coeff(1, base.floatAdderGlitch.unit, glitch);
  c.adderAccToggle = coeff(f.adderAccToggle, base.adderAccToggle.unit, `${fit} (int adder, addScaleInt = 1)`);
  c.adderProductToggle = coeff(f.adderProductToggle, base.adderProductToggle.unit, `${fit} (int adder, addScaleInt = 1)`);
  c.mulScaleInt = coeff(f.ppInt / ppToggle, 'dimensionless', `${fit}; 1 by construction (ppToggle is the int value)`);
  c.mulScaleFp16 = coeff(f.ppFp16 / ppToggle, 'dimensionless', `${fit}: fp16 multiplier energy per partial-product toggle / ppToggle`);
  c.mulScaleBf16 = coeff(f.ppBf16 / ppToggle, 'dimensionless', `${fit}: bf16 multiplier energy per partial-product toggle / ppToggle`);
  c.mulScaleFp32 = coeff(f.ppFp32 / ppToggle, 'dimensionless', `${fit}: fp32 multiplier energy per partial-product toggle / ppToggle`);
  c.addScaleInt = coeff(1, 'dimensionless', `${fit}; 1 by construction (the adder toggle energies are the int values)`);
  c.addScaleFp32Acc = coeff(f.addScaleFloat, 'dimensionless', `${fit}: fp32 adder per-toggle energy relative to the int adder`);
  c.addScaleFp16Acc = coeff(f.addScaleFloat, 'dimensionless', `not calibrated (no fp16-accumulator netlist): assumed equal to addScaleFp32Acc`);
  // Anchors: the calibrated model's own means on the tech:derive stream, so re-deriving the scales reproduces them.
  for (const k of ['anchorInt8Mul', 'anchorInt16Mul', 'anchorInt8Add', 'anchorInt32Add', 'anchorInt32Mul', 'anchorFp16Mul', 'anchorBf16Mul', 'anchorFp32Mul', 'anchorFp16Add', 'anchorFp32Add', 'leakFraction'] as const) {
    c[k] = coeff(1, base[k].unit, 'placeholder');
  }
  const scaled = (180 / p.base.nodeNm) * (p.vdd / p.base.vdd) ** 2; // C ∝ feature size, E ∝ C·V²
  for (const k of ['sramEnergyPerBit', 'sramReferenceKb', 'sramDepthExponent'] as const) c[k] = { ...base[k] };
  c.sramEnergyPerBit = coeff(base.sramEnergyPerBit.value * scaled, base.sramEnergyPerBit.unit, `not calibrated: the ${p.base.name} value × (180/${p.base.nodeNm})·(${p.vdd}/${p.base.vdd})² = ${scaled} (C ∝ feature size, E ∝ C·V²)`);
  Object.assign(c, areaCoefficients(areas, lib, p.base, measured));
  const tech: Tech = {
    name: '180nm',
    description: `180 nm, ${p.vdd} V (OSU 0.18 µm standard cells, Debian qflow-tech-osu018). Per-toggle coefficients fit by \`${p.command}\` to gate-level energy of synthesized PEs (${p.tools}) on the simulator's own operand streams; see docs/calibration.md.`,
    nodeNm: 180,
    vdd: p.vdd,
    clockMhz: 1000 / p.periodNs,
    sramKb: p.base.sramKb,
    coefficients: c,
    peAreas: peAreaEntries(areas, measured),
    // DRAM is off chip: the same energy per bit at every node.
    ...(p.base.dram && { dram: p.base.dram }),
  };
  const mean = (spec: PeSpec) => meanEnergyPerMac(spec, tech);
  const int8: PeSpec = { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, accBits: 32, overflow: 'wrap' };
  const i8 = mean(int8);
  const derived = `the calibrated model's mean per MAC on the tech:derive stream (sim/calibration.ts), so npm run tech:derive reproduces the fitted scales`;
  c.anchorInt8Mul = coeff(i8.multiplier, base.anchorInt8Mul.unit, derived);
  c.anchorInt32Add = coeff(i8.adder, base.anchorInt32Add.unit, `${derived} (int8 PE, 32-bit accumulator)`);
  c.zeroDetectBit = coeff(
    (i8.adder / 32 / 5) * 1000,
    base.zeroDetectBit.unit,
    `derived as in tech/45nm.json from this file's anchorInt32Add (the calibrated 32-bit accumulate, ${i8.adder.toFixed(3)} pJ): per bit /32, per two-input gate /5 (a full adder of about five gates); a W-bit zero detector is a NOR tree of about W two-input gates, evaluated on every MAC`,
  );
  c.anchorInt32Mul = coeff(i8.multiplier * 16, base.anchorInt32Mul.unit, 'anchorInt8Mul × (32·32)/(8·8): the model scales int multipliers by aBits·bBits');
  c.anchorInt16Mul = coeff(i8.multiplier * 4, base.anchorInt16Mul.unit, 'anchorInt8Mul × (16·16)/(8·8): the model scales int multipliers by aBits·bBits');
  c.anchorInt8Add = coeff(i8.adder / 4, base.anchorInt8Add.unit, 'anchorInt32Add × 8/32: adders scale linearly with width');
  c.anchorFp16Mul = coeff(mean({ kind: 'float', format: 'fp16', acc: 'fp32' }).multiplier, base.anchorFp16Mul.unit, derived);
  c.anchorBf16Mul = coeff(mean({ kind: 'float', format: 'bf16', acc: 'fp32' }).multiplier, base.anchorBf16Mul.unit, derived);
  const fp32 = mean({ kind: 'float', format: 'fp32', acc: 'fp32' });
  c.anchorFp32Mul = coeff(fp32.multiplier, base.anchorFp32Mul.unit, derived);
  c.anchorFp32Add = coeff(fp32.adder, base.anchorFp32Add.unit, derived);
  c.anchorFp16Add = coeff(mean({ kind: 'float', format: 'fp16', acc: 'fp16' }).adder, base.anchorFp16Add.unit, `${derived}; fp16 accumulator not calibrated (addScaleFp16Acc)`);
  // Leakage: gate-level leakage over the model's reference energy, averaged over the measurements.
  c.leakFraction = coeff(0, base.leakFraction.unit, 'placeholder');
  const ratios = ms.map((m) => {
    const pe = createPe(calibrationSpec(m.pe), m.k);
    const refPerCycle = leakagePerCyclePj({ ...tech, coefficients: { ...c, leakFraction: coeff(1, '-', '-') } }, pe, tech.clockMhz);
    return m.gate.leakage / (refPerCycle * (m.timeNs / p.periodNs));
  });
  const leak = ratios.reduce((s, r) => s + r, 0) / Math.max(1, ratios.length);
  c.leakFraction = coeff(leak, base.leakFraction.unit, `${fit}: Σ cell_leakage_power × time over the model's reference energy per cycle, mean over the calibration runs`);
  return parseTech(JSON.parse(JSON.stringify(tech)), 'calibrated tech');
}
