// The PeModel interface: what the engine needs from a processing element, independent of its arithmetic.
import type { FloatFormat } from './float-format.js';
import type { AreaProfile } from './area-profile.js';
import type { EnergyProfile } from './energy-profile.js';

export type OverflowMode = 'wrap' | 'saturate';

export interface IntPeSpec {
  kind: 'int';
  aBits: number;
  bBits: number;
  aSigned: boolean;
  bSigned: boolean;
  /** Accumulator width; default aBits + bBits + ceil(log2 K), which cannot overflow. */
  accBits?: number;
  overflow: OverflowMode;
}

export interface FloatPeSpec {
  kind: 'float';
  format: 'fp16' | 'bf16' | 'fp32';
  acc: 'fp32' | 'fp16';
}

/**
 * Shift PE (I&S-ViT): the A operand is a power-of-two code (log2 or SULQ); the product is the B operand shifted
 * left by `shifts[code]` bits (−1: the code's value is flushed to zero). No multiplier array: a crossbar shifter.
 */
export interface ShiftPeSpec {
  kind: 'shift';
  codeBits: number;
  shifts: number[];
  bBits: number;
  bSigned: boolean;
  accBits?: number;
  overflow: OverflowMode;
}

/**
 * Lookup-table PE (DeepGEMM): no multiplier; the product of codes (a, b) is read from a per-layer table at index
 * (a << bBits) | b. Operands are given as values and must be entries of their codebook; `table` defaults to the
 * products of the codebook values (which must then be integers), and any integer table is allowed.
 */
export interface LutPeSpec {
  kind: 'lut';
  aValues: number[];
  bValues: number[];
  table?: number[];
  accBits?: number;
  overflow: OverflowMode;
}

export type PeSpec = IntPeSpec | FloatPeSpec | ShiftPeSpec | LutPeSpec;

/** The values an operand may take: every integer of a range, a codebook's values, or reals in [min, max). */
export type OperandRange =
  | { kind: 'integers'; min: number; max: number }
  | { kind: 'codebook'; values: readonly number[] }
  | { kind: 'uniform'; min: number; max: number };

/** What a PE does once per op before the GEMM: cycles, and per PE the flop-cycles clocked and the flop data toggles. */
export interface PeSetup {
  cycles: number;
  clockedFlops: number;
  flopToggles: number;
}

export const NO_SETUP: PeSetup = { cycles: 0, clockedFlops: 0, flopToggles: 0 };

/**
 * A bit-exact MAC with the register widths the toggle counters and the power model need.
 * Values are doubles holding exactly what the hardware word holds; patterns are the word's bits.
 */
export interface PeModel {
  readonly spec: PeSpec;
  readonly name: string;
  readonly aBits: number;
  readonly bBits: number;
  readonly accBits: number;
  readonly productBits: number;
  /** Overflow events so far (int PEs; floats overflow to inf as IEEE says and count nothing). */
  overflows: number;
  /** Word the PE holds for an A (or B) operand; throws a RangeError naming the operand if it is not representable. */
  wordA(x: number): number;
  wordB(x: number): number;
  patternA(v: number): number;
  patternB(v: number): number;
  /** Rows of the multiplier's partial-product AND matrix (int: the word; float: significand with hidden bit). */
  ppA(v: number): number;
  ppB(v: number): number;
  multiply(a: number, b: number): number;
  /** Bits of the product word (at most 32) in an int32. */
  productPattern(p: number): number;
  /** Work before the GEMM (a LUT PE loads its table, one entry per cycle, broadcast to every PE). */
  readonly setup: PeSetup;
  /** Which technology coefficients price its toggles (sim/power-model.ts turns them into numbers). */
  readonly energy: EnergyProfile;
  /** What it is built of: registers, multiplier, adder, table, shifter (sim/area.ts prices them). */
  readonly area: AreaProfile;
  /** What random operands are drawn from: every code of an int, shift or LUT PE; floats uniform in [-1, 1). */
  readonly operands: { a: OperandRange; b: OperandRange };
  /** Its sums equal the float64 GEMM of the operands whenever no accumulator overflowed (int and shift MACs). */
  readonly exact: boolean;
  /** Where A words are codes, the value a code stands for (shift: its power of two); otherwise A's own value. */
  readonly aValue?: (code: number) => number;
  /**
   * Operands a zero detector may isolate (gating zero): true where an all-zero word makes every product exactly
   * zero (int codes 0, float +0, a shift PE's B 0 or flushed code 0, a LUT code whose table row or column is 0).
   */
  readonly zeroIsolates: { a: boolean; b: boolean };
  /** Int PEs (product a·b): the accumulator's range and overflow mode, for engines that inline the arithmetic. */
  readonly int?: { accMin: number; accMax: number; saturate: boolean };
  /**
   * Float PEs: the operands' format, for engines that build words in bulk. A word is then decode(encode(x)), its
   * pattern encode(x) and its partial-product row significand(encode(x)): one encode where wordA, patternA and ppA
   * take three (they stay the reference, which test/operand-words.test.ts holds equal).
   */
  readonly operandFormat?: FloatFormat;
  /** acc + p in the accumulator's arithmetic (wrap/saturate, or IEEE rounding). */
  add(acc: number, p: number): number;
  accPattern(acc: number): number;
}
