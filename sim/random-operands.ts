// Random operands for a PE: uniform over the operand ranges the PE names (every code of an int, shift or LUT PE;
// floats uniform in [-1, 1)).
import { createPe } from '../pe/catalog.js';
import type { OperandRange, PeSpec } from '../pe/pe-model.js';
import { randomIntMatrix, randomUniformMatrix, rng } from '../core/random.js';
import type { Matrix } from '../core/matrix.js';

export function randomOperands(spec: PeSpec, m: number, k: number, n: number, seed: number): { a: Matrix; b: Matrix } {
  const next = rng(seed);
  // Operand ranges do not depend on K: a PE of depth 1 names them.
  const ranges = createPe(spec, 1).operands;
  return { a: draw(ranges.a, m, k, next), b: draw(ranges.b, k, n, next) };
}

function draw(range: OperandRange, rows: number, cols: number, next: () => number): Matrix {
  switch (range.kind) {
    case 'integers':
      return randomIntMatrix(rows, cols, range.min, range.max, next);
    case 'uniform':
      return randomUniformMatrix(rows, cols, range.min, range.max, next);
    case 'codebook': {
      const m = randomIntMatrix(rows, cols, 0, range.values.length - 1, next);
      m.data.forEach((i, at) => (m.data[at] = range.values[i] as number));
      return m;
    }
  }
}
