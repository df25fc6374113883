// operandWords builds a float PE's words from one encode per operand (PeModel.operandFormat); the PE's own
// word/pattern/pp functions are the reference it must equal, value for value, on every format and transpose.
import { describe, expect, it } from 'vitest';
import { operandWords, wordsOfA, wordsOfB, type OperandWords } from '../dataflow/operand-words.js';
import { matrix } from '../core/matrix.js';
import { createPe, peSpecFromName } from '../pe/catalog.js';
import { FLOAT_FORMATS } from '../pe/float-format.js';

const sameWords = (got: OperandWords, ref: OperandWords) => {
  expect(got.zero).toBe(ref.zero);
  // Object.is per value: -0 and NaN words must match exactly, as the MACs see them.
  expect(Array.from(got.val).every((v, i) => Object.is(v, ref.val[i]))).toBe(true);
  for (const key of ['pat', 'pp', 'ppPop', 'iso'] as const) expect(Array.from(got[key])).toEqual(Array.from(ref[key]));
};

describe('float operand words', () => {
  // Every word of the format decoded, the midpoints between neighbours (ties) and a step either side of them, plus
  // the edges: ±0, subnormals, overflow, ±inf, NaN.
  const valuesOf = (fmt: (typeof FLOAT_FORMATS)['fp16']): number[] => {
    const words = Array.from({ length: 2 ** 16 }, (_, b) => fmt.decode(b)).filter((v) => Number.isFinite(v));
    const near = words.flatMap((v, i) => {
      const next = words[i + 1] ?? v;
      const mid = (v + next) / 2;
      return [v, mid, mid * (1 + 2 ** -40), mid * (1 - 2 ** -40)];
    });
    return [...near, 0, -0, 2 ** -140, -(2 ** -140), 1e-300, 65520, -65520, 3.5e38, 1e300, Infinity, -Infinity, NaN];
  };

  it.each(['fp16', 'bf16', 'fp32'])('%s: one encode per operand equals the PE functions', (name) => {
    const pe = createPe(peSpecFromName(name), 64);
    expect(pe.operandFormat).toBeDefined();
    const fmt = FLOAT_FORMATS[name.slice(0, 4) as 'fp16'];
    const values = name === 'fp32' ? valuesOf(FLOAT_FORMATS.fp16).map((v) => v * 1.0000001) : valuesOf(fmt);
    const cols = 64;
    const rows = Math.floor(values.length / cols);
    const m = matrix(rows, cols, values.slice(0, rows * cols));
    for (const transposed of [false, true]) {
      sameWords(wordsOfA(pe, m, transposed), operandWords('A', m, transposed, pe.wordA, pe.patternA, pe.ppA, pe.zeroIsolates.a));
      sameWords(wordsOfB(pe, m, transposed), operandWords('B', m, transposed, pe.wordB, pe.patternB, pe.ppB, pe.zeroIsolates.b));
    }
  });
});
