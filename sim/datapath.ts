// The multiplier and accumulator taps of every PE: the state behind the product-word, partial-product and
// accumulator toggle counters, shared by all dataflows.
import { hammingWide, partialProductToggles } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { PeCounters } from './pe-counters.js';

export class Datapath {
  private readonly prodPat: Float64Array;
  private readonly ppA: Uint32Array;
  private readonly ppB: Uint32Array;
  /** Value and bit pattern of each PE's accumulator (OS) or partial-sum register (WS, IS). */
  readonly acc: Float64Array;
  readonly accPat: Float64Array;

  constructor(
    readonly pe: PeModel,
    readonly counters: PeCounters,
    pes: number,
  ) {
    this.prodPat = new Float64Array(pes);
    this.ppA = new Uint32Array(pes);
    this.ppB = new Uint32Array(pes);
    this.acc = new Float64Array(pes);
    this.accPat = new Float64Array(pes);
  }

  /** The multiplier of PE p evaluates a·b: counts product-word and partial-product toggles, returns a·b. */
  multiply(p: number, a: number, b: number, ppa: number, ppb: number): number {
    const pe = this.pe;
    const prod = pe.multiply(a, b);
    const pat = pe.productPattern(prod);
    const t = this.counters.toggles;
    t.product[p]! += hammingWide(this.prodPat[p] as number, pat);
    t.ppArray[p]! += partialProductToggles(ppa, ppb, this.ppA[p] as number, this.ppB[p] as number);
    this.prodPat[p] = pat;
    this.ppA[p] = ppa;
    this.ppB[p] = ppb;
    return prod;
  }

  /** acc ← base + product in the PE's arithmetic; counts overflow and the accumulator register's toggles. */
  accumulate(p: number, base: number, prod: number): number {
    const pe = this.pe;
    const before = pe.overflows;
    const v = pe.add(base, prod);
    if (pe.overflows !== before) this.counters.overflows[p]! += pe.overflows - before;
    this.load(p, v, pe.accPattern(v));
    return v;
  }

  /** Loads a value into PE p's accumulator register (a MAC result, a forwarded partial sum or a zero). */
  load(p: number, v: number, pat: number): void {
    this.counters.toggles.accReg[p]! += hammingWide(this.accPat[p] as number, pat);
    this.acc[p] = v;
    this.accPat[p] = pat;
  }
}
