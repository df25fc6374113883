// Which technology coefficients price a PE kind's toggles (docs/power-model.md): each PE names them, and
// sim/power-model.ts turns the names into numbers from the technology file (pe/ never reads one).

/** Coefficients of the technology file (sim/tech.ts) a PE may be priced by. */
export type PriceKey =
  | 'intAdderGlitch'
  | 'floatAdderGlitch'
  | 'addScaleInt'
  | 'addScaleFp32Acc'
  | 'addScaleFp16Acc'
  | 'mulGlitch'
  | 'ppToggle'
  | 'mulScaleInt'
  | 'mulScaleFp16'
  | 'mulScaleBf16'
  | 'mulScaleFp32'
  | 'adderAccToggle'
  | 'regToggleBase'
  | 'anchorInt8Mul'
  | 'anchorInt32Add'
  | 'anchorFp16Mul'
  | 'anchorBf16Mul'
  | 'anchorFp32Mul'
  | 'anchorFp16Add'
  | 'anchorFp32Add';

/**
 * A price: the product of the named coefficients, times `times`, over `per`, evaluated in that order (the
 * power model's float bits depend on the order).
 */
export interface Price {
  of: readonly PriceKey[];
  times?: readonly number[];
  per?: number;
}

export interface EnergyProfile {
  /** Energy per partial-product toggle (fJ): a multiplier's AND cell, a shift crossbar's switch, a LUT word line. */
  partialProduct: Price;
  /** The adder's glitch factor times its scale against the int adder; per accumulator / product bit toggle the
   * power model multiplies it by adderAccToggle / adderProductToggle. */
  adder: Price;
  /** Horowitz energies (pJ) of one multiply and one accumulate, the leakage reference; no multiply: no multiplier. */
  multiplyAnchor?: Price;
  accumulateAnchor: Price;
}

/** The int adder (also the shift and LUT PEs' accumulator). */
export const INT_ADDER: Price = { of: ['intAdderGlitch', 'addScaleInt'] };

/** The Horowitz int32 add, scaled by the accumulator's width. */
export function intAccumulateAnchor(accBits: number): Price {
  return { of: ['anchorInt32Add'], times: [accBits], per: 32 };
}

/** An array multiplier's AND cell, glitches included, scaled by the multiplier's size class. */
export function multiplierCell(scale: PriceKey): Price {
  return { of: ['mulGlitch', 'ppToggle', scale] };
}
