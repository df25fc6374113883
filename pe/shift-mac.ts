// Shift PE (I&S-ViT, arXiv 2311.10126): for P·V with log2- or SULQ-coded probabilities the product is a shift of V.
// The A register holds the code; the crossbar row it selects is one-hot in the shift amount, so the partial-
// product identity of the engines counts the crossbar's switch toggles (one-hot shift ⊗ the bits of B).
import { flops, intAdder } from './area-profile.js';
import { twosComplementOn } from './bits.js';
import { INT_ADDER, intAccumulateAnchor } from './energy-profile.js';
import { intAccumulator, integerRange, MAX_ACC_BITS, operandRange } from './int-mac.js';
import { NO_SETUP, type PeModel, type ShiftPeSpec } from './pe-model.js';

export const MAX_SHIFT = 15;

export function createShiftPe(spec: ShiftPeSpec, k: number): PeModel {
  const maxShift = Math.max(0, ...spec.shifts);
  const productBits = spec.bBits + maxShift + 1;
  const accBits = spec.accBits ?? productBits + Math.ceil(Math.log2(k));
  if (accBits > MAX_ACC_BITS) throw new RangeError(`accBits: ${accBits} (from K=${k}) is too wide; allowed up to ${MAX_ACC_BITS}`);
  const [bMin, bMax] = operandRange(spec.bBits, spec.bSigned);
  const codes = 2 ** spec.codeBits;
  const productMask = productBits >= 32 ? -1 : (1 << productBits) - 1;
  const model: PeModel = {
    spec,
    name: `shift${spec.codeBits}x${spec.bSigned ? 'int' : 'uint'}${spec.bBits}`,
    aBits: spec.codeBits,
    bBits: spec.bBits,
    accBits,
    productBits,
    overflows: 0,
    energy: {
      // A crossbar switch output is a pass gate into an OR tree: charged like an accumulator-bit toggle of the int
      // adder, without a glitch factor (no carry chain). No multiplier: no Horowitz multiply.
      partialProduct: { of: ['adderAccToggle', 'addScaleInt'] },
      adder: INT_ADDER,
      accumulateAnchor: intAccumulateAnchor(accBits),
    },
    // The crossbar: one 2:1-multiplexer equivalent per switch (shift amount × bit of B).
    area: [flops(spec.codeBits + spec.bBits + accBits), { of: 'areaMux2', count: (maxShift + 1) * spec.bBits }, intAdder(accBits)],
    setup: NO_SETUP,
    operands: { a: { kind: 'integers', min: 0, max: codes - 1 }, b: integerRange(spec.bBits, spec.bSigned) },
    exact: true,
    aValue: (code) => model.multiply(code, 1),
    wordA: (x) => {
      if (!Number.isInteger(x) || x < 0 || x >= codes) throw new RangeError(`A: value ${x} is not a ${spec.codeBits}-bit code; allowed integers 0..${codes - 1}`);
      return x;
    },
    wordB: (x) => {
      if (!Number.isInteger(x) || x < bMin || x > bMax) throw new RangeError(`B: value ${x} is not a ${spec.bSigned ? 'signed' : 'unsigned'} ${spec.bBits}-bit integer; allowed integers ${bMin}..${bMax}`);
      return x;
    },
    patternA: (v) => v,
    patternB: twosComplementOn(spec.bBits),
    ppA: (v) => ((spec.shifts[v] as number) < 0 ? 0 : 1 << (spec.shifts[v] as number)),
    ppB: twosComplementOn(spec.bBits),
    multiply: (code, b) => ((spec.shifts[code] as number) < 0 ? 0 : b * 2 ** (spec.shifts[code] as number)),
    productPattern: (p) => (p | 0) & productMask,
    add: (acc, p) => accumulator.add(acc, p),
    accPattern: (acc) => accumulator.pattern(acc),
  };
  const accumulator = intAccumulator(accBits, true, spec.overflow, model);
  return model;
}
