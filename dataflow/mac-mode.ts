// How the fast engine's MAC loops do a PE's arithmetic: inline for int accumulators of ≤ 32 bits and for fp32
// accumulators (the common cases), through the PeModel otherwise. Differential tests hold all three to the
// reference engine.
import type { PeModel } from '../pe/pe-model.js';

export const MAC_INT32 = 0;
export const MAC_FP32_ACC = 1;
export const MAC_GENERIC = 2;

export function macMode(pe: PeModel): number {
  if (pe.spec.kind === 'int' && pe.int && pe.accBits <= 32) return MAC_INT32;
  if (pe.spec.kind === 'float' && pe.spec.acc === 'fp32') return MAC_FP32_ACC;
  return MAC_GENERIC;
}

/** What the inlined MAC loops need: the mode, the int accumulator's range, masks of the product and acc words. */
export function macArithmetic(pe: PeModel) {
  return {
    mode: macMode(pe),
    accMin: pe.int?.accMin ?? 0,
    accMax: pe.int?.accMax ?? 0,
    productMask: pe.productBits >= 32 ? -1 : (1 << pe.productBits) - 1,
    accMask: pe.accBits >= 32 ? -1 : (1 << pe.accBits) - 1,
  };
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE bits of an fp32 value, NaN canonical (as FP32.encode). */
export function fp32Bits(x: number): number {
  if (x !== x) return 0x7fc00000;
  f32[0] = x;
  return u32[0] as number;
}
