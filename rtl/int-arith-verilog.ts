// Verilog text of the int PE's arithmetic, bit-exact with pe/int-mac.ts: operand sign extension, the product, and
// acc + addend on the accumulator's width with wrap or saturate.
import { accRange, type RtlArraySpec } from './rtl-spec.js';

/** Width of the signed sums: wide enough for any accumulator value plus any product, without overflow. */
export function sumWidth(s: RtlArraySpec): number {
  return Math.max(s.accBits, s.aBits + s.bBits) + 2;
}

/** A W-bit signed Verilog constant (exact: |v| ≤ 2^53). */
function signedConst(w: number, v: number): string {
  return v < 0 ? `-${w}'sd${String(-v)}` : `${w}'sd${String(v)}`;
}

/** An operand word widened by one bit so that a signed multiply gives the product of signed or unsigned words. */
export function extendOperand(word: string, bits: number, signed: boolean): string {
  return signed ? `$signed({${word}[${bits - 1}], ${word}})` : `$signed({1'b0, ${word}})`;
}

/** An accumulator word sign- or zero-extended to the sum width. */
export function extendAcc(s: RtlArraySpec, word: string): string {
  const pad = sumWidth(s) - s.accBits;
  return `$signed({{${pad}{${s.accSigned ? `${word}[${s.accBits - 1}]` : "1'b0"}}}, ${word}})`;
}

/** Function `acc_add(base, addend)`: the simulator's intAccumulator.add on accBits (two's complement when signed). */
export function accAddFunction(s: RtlArraySpec): string[] {
  const w = sumWidth(s);
  const [min, max] = accRange(s);
  const hi = s.accBits - 1;
  const clamp =
    s.overflow === 'saturate'
      ? [
          `      if (sum > ${signedConst(w, max)}) acc_add = ${s.accBits}'d${String(max)};`,
          `      else if (sum < ${signedConst(w, min)}) acc_add = ${min < 0 ? `{1'b1, {${hi}{1'b0}}}` : `${s.accBits}'d0`};`,
          `      else acc_add = sum[${hi}:0];`,
        ]
      : [`      acc_add = sum[${hi}:0]; // wrap: the low accBits bits`];
  return [
    `  function [${hi}:0] acc_add(input [${hi}:0] base, input signed [${w - 1}:0] addend);`,
    `    reg signed [${w - 1}:0] sum;`,
    `    begin`,
    `      sum = ${extendAcc(s, 'base')} + addend;`,
    ...clamp,
    `    end`,
    `  endfunction`,
  ];
}
