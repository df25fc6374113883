// Seeded random numbers keep their bits: every synthetic block, operand matrix and baseline is drawn from them, so
// a faster generator must still return these very numbers (pinned from the original closure-variable version).
import { describe, expect, it } from 'vitest';
import { normal, rng } from '../core/random.js';

const take = (f: () => number, n: number) => Array.from({ length: n }, f);
const nth = (f: () => number, n: number) => {
  for (let i = 1; i < n; i++) f();
  return f();
};

describe('seeded random numbers', () => {
  it('rng: the same doubles for a seed, past 2^31 and after a million draws', () => {
    expect(take(rng(1), 3)).toEqual([0.5883937727194279, 0.07318899407982826, 0.59031065646559]);
    expect(take(rng(0xffffffff), 3)).toEqual([0.21433574031107128, 0.9851032323203981, 0.16242609662003815]);
    expect(nth(rng(5), 1_000_000)).toBe(0.8428784471470863);
  });

  it('normal: the same samples, its spare included, after a million draws', () => {
    expect(take(normal(rng(7)), 3)).toEqual([-1.1060280319326408, -0.149074257947202, -0.3974549286285167]);
    expect(nth(normal(rng(5)), 1_000_000)).toBe(-0.5064684423469391);
  });
});
