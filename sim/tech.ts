// Technology files: every power-model and area coefficient with its value, unit and source. The core never reads files:
// the CLI parses JSON and hands the object to parseTech, which validates every field.
import defaultTechJson from '../tech/45nm.json' with { type: 'json' };
import { InputError } from '../core/input-error.js';
import { PE_NAMES, type PeName } from '../pe/catalog.js';

export interface Coefficient {
  value: number;
  unit: string;
  source: string;
}

export const COEFFICIENT_NAMES = [
  'regToggleBase',
  'regToggleWidth',
  'flopDataToggle',
  'clockPerFlop',
  'ppToggle',
  'mulGlitch',
  'intAdderGlitch',
  'floatAdderGlitch',
  'adderAccToggle',
  'adderProductToggle',
  'mulScaleInt',
  'mulScaleFp16',
  'mulScaleBf16',
  'mulScaleFp32',
  'addScaleInt',
  'addScaleFp32Acc',
  'addScaleFp16Acc',
  'anchorInt8Mul',
  'anchorInt16Mul',
  'anchorInt8Add',
  'anchorInt32Add',
  'anchorInt32Mul',
  'anchorFp16Mul',
  'anchorBf16Mul',
  'anchorFp32Mul',
  'anchorFp16Add',
  'anchorFp32Add',
  'zeroDetectBit',
  'leakFraction',
  'sramEnergyPerBit',
  'sramReferenceKb',
  'sramDepthExponent',
  'areaFlop',
  'areaIntMulCell',
  'areaIntAdderBit',
  'areaFp16Mul',
  'areaBf16Mul',
  'areaFp32Mul',
  'areaFp16Add',
  'areaFp32Add',
  'areaMux2',
] as const;
export type CoefficientName = (typeof COEFFICIENT_NAMES)[number];

export interface Tech {
  name: string;
  description: string;
  nodeNm: number;
  vdd: number;
  clockMhz: number;
  sramKb: number;
  coefficients: Record<CoefficientName, Coefficient>;
  /** Gate-level areas of whole PEs by kind (180 nm: the calibration's netlists), the reference of the area model. */
  peAreas?: Partial<Record<PeName, Coefficient>>;
  /** Energy per bit moved to or from DRAM, by technology name (`--dram`); off chip, so the same at every node. */
  dram?: Record<string, Coefficient>;
}

function positiveNumber(field: string, v: unknown, allowZero = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (!allowZero && v === 0)) {
    throw new InputError(`${field}: ${JSON.stringify(v)} is not allowed; allowed a finite number ${allowZero ? '≥ 0' : '> 0'}`);
  }
  return v;
}

function text(field: string, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw new InputError(`${field}: ${JSON.stringify(v)} is not allowed; allowed a non-empty string`);
  return v;
}

export function parseTech(json: unknown, where = 'tech'): Tech {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InputError(`${where}: not a JSON object; a technology file is an object with name, nodeNm, vdd, clockMhz, sramKb, coefficients`);
  }
  const o = json as Record<string, unknown>;
  const coeffs = o['coefficients'];
  if (typeof coeffs !== 'object' || coeffs === null) throw new InputError(`${where}.coefficients: missing; allowed an object of {value, unit, source}`);
  const tech: Tech = {
    name: text(`${where}.name`, o['name']),
    description: text(`${where}.description`, o['description']),
    nodeNm: positiveNumber(`${where}.nodeNm`, o['nodeNm']),
    vdd: positiveNumber(`${where}.vdd`, o['vdd']),
    clockMhz: positiveNumber(`${where}.clockMhz`, o['clockMhz']),
    sramKb: positiveNumber(`${where}.sramKb`, o['sramKb']),
    coefficients: entries(`${where}.coefficients`, coeffs, COEFFICIENT_NAMES, 'coefficient'),
  };
  const peAreas = o['peAreas'];
  if (peAreas !== undefined) {
    if (typeof peAreas !== 'object' || peAreas === null) throw new InputError(`${where}.peAreas: ${JSON.stringify(peAreas)} is not allowed; allowed an object of {value, unit, source} by PE kind`);
    tech.peAreas = entries(`${where}.peAreas`, peAreas, PE_NAMES.filter((k) => k in peAreas), 'PE kind', PE_NAMES);
  }
  const dram = o['dram'];
  if (dram !== undefined) {
    if (typeof dram !== 'object' || dram === null || Array.isArray(dram)) throw new InputError(`${where}.dram: ${JSON.stringify(dram)} is not allowed; allowed an object of {value, unit, source} by DRAM name`);
    tech.dram = entries(`${where}.dram`, dram, Object.keys(dram), 'DRAM');
  }
  return tech;
}

/** Every entry `required` names, each a {value, unit, source}; keys outside `allowed` are refused by name. */
function entries<K extends string>(where: string, json: object, required: readonly K[], what: string, allowed: readonly string[] = required): Record<K, Coefficient> {
  const c = json as Record<string, unknown>;
  const parsed = {} as Record<K, Coefficient>;
  for (const name of required) {
    const entry = c[name];
    const f = `${where}.${name}`;
    if (typeof entry !== 'object' || entry === null) throw new InputError(`${f}: missing; allowed an object {value, unit, source}`);
    const e = entry as Record<string, unknown>;
    parsed[name] = { value: positiveNumber(`${f}.value`, e['value'], true), unit: text(`${f}.unit`, e['unit']), source: text(`${f}.source`, e['source']) };
  }
  for (const name of Object.keys(c)) {
    if (!allowed.includes(name)) throw new InputError(`${where}.${name}: unknown ${what}; allowed ${allowed.join(', ')}`);
  }
  return parsed;
}

export const DEFAULT_TECH: Tech = parseTech(defaultTechJson, 'tech/45nm.json');
