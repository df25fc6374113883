// fast-check arbitraries shared by the engine property tests.
import fc from 'fast-check';
import type { DataflowName } from '../dataflow/fold-plan.js';

/** Int PEs of every width and signedness; with `narrow`, also set (and overflowing) accumulators and saturate. */
export const intSpec = (narrow = false) =>
  fc.record(
    {
      kind: fc.constant('int' as const),
      aBits: fc.integer({ min: 2, max: 16 }),
      bBits: fc.integer({ min: 2, max: 16 }),
      aSigned: fc.boolean(),
      bSigned: fc.boolean(),
      overflow: narrow ? fc.constantFrom('wrap' as const, 'saturate' as const) : fc.constant('wrap' as const),
      accBits: fc.integer({ min: 6, max: 48 }),
    },
    { requiredKeys: ['kind', 'aBits', 'bBits', 'aSigned', 'bSigned', 'overflow'] },
  ).map((s) => (narrow ? s : { ...s, accBits: undefined }));

export const floatSpec = fc.record({
  kind: fc.constant('float' as const),
  format: fc.constantFrom('fp16' as const, 'bf16' as const, 'fp32' as const),
  acc: fc.constantFrom('fp32' as const, 'fp16' as const),
});

export const dataflow = fc.constantFrom<DataflowName>('os', 'ws', 'is');
export const gating = fc.constantFrom('valid' as const, 'none' as const);
export const seed = fc.integer({ min: 0, max: 2 ** 31 });

/** A GEMM of 1..dim on each side on an array of 1..array on each side, in any dataflow: fields for fc.record. */
export const gemmOnArray = (dim: number, array: number) => ({
  dataflow,
  m: fc.integer({ min: 1, max: dim }),
  k: fc.integer({ min: 1, max: dim }),
  n: fc.integer({ min: 1, max: dim }),
  rows: fc.integer({ min: 1, max: array }),
  cols: fc.integer({ min: 1, max: array }),
});

/** Shift PEs: 1..5-bit codes, each a shift of 0..15 bits or flushed (−1). */
export const shiftSpec = fc
  .record({ codeBits: fc.integer({ min: 1, max: 5 }), bBits: fc.integer({ min: 2, max: 16 }), bSigned: fc.boolean(), seed: fc.integer({ min: 0, max: 1000 }) })
  .map(({ codeBits, bBits, bSigned, seed }) => ({
    kind: 'shift' as const,
    codeBits,
    shifts: Array.from({ length: 2 ** codeBits }, (_, c) => ((c * 7 + seed) % 17) - 1),
    bBits,
    bSigned,
    overflow: 'wrap' as const,
  }));

/** LUT PEs: codebooks of 1..16 distinct small integers (default table: their products). */
export const lutSpec = fc
  .record({
    aValues: fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 16 }),
    bValues: fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 16 }),
  })
  .map(({ aValues, bValues }) => ({ kind: 'lut' as const, aValues, bValues, overflow: 'wrap' as const }));
