// Uniformly random operands for a PE kind: every code of an int or shift PE equally likely; floats uniform in [-1, 1).
import type { PeSpec } from '../pe/pe-model.js';
import { randomIntMatrix, randomUniformMatrix, rng } from '../core/random.js';
import type { Matrix } from '../core/matrix.js';

export function randomOperands(spec: PeSpec, m: number, k: number, n: number, seed: number): { a: Matrix; b: Matrix } {
  const next = rng(seed);
  if (spec.kind === 'lut') {
    const pick = (values: number[], rows: number, cols: number) => {
      const m = randomIntMatrix(rows, cols, 0, values.length - 1, next);
      m.data.forEach((i, at) => (m.data[at] = values[i] as number));
      return m;
    };
    return { a: pick(spec.aValues, m, k), b: pick(spec.bValues, k, n) };
  }
  if (spec.kind === 'float') {
    return { a: randomUniformMatrix(m, k, -1, 1, next), b: randomUniformMatrix(k, n, -1, 1, next) };
  }
  const range = (bits: number, signed: boolean): [number, number] => (signed ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1]);
  const [alo, ahi] = spec.kind === 'shift' ? [0, 2 ** spec.codeBits - 1] : range(spec.aBits, spec.aSigned);
  const [blo, bhi] = range(spec.bBits, spec.bSigned);
  return { a: randomIntMatrix(m, k, alo, ahi, next), b: randomIntMatrix(k, n, blo, bhi, next) };
}
