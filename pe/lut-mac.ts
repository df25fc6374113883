// Lookup-table PE (DeepGEMM, arXiv 2304.09049): products of 1..4-bit codes read from a per-layer table of
// 2^(aBits+bBits) integer entries. The table's row decoder drives the word line one-hot(a) ⊗ one-hot(b), so the
// engines' partial-product identity counts the word-line toggles; the table output is the product word.
import { flops, intAdder } from './area-profile.js';
import { popcount32, twosComplement } from './bits.js';
import { INT_ADDER, intAccumulateAnchor } from './energy-profile.js';
import { intAccumulator, MAX_ACC_BITS } from './int-mac.js';
import type { LutPeSpec, PeModel } from './pe-model.js';

export const MAX_LUT_CODE_BITS = 4;

const codeBits = (n: number) => Math.max(1, Math.ceil(Math.log2(n)));

export function createLutPe(spec: LutPeSpec, k: number): PeModel {
  const aBits = codeBits(spec.aValues.length);
  const bBits = codeBits(spec.bValues.length);
  const table = new Array<number>(2 ** (aBits + bBits)).fill(0);
  spec.aValues.forEach((av, a) => spec.bValues.forEach((bv, b) => (table[(a << bBits) | b] = spec.table ? (spec.table[(a << bBits) | b] as number) : av * bv)));
  const bad = table.findIndex((x) => !Number.isInteger(x));
  if (bad >= 0) throw new RangeError(`table: entry ${bad} is ${table[bad]}; allowed integers (give a table for a non-integer codebook)`);
  const maxAbs = Math.max(1, ...table.map(Math.abs));
  const entryBits = Math.ceil(Math.log2(maxAbs + 1)) + 1;
  const accBits = spec.accBits ?? entryBits + Math.ceil(Math.log2(k));
  if (accBits > MAX_ACC_BITS) throw new RangeError(`accBits: ${accBits} (from K=${k}) is too wide; allowed up to ${MAX_ACC_BITS}`);
  const entryMask = entryBits >= 32 ? -1 : (1 << entryBits) - 1;
  const word = (operand: string, values: number[]) => {
    const index = new Map(values.map((v, i) => [v, i]));
    return (x: number) => {
      const i = index.get(x);
      if (i === undefined) throw new RangeError(`${operand}: value ${x} is not in the LUT codebook; allowed ${values.join(', ')}`);
      return i;
    };
  };
  const model: PeModel = {
    spec,
    name: `lut${aBits}x${bBits}`,
    aBits,
    bBits,
    accBits,
    productBits: entryBits,
    overflows: 0,
    energy: {
      // A word-line toggle switches the pass gates of one table row: an operand-register bit toggle per cell.
      // No multiplier: no Horowitz multiply.
      partialProduct: { of: ['regToggleBase'], times: [entryBits] },
      adder: INT_ADDER,
      accumulateAnchor: intAccumulateAnchor(accBits),
    },
    // The table is flops; reading it is a tree of 2:1 multiplexers per entry bit (entries − 1 each).
    area: [flops(aBits + bBits + accBits + table.length * entryBits), { of: 'areaMux2', count: (table.length - 1) * entryBits }, intAdder(accBits)],
    // The table is written from zero once per op: its set bits are flop toggles.
    setup: { cycles: table.length, clockedFlops: table.length * entryBits, flopToggles: table.reduce((n, x) => n + popcount32(twosComplement(x, entryBits)), 0) },
    operands: { a: { kind: 'codebook', values: spec.aValues }, b: { kind: 'codebook', values: spec.bValues } },
    // A table may hold any integers: the float64 reference is the codebook product.
    exact: false,
    wordA: word('A', spec.aValues),
    wordB: word('B', spec.bValues),
    patternA: (code) => code,
    patternB: (code) => code,
    ppA: (code) => 1 << code,
    ppB: (code) => 1 << code,
    multiply: (a, b) => table[(a << bBits) | b] as number,
    productPattern: (p) => (p | 0) & entryMask,
    add: (acc, p) => accumulator.add(acc, p),
    accPattern: (acc) => accumulator.pattern(acc),
  };
  const accumulator = intAccumulator(accBits, true, spec.overflow, model);
  return model;
}
