// One PE's run of MACs in the fast engine's JS loops (for PEs the WebAssembly kernel does not take): the PE's
// arithmetic, inline for int accumulators of ≤ 32 bits and through the PeModel otherwise, and the toggles of its
// product word and accumulator. Differential tests hold it to the reference engine.
import { hammingWide, popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import { intOverflow } from './array-run.js';

export class MacLane {
  private readonly int32: boolean;
  private readonly accMin: number;
  private readonly accMax: number;
  private readonly productMask: number;
  private readonly accMask: number;
  /** Bit patterns the product word and the accumulator hold, and their toggles since start(). */
  prodPat = 0;
  accPat = 0;
  prodToggles = 0;
  accToggles = 0;

  constructor(private readonly pe: PeModel) {
    this.int32 = pe.int !== undefined && pe.accBits <= 32;
    this.accMin = pe.int?.accMin ?? 0;
    this.accMax = pe.int?.accMax ?? 0;
    this.productMask = pe.productBits >= 32 ? -1 : (1 << pe.productBits) - 1;
    this.accMask = pe.accBits >= 32 ? -1 : (1 << pe.accBits) - 1;
  }

  /** Starts a run from the patterns the PE's product word and accumulator hold. */
  start(prodPat: number, accPat: number): void {
    this.prodPat = prodPat;
    this.accPat = accPat;
    this.prodToggles = 0;
    this.accToggles = 0;
  }

  /** acc ← base + a·b (a: A's word value, b: B's), counting the product and accumulator toggles; returns acc. */
  mac(base: number, a: number, b: number): number {
    const pe = this.pe;
    let np: number;
    let na: number;
    let v: number;
    if (this.int32) {
      const prod = a * b;
      np = (prod | 0) & this.productMask;
      v = base + prod;
      if (v < this.accMin || v > this.accMax) v = intOverflow(pe, v);
      na = (v | 0) & this.accMask;
      this.accToggles += popcount32(na ^ this.accPat);
    } else {
      const prod = pe.multiply(a, b);
      np = pe.productPattern(prod);
      v = pe.add(base, prod);
      na = pe.accPattern(v);
      this.accToggles += hammingWide(na, this.accPat);
    }
    this.prodToggles += popcount32(np ^ this.prodPat);
    this.prodPat = np;
    this.accPat = na;
    return v;
  }

  /** The accumulator register loads a word without the adder (a zero-gated MAC: cleared, held or forwarded). */
  load(pat: number): void {
    this.accToggles += this.accHd(this.accPat, pat);
    this.accPat = pat;
  }

  /** Toggles between two accumulator patterns of this PE kind. */
  accHd(x: number, y: number): number {
    return this.int32 ? popcount32(x ^ y) : hammingWide(x, y);
  }
}
