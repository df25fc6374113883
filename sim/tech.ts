// Technology files: every power-model coefficient with its value, unit and source. The core never reads files:
// the CLI parses JSON and hands the object to parseTech, which validates every field.
import defaultTechJson from '../tech/45nm.json' with { type: 'json' };
import { InputError } from '../core/input-error.js';

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
  'leakFraction',
  'sramEnergyPerBit',
  'sramReferenceKb',
  'sramDepthExponent',
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
  const c = coeffs as Record<string, unknown>;
  const parsed = {} as Record<CoefficientName, Coefficient>;
  for (const name of COEFFICIENT_NAMES) {
    const entry = c[name];
    const f = `${where}.coefficients.${name}`;
    if (typeof entry !== 'object' || entry === null) throw new InputError(`${f}: missing; allowed an object {value, unit, source}`);
    const e = entry as Record<string, unknown>;
    parsed[name] = { value: positiveNumber(`${f}.value`, e['value'], true), unit: text(`${f}.unit`, e['unit']), source: text(`${f}.source`, e['source']) };
  }
  for (const name of Object.keys(c)) {
    if (!(COEFFICIENT_NAMES as readonly string[]).includes(name)) {
      throw new InputError(`${where}.coefficients.${name}: unknown coefficient; allowed ${COEFFICIENT_NAMES.join(', ')}`);
    }
  }
  return {
    name: text(`${where}.name`, o['name']),
    description: text(`${where}.description`, o['description']),
    nodeNm: positiveNumber(`${where}.nodeNm`, o['nodeNm']),
    vdd: positiveNumber(`${where}.vdd`, o['vdd']),
    clockMhz: positiveNumber(`${where}.clockMhz`, o['clockMhz']),
    sramKb: positiveNumber(`${where}.sramKb`, o['sramKb']),
    coefficients: parsed,
  };
}

export const DEFAULT_TECH: Tech = parseTech(defaultTechJson, 'tech/45nm.json');
