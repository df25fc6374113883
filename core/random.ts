// Seeded random numbers: same seed, same bits on every machine (integer arithmetic only, no Math.random).
import { matrix, type Matrix } from './matrix.js';

/** SplitMix32-style generator returning uniform doubles in [0, 1) with 32 random bits. */
export function rng(seed: number): () => number {
  // The state in a typed array, which wraps it mod 2^32 on every store: a closure variable above 2^30 would be
  // boxed anew on every draw (operands and synthetic weights are millions of draws).
  const state = new Uint32Array([seed >>> 0]);
  return () => {
    state[0] = (state[0] as number) + 0x9e3779b9;
    const s = state[0] as number;
    // imul and ^ read their operands as 32-bit integers: the products' sign does not matter until the last >>> 0.
    let z = Math.imul(s ^ (s >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** Integers uniform over [lo, hi]. */
export function randomIntMatrix(rows: number, cols: number, lo: number, hi: number, next: () => number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = lo + Math.floor(next() * (hi - lo + 1));
  return m;
}

/** Doubles uniform over [lo, hi). */
export function randomUniformMatrix(rows: number, cols: number, lo: number, hi: number, next: () => number): Matrix {
  const m = matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = lo + next() * (hi - lo);
  return m;
}

/** Standard normal samples by Marsaglia's polar method (only sqrt and log: deterministic across machines in V8). */
export function normal(next: () => number): () => number {
  // The spare sample lives in a typed array: a double in a closure variable is boxed anew on every write, and a
  // synthetic model draws tens of millions of them.
  const spare = new Float64Array(1);
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare[0] as number;
    }
    for (;;) {
      const u = 2 * next() - 1;
      const v = 2 * next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        spare[0] = v * f;
        hasSpare = true;
        return u * f;
      }
    }
  };
}

/** A seed for an independent stream of a seeded run (a block of a model, the data of a layer): SplitMix's finalizer of both. */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}
