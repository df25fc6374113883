// Float MAC PE: fp16/bf16/fp32 operands, fp32 or fp16 accumulator. The product of two fp16 or bf16 words is exact
// in fp32; Math.fround rounds it once otherwise. The sum is rounded once, to the accumulator's format.
import { FLOAT_FORMATS, type FloatFormat } from './float-format.js';
import type { FloatPeSpec, PeModel } from './pe-model.js';

export function createFloatPe(spec: FloatPeSpec): PeModel {
  const fmt: FloatFormat = FLOAT_FORMATS[spec.format];
  const acc: FloatFormat = FLOAT_FORMATS[spec.acc];
  const prod = FLOAT_FORMATS.fp32;
  const word = (operand: string) => (x: number) => {
    if (typeof x !== 'number') throw new RangeError(`${operand}: ${String(x)} is not a number`);
    return fmt.round(x);
  };
  const pattern = (v: number) => fmt.encode(v);
  const significand = (v: number) => fmt.significand(fmt.encode(v));
  return {
    spec,
    name: spec.acc === 'fp32' ? spec.format : `${spec.format}-acc${spec.acc.slice(2)}`,
    aBits: fmt.bits,
    bBits: fmt.bits,
    accBits: acc.bits,
    productBits: prod.bits,
    overflows: 0,
    wordA: word('A'),
    wordB: word('B'),
    patternA: pattern,
    patternB: pattern,
    ppA: significand,
    ppB: significand,
    multiply: (a, b) => Math.fround(a * b),
    productPattern: (p) => prod.encode(p),
    add: (s, p) => acc.round(s + p), // exact double sum then one rounding: correct RNE (53 ≥ 2·24 + 2)
    accPattern: (s) => acc.encode(s),
  };
}
