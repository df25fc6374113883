// The words an operand matrix becomes at the array edge: the PE's value, its register bit pattern and the
// multiplier's partial-product row. Registers then carry word ids; index `zero` is the all-zero word.
import { popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import { InputError } from '../core/input-error.js';
import type { Matrix } from '../core/matrix.js';
import type { FloatFormat } from '../pe/float-format.js';

export interface OperandWords {
  val: Float64Array;
  pat: Uint32Array;
  pp: Uint32Array;
  /** Popcount of each partial-product row. */
  ppPop: Uint8Array;
  /** 1 where a zero detector isolates the multiplier and adder (gating zero): an all-zero word the PE can detect. */
  iso: Uint8Array;
  zero: number;
}

export function operandWords(
  name: string,
  m: Matrix,
  transposed: boolean,
  word: (x: number) => number,
  pattern: (v: number) => number,
  pp: (v: number) => number,
  isolates = false,
  format?: FloatFormat,
): OperandWords {
  const { rows, cols, data } = m;
  const n = rows * cols;
  const val = new Float64Array(n + 1);
  const pat = new Uint32Array(n + 1);
  const ppw = new Uint32Array(n + 1);
  const ppPop = new Uint8Array(n + 1);
  const iso = new Uint8Array(n + 1);
  // One pass in the source's order; a transposed output steps by `rows` along a source row.
  const rowStep = transposed ? 1 : cols;
  const colStep = transposed ? rows : 1;
  // The try spans the whole pass (a try per element costs); the failing element is where the pass stopped.
  let r = 0;
  let c = 0;
  try {
    for (; r < rows; r++) {
      for (c = 0; c < cols; c++) {
        const x = data[r * cols + c] as number;
        let v: number;
        let p: number;
        let q: number;
        if (format) {
          p = format.encode(x);
          v = format.decode(p);
          q = format.significand(p);
        } else {
          v = word(x);
          p = pattern(v);
          q = pp(v);
        }
        const at = r * rowStep + c * colStep;
        val[at] = v;
        pat[at] = p;
        ppw[at] = q;
        ppPop[at] = popcount32(q);
        iso[at] = isolates && pat[at] === 0 ? 1 : 0;
      }
    }
  } catch (e) {
    const why = e instanceof Error ? e.message.replace(/^[AB]: /, '') : String(e);
    throw new InputError(`${name}[${r}][${c}]: ${why}`);
  }
  return { val, pat, pp: ppw, ppPop, iso, zero: n };
}

export function wordsOfA(pe: PeModel, a: Matrix, transposed = false): OperandWords {
  return operandWords('A', a, transposed, pe.wordA, pe.patternA, pe.ppA, pe.zeroIsolates.a, pe.operandFormat);
}

export function wordsOfB(pe: PeModel, b: Matrix, transposed = false): OperandWords {
  return operandWords('B', b, transposed, pe.wordB, pe.patternB, pe.ppB, pe.zeroIsolates.b, pe.operandFormat);
}
