// Integer-only requantization: a real multiplier r becomes m·2^−shift with an integer m, so that
// round(acc·r) = ⌊(acc·m + 2^(shift−1)) / 2^shift⌋ stays exact in a double for accumulators of accBits bits.

export interface FixedMultiplier {
  m: number;
  shift: number;
  /** 2^(shift−1) and 2^−shift, once per multiplier: applyFixed runs on every output of a model. */
  half: number;
  unit: number;
}

/** Any finite r: a negative r (a LayerNorm γ < 0 folded into its scale) gives a negative m; r = 0 gives m = 0. */
export function fixedMultiplier(r: number, accBits: number): FixedMultiplier {
  if (!Number.isFinite(r)) throw new Error(`internal: requant multiplier ${r} is not a finite number`);
  const mBits = Math.max(8, Math.min(31, 51 - accBits));
  const shift = r === 0 ? 1 : mBits - 1 - Math.floor(Math.log2(Math.abs(r)));
  return { m: Math.round(r * 2 ** shift), shift, half: 2 ** (shift - 1), unit: 2 ** -shift };
}

/** round(acc·r) with the fixed-point multiplier (ties round up, as an add-half-and-shift does; ×2^−shift is exact). */
export function applyFixed(acc: number, f: FixedMultiplier): number {
  if (f.shift <= 0) return acc * f.m * f.unit;
  return Math.floor((acc * f.m + f.half) * f.unit);
}
