// The multiplier and accumulator taps of every PE: the state behind the product-word, partial-product and
// accumulator toggle counters, shared by all dataflows.
import { hammingWide, popcount32 } from '../pe/bits.js';
import type { PeModel } from '../pe/pe-model.js';
import type { PeCounters } from './pe-counters.js';

export class Datapath {
  private readonly prodPat: Int32Array;
  private readonly ppA: Uint32Array;
  private readonly ppB: Uint32Array;
  private readonly popA: Uint8Array;
  private readonly popB: Uint8Array;
  /** Value and bit pattern of each PE's accumulator (OS) or partial-sum register (WS, IS). */
  readonly acc: Float64Array;
  readonly accPat: Float64Array;
  // The counters this class adds to, held directly: one load per use in the per-cycle loops.
  private readonly tProduct: Float64Array;
  private readonly tPp: Float64Array;
  private readonly tAcc: Float64Array;

  constructor(
    readonly pe: PeModel,
    readonly counters: PeCounters,
    pes: number,
  ) {
    this.prodPat = new Int32Array(pes);
    this.ppA = new Uint32Array(pes);
    this.ppB = new Uint32Array(pes);
    this.popA = new Uint8Array(pes);
    this.popB = new Uint8Array(pes);
    this.acc = new Float64Array(pes);
    this.accPat = new Float64Array(pes);
    this.tProduct = counters.toggles.product;
    this.tPp = counters.toggles.ppArray;
    this.tAcc = counters.toggles.accReg;
  }

  /**
   * The multiplier of PE p evaluates a·b: counts product-word and partial-product toggles, returns a·b.
   * ppa/ppb are the partial-product rows; popA/popB their popcounts, precomputed per operand word.
   */
  multiply(p: number, a: number, b: number, ppa: number, ppb: number, popA: number, popB: number): number {
    const pe = this.pe;
    const prod = pe.multiply(a, b);
    const pat = pe.productPattern(prod);
    this.tProduct[p]! += popcount32((this.prodPat[p] as number) ^ pat);
    // The partial-product identity of docs/power-model.md with pop(a&~a') = pop(a) − pop(a&a') and pop(~a&a') = pop(a') − pop(a&a').
    const both = popcount32(ppa & (this.ppA[p] as number));
    this.tPp[p]! += both * popcount32(ppb ^ (this.ppB[p] as number)) + (popA - both) * popB + ((this.popA[p] as number) - both) * (this.popB[p] as number);
    this.prodPat[p] = pat;
    this.ppA[p] = ppa;
    this.ppB[p] = ppb;
    this.popA[p] = popA;
    this.popB[p] = popB;
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
    this.tAcc[p]! += hammingWide(this.accPat[p] as number, pat);
    this.acc[p] = v;
    this.accPat[p] = pat;
  }
}
