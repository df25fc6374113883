// Float MAC PE: fp16/bf16/fp32 operands, fp32 or fp16 accumulator. The product of two fp16 or bf16 words is exact
// in fp32; Math.fround rounds it once otherwise. The sum is rounded once, to the accumulator's format.
import { flops, type AreaKey } from './area-profile.js';
import { multiplierCell, type PriceKey } from './energy-profile.js';
import { FLOAT_FORMATS, type FloatFormat } from './float-format.js';
import { NO_SETUP, type FloatPeSpec, type PeModel } from './pe-model.js';

/** The multiplier's scale against the int multiplier, its Horowitz anchor and its area, per operand format. */
const MULTIPLIER_PRICES: Record<FloatPeSpec['format'], { scale: PriceKey; anchor: PriceKey; area: AreaKey }> = {
  fp16: { scale: 'mulScaleFp16', anchor: 'anchorFp16Mul', area: 'areaFp16Mul' },
  bf16: { scale: 'mulScaleBf16', anchor: 'anchorBf16Mul', area: 'areaBf16Mul' },
  fp32: { scale: 'mulScaleFp32', anchor: 'anchorFp32Mul', area: 'areaFp32Mul' },
};

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
  const mul = MULTIPLIER_PRICES[spec.format];
  const acc32 = spec.acc === 'fp32';
  return {
    spec,
    name: spec.acc === 'fp32' ? spec.format : `${spec.format}-acc${spec.acc.slice(2)}`,
    aBits: fmt.bits,
    bBits: fmt.bits,
    accBits: acc.bits,
    productBits: prod.bits,
    overflows: 0,
    energy: {
      partialProduct: multiplierCell(mul.scale),
      adder: { of: ['floatAdderGlitch', acc32 ? 'addScaleFp32Acc' : 'addScaleFp16Acc'] },
      multiplyAnchor: { of: [mul.anchor] },
      accumulateAnchor: { of: [acc32 ? 'anchorFp32Add' : 'anchorFp16Add'] },
    },
    area: [flops(2 * fmt.bits + acc.bits), { of: mul.area, count: 1 }, { of: acc32 ? 'areaFp32Add' : 'areaFp16Add', count: 1 }],
    setup: NO_SETUP,
    operands: { a: { kind: 'uniform', min: -1, max: 1 }, b: { kind: 'uniform', min: -1, max: 1 } },
    exact: false,
    // +0 (all bits zero) times a finite word is ±0, which leaves an fp sum unchanged; times inf or NaN IEEE gives NaN, which isolation drops.
    zeroIsolates: { a: true, b: true },
    wordA: word('A'),
    wordB: word('B'),
    patternA: pattern,
    patternB: pattern,
    ppA: significand,
    ppB: significand,
    operandFormat: fmt,
    multiply: (a, b) => Math.fround(a * b),
    productPattern: (p) => prod.encode(p),
    add: (s, p) => acc.round(s + p), // exact double sum then one rounding: correct RNE (53 ≥ 2·24 + 2)
    accPattern: (s) => acc.encode(s),
  };
}
