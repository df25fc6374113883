// Integer-only requantization: a real multiplier r becomes m·2^−shift with an integer m, so that
// round(acc·r) = ⌊(acc·m + 2^(shift−1)) / 2^shift⌋ stays exact in a double for accumulators of accBits bits.

export interface FixedMultiplier {
  m: number;
  shift: number;
}

/** Any finite r: a negative r (a LayerNorm γ < 0 folded into its scale) gives a negative m; r = 0 gives m = 0. */
export function fixedMultiplier(r: number, accBits: number): FixedMultiplier {
  if (!Number.isFinite(r)) throw new Error(`internal: requant multiplier ${r} is not a finite number`);
  if (r === 0) return { m: 0, shift: 1 };
  const mBits = Math.max(8, Math.min(31, 51 - accBits));
  const shift = mBits - 1 - Math.floor(Math.log2(Math.abs(r)));
  return { m: Math.round(r * 2 ** shift), shift };
}

/** round(acc·r) with the fixed-point multiplier (ties round up, as an add-half-and-shift does). */
export function applyFixed(acc: number, f: FixedMultiplier): number {
  if (f.shift <= 0) return acc * f.m * 2 ** -f.shift;
  return Math.floor((acc * f.m + 2 ** (f.shift - 1)) / 2 ** f.shift);
}
