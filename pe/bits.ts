// Bit-level helpers shared by every PE kind and the engine's toggle counters.

const POP16 = new Uint8Array(65536);
for (let i = 1; i < 65536; i++) POP16[i] = (i & 1) + (POP16[i >>> 1] as number);

/** Number of set bits in the low 32 bits of x (table lookup: no per-bit loop in hot paths). */
export function popcount32(x: number): number {
  // Shifts instead of & 0xffff: shorter bytecode, so V8 inlines more of its callers into the steppers.
  return (POP16[(x << 16) >>> 16] as number) + (POP16[x >>> 16] as number);
}

const TWO32 = 4294967296;

/** Hamming distance of two bit patterns of up to 53 bits, each held as a non-negative double. */
export function hammingWide(x: number, y: number): number {
  return x < TWO32 && y < TWO32 ? popcount32((x ^ y) >>> 0) : hammingHigh(x, y);
}

// Patterns of 2^32 and wider: kept out of hammingWide so the common case stays small enough for V8 to inline.
function hammingHigh(x: number, y: number): number {
  const hx = Math.floor(x / TWO32);
  const hy = Math.floor(y / TWO32);
  return popcount32((x - hx * TWO32) ^ (y - hy * TWO32)) + popcount32(hx ^ hy);
}

/** Two's-complement pattern of an integer on `bits` bits (bits ≤ 53), as a non-negative double. */
export function twosComplement(value: number, bits: number): number {
  return value < 0 ? value + 2 ** bits : value;
}

/** twosComplement on a fixed width, with 2^bits computed once (operand words call it per element). */
export function twosComplementOn(bits: number): (value: number) => number {
  const span = 2 ** bits;
  return (value) => (value < 0 ? value + span : value);
}

/**
 * Hamming distance of the partial-product AND matrix of a multiplier between operand pairs (a,b) and (a',b'),
 * without the W×W loop: PPHD = pop(a&a')·HD(b,b') + pop(a&~a')·pop(b) + pop(~a&a')·pop(b').
 */
export function partialProductToggles(a: number, b: number, aPrev: number, bPrev: number): number {
  return (
    popcount32(a & aPrev) * popcount32(b ^ bPrev) +
    popcount32(a & ~aPrev) * popcount32(b) +
    popcount32(~a & aPrev) * popcount32(bPrev)
  );
}
