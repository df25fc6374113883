// Integer MAC PE: a and b of 2..16 bits each (signed or unsigned), accumulator up to 53 bits (exact in a double).
import { flops, intAdder } from './area-profile.js';
import { twosComplementOn } from './bits.js';
import { INT_ADDER, intAccumulateAnchor, multiplierCell } from './energy-profile.js';
import { NO_SETUP, type IntPeSpec, type OperandRange, type OverflowMode, type PeModel } from './pe-model.js';

export const MIN_OPERAND_BITS = 2;
export const MAX_OPERAND_BITS = 16;
export const MAX_ACC_BITS = 53;

export function defaultAccBits(aBits: number, bBits: number, k: number): number {
  return aBits + bBits + Math.ceil(Math.log2(k));
}

export function operandRange(bits: number, signed: boolean): [number, number] {
  return signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

/** Every integer of `bits` bits as an operand range. */
export function integerRange(bits: number, signed: boolean): OperandRange {
  const [min, max] = operandRange(bits, signed);
  return { kind: 'integers', min, max };
}

/**
 * An integer accumulator of `bits` bits: acc + p with wrap or saturate, each overflow counted on `counter`, and its
 * two's-complement pattern. Shared by the int, shift and LUT PEs.
 */
export function intAccumulator(bits: number, signed: boolean, overflow: OverflowMode, counter: { overflows: number }) {
  const [min, max] = operandRange(bits, signed);
  const span = 2 ** bits;
  // Out of range: count the overflow, then saturate or wrap (apart from add so add stays small enough to inline).
  const overflowed = (s: number): number => {
    counter.overflows++;
    if (overflow === 'saturate') return s > max ? max : min;
    return ((((s - min) % span) + span) % span) + min;
  };
  return {
    min,
    max,
    add(acc: number, p: number): number {
      const s = acc + p; // exact: |acc| ≤ 2^52 and |p| < 2^32
      return s >= min && s <= max ? s : overflowed(s);
    },
    /** Two's complement on `bits` (an unsigned accumulator is never negative). */
    pattern: (acc: number) => (acc < 0 ? acc + span : acc),
  };
}

export function createIntPe(spec: IntPeSpec, k: number): PeModel {
  const accSigned = spec.aSigned || spec.bSigned;
  const accBits = spec.accBits ?? defaultAccBits(spec.aBits, spec.bBits, k);
  if (accBits > MAX_ACC_BITS) {
    throw new RangeError(`accBits: ${accBits} (from K=${k}) is too wide; allowed up to ${MAX_ACC_BITS}`);
  }
  const [accMin, accMax] = operandRange(accBits, accSigned);
  const productBits = spec.aBits + spec.bBits;
  const productMask = productBits >= 32 ? -1 : (1 << productBits) - 1;
  const [aMin, aMax] = operandRange(spec.aBits, spec.aSigned);
  const [bMin, bMax] = operandRange(spec.bBits, spec.bSigned);
  const tag = (signed: boolean) => (signed ? 'int' : 'uint');
  const name =
    spec.aBits === spec.bBits && spec.aSigned === spec.bSigned
      ? `${tag(spec.aSigned)}${spec.aBits}`
      : `${tag(spec.aSigned)}${spec.aBits}x${tag(spec.bSigned)}${spec.bBits}`;

  const word = (operand: string, min: number, max: number, bits: number, signed: boolean) => (x: number) => {
    if (!Number.isInteger(x) || x < min || x > max) {
      throw new RangeError(
        `${operand}: value ${x} is not a ${signed ? 'signed' : 'unsigned'} ${bits}-bit integer; allowed integers ${min}..${max}`,
      );
    }
    return x;
  };

  const model: PeModel = {
    spec,
    name,
    aBits: spec.aBits,
    bBits: spec.bBits,
    accBits,
    productBits,
    overflows: 0,
    energy: {
      partialProduct: multiplierCell('mulScaleInt'),
      adder: INT_ADDER,
      // The Horowitz int8 multiply, scaled by the multiplier's area (aBits·bBits against 8·8).
      multiplyAnchor: { of: ['anchorInt8Mul'], times: [spec.aBits, spec.bBits], per: 64 },
      accumulateAnchor: intAccumulateAnchor(accBits),
    },
    area: [flops(spec.aBits + spec.bBits + accBits), { of: 'areaIntMulCell', count: spec.aBits * spec.bBits }, intAdder(accBits)],
    setup: NO_SETUP,
    operands: { a: integerRange(spec.aBits, spec.aSigned), b: integerRange(spec.bBits, spec.bSigned) },
    exact: true,
    int: { accMin, accMax, saturate: spec.overflow === 'saturate' },
    wordA: word('A', aMin, aMax, spec.aBits, spec.aSigned),
    wordB: word('B', bMin, bMax, spec.bBits, spec.bSigned),
    patternA: twosComplementOn(spec.aBits),
    patternB: twosComplementOn(spec.bBits),
    ppA: twosComplementOn(spec.aBits),
    ppB: twosComplementOn(spec.bBits),
    multiply: (a, b) => a * b, // |a·b| < 2^32: exact in a double
    productPattern: (p) => (p | 0) & productMask, // |p| < 2^32: the low 32 bits are exact in int32 arithmetic
    add: (acc, p) => accumulator.add(acc, p),
    accPattern: (acc) => accumulator.pattern(acc),
  };
  const accumulator = intAccumulator(accBits, accSigned, spec.overflow, model);
  return model;
}
