// Areas from the gate-level flow (docs/area.md): each calibrated PE and its multiplier and adder alone, synthesized
// to the library's cells and measured by yosys `stat -liberty`, and the technology file's area coefficients fit to
// them, so that re-running the calibration regenerates both.
import { join } from 'node:path';
import type { AreaKey } from '../pe/area-profile.js';
import { createPe } from '../pe/catalog.js';
import type { Coefficient, Tech } from '../sim/tech.js';
import type { Library } from './liberty.js';
import { ACC_DEPTH, CALIBRATED_PES, calibrationSpec, peVerilog, type CalibratedPe } from './measure.js';
import { synthesize } from './synthesize.js';

export interface PeArea {
  pe: CalibratedPe;
  aBits: number;
  bBits: number;
  accBits: number;
  /** µm² of the PE's netlist (the one the energy is measured on), and of its multiplier and adder synthesized alone. */
  area: number;
  multiplier: number;
  adder: number;
  /** Its flip-flops and their cells' area. */
  flops: number;
  flopArea: number;
}

/** Every calibrated PE kind, whatever `--pe` says: the area coefficients need them all, and synthesis is cached. */
export function synthesizedAreas(liberty: string, lib: Library, workDir: string): PeArea[] {
  const dir = join(workDir, 'netlists');
  return CALIBRATED_PES.map((name) => {
    const pe = createPe(calibrationSpec(name), ACC_DEPTH);
    const v = peVerilog(pe);
    const syn = synthesize(v, liberty, dir);
    const seq = syn.netlist.cells.flatMap((c) => {
      const cell = lib.cells.get(c.type);
      return cell?.isSequential ? [cell] : [];
    });
    return {
      pe: name,
      aBits: pe.aBits,
      bBits: pe.bBits,
      accBits: pe.accBits,
      area: syn.area,
      multiplier: synthesize({ ...v, top: v.multiplier }, liberty, dir).area,
      adder: synthesize({ ...v, top: v.adder }, liberty, dir).area,
      flops: seq.length,
      flopArea: seq.reduce((s, c) => s + c.area, 0),
    };
  });
}

/** y ≈ c·x through the origin, least squares: dominated by the widest components, whose area matters most. */
const slope = (pts: [number, number][]) => pts.reduce((s, [x, y]) => s + x * y, 0) / pts.reduce((s, [x]) => s + x * x, 0);

/**
 * The area coefficients: the flop cell, int multipliers per a·b cell and int adders per bit (least squares over
 * int2..int16), each float multiplier and the fp32 adder as synthesized, the 2:1 multiplexer cell of the library.
 */
export function areaCoefficients(areas: PeArea[], lib: Library, base: Tech, measured: string): Record<AreaKey, Coefficient> {
  const by = (pe: CalibratedPe) => areas.find((a) => a.pe === pe)!;
  const ints = areas.filter((a) => a.pe.startsWith('int'));
  const floats = areas.filter((a) => !a.pe.startsWith('int'));
  const b = base.coefficients;
  const coeff = (value: number, unit: string, source: string): Coefficient => ({ value, unit, source });
  const flops = areas.reduce((s, a) => s + a.flops, 0);
  const fp32Add = floats.reduce((s, a) => s + a.adder, 0) / floats.length;
  const mux = [...lib.cells].filter(([name]) => /^MUX2/i.test(name)).sort(([, x], [, y]) => x.area - y.area)[0];
  if (!mux) throw new Error(`${lib.name}: no 2:1 multiplexer cell (MUX2*); the area of a LUT read tree or a shift crossbar needs one`);
  return {
    areaFlop: coeff(areas.reduce((s, a) => s + a.flopArea, 0) / flops, b.areaFlop.unit, `${measured}: the flop cells of the PE netlists, mean area per flop`),
    areaIntMulCell: coeff(slope(ints.map((a) => [a.aBits * a.bBits, a.multiplier])), b.areaIntMulCell.unit, `${measured}: int2..int16 multipliers synthesized alone, least squares of area against aBits·bBits`),
    areaIntAdderBit: coeff(slope(ints.map((a) => [a.accBits, a.adder])), b.areaIntAdderBit.unit, `${measured}: the int2..int16 accumulate adders (16..44 bits) synthesized alone, least squares of area against width`),
    areaFp16Mul: coeff(by('fp16').multiplier, b.areaFp16Mul.unit, `${measured}: the fp16 multiplier (to an fp32 product) synthesized alone`),
    areaBf16Mul: coeff(by('bf16').multiplier, b.areaBf16Mul.unit, `${measured}: the bf16 multiplier (to an fp32 product) synthesized alone`),
    areaFp32Mul: coeff(by('fp32').multiplier, b.areaFp32Mul.unit, `${measured}: the fp32 multiplier synthesized alone`),
    areaFp16Add: coeff((fp32Add * b.areaFp16Add.value) / b.areaFp32Add.value, b.areaFp16Add.unit, `not calibrated (no fp16 adder netlist): areaFp32Add × the ${base.name} ratio areaFp16Add / areaFp32Add`),
    areaFp32Add: coeff(fp32Add, b.areaFp32Add.unit, `${measured}: the fp32 adder of the float PEs synthesized alone`),
    areaMux2: coeff(mux[1].area, b.areaMux2.unit, `${lib.name}: cell ${mux[0]}`),
  };
}

/** The PE netlists' areas by kind: the reference the area model is compared with. */
export function peAreaEntries(areas: PeArea[], measured: string): Record<CalibratedPe, Coefficient> {
  return Object.fromEntries(areas.map((a) => [a.pe, { value: a.area, unit: 'µm² per PE', source: `${measured}: the ${a.pe} PE netlist (A, B and accumulator registers, multiplier, adder)` }])) as Record<CalibratedPe, Coefficient>;
}
