// How the fast engine's JS MAC loops do a PE's arithmetic (for PEs the WebAssembly kernel does not take): inline
// for int accumulators of ≤ 32 bits, through the PeModel otherwise. Differential tests hold both to the reference
// engine.
import type { PeModel } from '../pe/pe-model.js';

export const MAC_INT32 = 0;
export const MAC_GENERIC = 1;

export function macMode(pe: PeModel): number {
  if (pe.spec.kind === 'int' && pe.int && pe.accBits <= 32) return MAC_INT32;
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
