// The testbench's files: operands in as hex two's-complement words, C and the cycle count out.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import { BUFFER_WORDS, TB_FILES } from './testbench.js';
import type { RtlArraySpec } from './rtl-spec.js';

const MAX_DIM = 65535;

function hexWords(m: Matrix, bits: number): string {
  const span = 2 ** bits;
  return Array.from(m.data, (v) => (v < 0 ? v + span : v).toString(16)).join('\n') + '\n';
}

/** The files for C = A·B, by name; the operands must already be words of the PE (the simulator checks them). */
export function operandFiles(s: RtlArraySpec, a: Matrix, b: Matrix): Record<string, string> {
  if (a.cols !== b.rows) throw new InputError(`b: shape ${b.rows}×${b.cols} does not match a: ${a.rows}×${a.cols}; b needs ${a.cols} rows (K)`);
  for (const [field, v] of [['m', a.rows], ['k', a.cols], ['n', b.cols]] as const) {
    if (v > MAX_DIM) throw new InputError(`${field}: ${v} is too large for the testbench; allowed up to ${MAX_DIM}`);
  }
  for (const [field, words] of [['A', a.rows * a.cols], ['B', b.rows * b.cols], ['C', a.rows * b.cols]] as const) {
    if (words > BUFFER_WORDS) throw new InputError(`${field}: ${words} elements do not fit the testbench buffer; allowed up to ${BUFFER_WORDS}`);
  }
  return {
    [TB_FILES.shape]: [a.rows, a.cols, b.cols].map((v) => v.toString(16)).join('\n') + '\n',
    [TB_FILES.a]: hexWords(a, s.aBits),
    [TB_FILES.b]: hexWords(b, s.bBits),
  };
}

/** C as the testbench wrote it: M·N hex words of accBits, read back as values of the accumulator. */
export function parseOutput(s: RtlArraySpec, text: string, m: number, n: number): Float64Array {
  const words = text.trim().split('\n');
  if (words.length !== m * n) throw new Error(`${TB_FILES.c}: ${words.length} words, expected ${m * n}`);
  const span = 2 ** s.accBits;
  return Float64Array.from(words, (w) => {
    const v = parseInt(w, 16);
    if (!Number.isSafeInteger(v)) throw new Error(`${TB_FILES.c}: "${w}" is not a hex word`);
    return s.accSigned && v >= span / 2 ? v - span : v;
  });
}

export function parseCycles(text: string): number {
  const v = Number(text.trim());
  if (!Number.isInteger(v)) throw new Error(`${TB_FILES.cycles}: "${text.trim()}" is not a cycle count`);
  return v;
}
