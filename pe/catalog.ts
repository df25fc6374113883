// Named PE kinds (int8, fp16, ...) and the factory that builds a PeModel for a GEMM of depth K.
import { createFloatPe } from './float-mac.js';
import { createIntPe, MAX_ACC_BITS, MAX_OPERAND_BITS, MIN_OPERAND_BITS } from './int-mac.js';
import { createShiftPe, MAX_SHIFT } from './shift-mac.js';
import { createLutPe, MAX_LUT_CODE_BITS } from './lut-mac.js';
import type { OverflowMode, PeModel, PeSpec } from './pe-model.js';
import { InputError } from '../core/input-error.js';

export const PE_NAMES = ['int2', 'int4', 'int8', 'int16', 'fp16', 'bf16', 'fp32'] as const;
export type PeName = (typeof PE_NAMES)[number];


export interface PeOptions {
  aBits?: number;
  bBits?: number;
  unsigned?: boolean;
  accBits?: number;
  overflow?: OverflowMode;
  acc?: 'fp32' | 'fp16';
}

function checkBits(field: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) {
    throw new InputError(`${field}: ${v} is not allowed; allowed integers ${lo}..${hi}`);
  }
  return v;
}

/** Spec for a PE named like `int8`, `uint4`, `fp16`, `bf16`, `fp32`, with optional overrides. */
export function peSpecFromName(name: string, opts: PeOptions = {}): PeSpec {
  const int = /^(u?)int(\d+)$/.exec(name);
  if (int) {
    const bits = Number(int[2]);
    const signed = int[1] === '' && !opts.unsigned;
    const spec: PeSpec = {
      kind: 'int',
      aBits: checkBits('aBits', opts.aBits ?? bits, MIN_OPERAND_BITS, MAX_OPERAND_BITS),
      bBits: checkBits('bBits', opts.bBits ?? bits, MIN_OPERAND_BITS, MAX_OPERAND_BITS),
      aSigned: signed,
      bSigned: signed,
      overflow: opts.overflow ?? 'wrap',
    };
    if (opts.accBits !== undefined) spec.accBits = checkBits('accBits', opts.accBits, 2, MAX_ACC_BITS);
    if (opts.overflow !== undefined && opts.overflow !== 'wrap' && opts.overflow !== 'saturate') {
      throw new InputError(`overflow: "${String(opts.overflow)}" is not allowed; allowed wrap, saturate`);
    }
    return spec;
  }
  if (name === 'fp16' || name === 'bf16' || name === 'fp32') {
    const acc = opts.acc ?? 'fp32';
    if (acc !== 'fp32' && acc !== 'fp16') throw new InputError(`acc: "${String(acc)}" is not allowed; allowed fp32, fp16`);
    return { kind: 'float', format: name, acc };
  }
  throw new InputError(`pe: "${name}" is not a PE kind; allowed ${PE_NAMES.join(', ')} (or uintN / intN with N in 2..16)`);
}

export function validatePeSpec(spec: PeSpec): void {
  if (spec.kind === 'int') {
    checkBits('pe.aBits', spec.aBits, MIN_OPERAND_BITS, MAX_OPERAND_BITS);
    checkBits('pe.bBits', spec.bBits, MIN_OPERAND_BITS, MAX_OPERAND_BITS);
    if (spec.accBits !== undefined) checkBits('pe.accBits', spec.accBits, 2, MAX_ACC_BITS);
    if (spec.overflow !== 'wrap' && spec.overflow !== 'saturate') {
      throw new InputError(`pe.overflow: "${String(spec.overflow)}" is not allowed; allowed wrap, saturate`);
    }
  } else if (spec.kind === 'float') {
    if (!['fp16', 'bf16', 'fp32'].includes(spec.format)) {
      throw new InputError(`pe.format: "${String(spec.format)}" is not allowed; allowed fp16, bf16, fp32`);
    }
    if (spec.acc !== 'fp32' && spec.acc !== 'fp16') {
      throw new InputError(`pe.acc: "${String(spec.acc)}" is not allowed; allowed fp32, fp16`);
    }
  } else if (spec.kind === 'shift') {
    checkBits('pe.codeBits', spec.codeBits, 1, 8);
    checkBits('pe.bBits', spec.bBits, MIN_OPERAND_BITS, MAX_OPERAND_BITS);
    if (!Array.isArray(spec.shifts) || spec.shifts.length !== 2 ** spec.codeBits || spec.shifts.some((x) => !Number.isInteger(x) || x < -1 || x > MAX_SHIFT)) {
      throw new InputError(`pe.shifts: need ${2 ** spec.codeBits} integers in −1..${MAX_SHIFT}, one per code`);
    }
  } else if (spec.kind === 'lut') {
    for (const [field, values] of [['pe.aValues', spec.aValues], ['pe.bValues', spec.bValues]] as const) {
      if (!Array.isArray(values) || values.length < 1 || values.length > 2 ** MAX_LUT_CODE_BITS || new Set(values).size !== values.length) {
        throw new InputError(`${field}: need 1..${2 ** MAX_LUT_CODE_BITS} distinct values (1..${MAX_LUT_CODE_BITS}-bit codes)`);
      }
    }
  } else {
    throw new InputError(`pe.kind: "${String((spec as { kind: unknown }).kind)}" is not allowed; allowed int, float, shift, lut`);
  }
}

export function createPe(spec: PeSpec, k: number): PeModel {
  validatePeSpec(spec);
  if (spec.kind === 'shift') return createShiftPe(spec, k);
  if (spec.kind === 'lut') return createLutPe(spec, k);
  return spec.kind === 'int' ? createIntPe(spec, k) : createFloatPe(spec);
}
