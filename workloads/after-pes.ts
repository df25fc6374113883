// The PEs of the dequant-after order (--pe): int multipliers on codes; lookup tables of code products (DeepGEMM);
// or, for a power-of-two probability operand (log2, SULQ: P in P·V), a shifter (I&S-ViT). Int elsewhere.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import type { PeSpec } from '../pe/pe-model.js';
import type { AfterPe } from './array-setup.js';
import type { ProbQuantizer } from './quant/prob-quantizer.js';

/** How wide an operand's codes are. */
export interface CodeWidth {
  bits: number;
  signed: boolean;
}

/** An integer GEMM operand: real = scale·(int − zero) + offset, with the ints an int PE multiplies. */
export interface IntOperand extends CodeWidth {
  ints: Matrix;
  zero: number;
  scale: number;
  offset: number;
  /** A probability codebook's codes: shift and LUT PEs take the codes, not the ints. */
  codebook?: { quantizer: ProbQuantizer; codes: Matrix };
}

/** The PE for a·b and the A matrix it takes. */
export interface PeChoice {
  pe: PeSpec;
  a: Matrix;
}

export function afterPe(kind: AfterPe | undefined, a: IntOperand, b: CodeWidth): PeChoice {
  if (kind === 'lut') return a.codebook ? { pe: codebookLutPe(a.codebook.quantizer, b), a: a.codebook.codes } : { pe: lutPe(codeRange(a), codeRange(b)), a: a.ints };
  if (kind === 'shift' && a.codebook) return { pe: shiftPe(a.codebook.quantizer, b), a: a.codebook.codes };
  return { pe: intPe(a, b), a: a.ints };
}

export function intPe(a: CodeWidth, b: CodeWidth): PeSpec {
  return { kind: 'int', aBits: a.bits, bBits: b.bits, aSigned: a.signed, bSigned: b.signed, overflow: 'wrap' };
}

const codeRange = (o: CodeWidth) => Array.from({ length: 2 ** o.bits }, (_, i) => (o.signed ? i - 2 ** (o.bits - 1) : i));

/** The shift PE: P's codes select shifts of B (SULQ's −η is corrected at the edge like a zero point). */
function shiftPe(p: ProbQuantizer, b: CodeWidth): PeSpec {
  if (!p.exponents) throw new InputError(`pe: shift needs power-of-two probabilities; allowed with --pquant log2 or sulq, not ${p.kind}`);
  // The int operand of a code is 2^shift (or 0 when flushed): the shift PE computes the same accumulators.
  const shifts = Array.from(p.intOperand.ints, (x) => (x > 0 ? Math.log2(x) : -1));
  return { kind: 'shift', codeBits: p.bits, shifts, bBits: b.bits, bSigned: b.signed, overflow: 'wrap' };
}

function lutPe(aValues: number[], bValues: number[], table?: number[]): PeSpec {
  if (aValues.length > 16 || bValues.length > 16) {
    throw new InputError(`pe: lut needs codes of at most 4 bits (16 table rows per operand); lower --wbits, --abits or --pbits`);
  }
  return { kind: 'lut', aValues, bValues, ...(table && { table }), overflow: 'wrap' };
}

/** Lookup tables for a codebook operand: P's codes index the table, whose entries are P's int operand times B's code. */
function codebookLutPe(p: ProbQuantizer, b: CodeWidth): PeSpec {
  const ints = p.intOperand.ints;
  const codes = Array.from(ints, (_, c) => c);
  const bValues = codeRange(b);
  const bBits = Math.max(1, Math.ceil(Math.log2(bValues.length)));
  const table = new Array<number>(2 ** (Math.max(1, Math.ceil(Math.log2(codes.length))) + bBits)).fill(0);
  codes.forEach((c) => bValues.forEach((v, j) => (table[(c << bBits) | j] = (ints[c] as number) * v)));
  return lutPe(codes, bValues, table);
}
