// Verilog of one float MAC PE for gate-level calibration: registered A and B (fp16, bf16 or fp32), a multiplier to
// fp32 (exact for fp16/bf16, round-to-nearest-even for fp32), an fp32 adder with round-to-nearest-even, and the fp32
// accumulator register — the arithmetic of pe/float-mac.ts for normal numbers and zeros.
// Not synthesized: subnormals (read and flushed as zero), inf/NaN, exponent overflow/underflow; the calibration
// streams avoid them (calibrate/streams.ts) and gate-sim checks the netlist's accumulator bit-exactly.
import { FLOAT_FORMATS } from '../pe/float-format.js';
import type { PeModel } from '../pe/pe-model.js';
import type { PeVerilog } from './int-mac-verilog.js';

/** Multiplier of two operands with `expBits`/`mantBits` fields to an fp32 product word (zeros handled). */
function multiplier(name: string, expBits: number, mantBits: number): string {
  const W = 1 + expBits + mantBits;
  const S = mantBits + 1; // significand with the hidden bit
  const PW = 2 * S; // product of the significands
  const bias = 2 ** (expBits - 1) - 1;
  // After normalisation the product has 2·mantBits+1 fraction bits: exact in fp32 when that is ≤ 23.
  const F = 2 * mantBits + 1;
  const exact = F <= 23;
  const frac = exact
    ? `wire [22:0] frac = {fn${23 - F > 0 ? `, ${23 - F}'b0` : ''}};
  wire carry = 1'b0;`
    : `wire [22:0] ft = fn[${F - 1}:${F - 23}];
  wire g = fn[${F - 24}];
  wire st = |fn[${F - 25}:0];
  wire up = g & (st | ft[0]);
  wire [23:0] fr = {1'b0, ft} + up;
  wire carry = fr[23];
  wire [22:0] frac = fr[22:0];`;
  return `module ${name} (input [${W - 1}:0] a, input [${W - 1}:0] b, output [31:0] p);
  wire sa = a[${W - 1}], sb = b[${W - 1}];
  wire [${expBits - 1}:0] ea = a[${W - 2}:${mantBits}], eb = b[${W - 2}:${mantBits}];
  wire za = ea == 0, zb = eb == 0;
  wire [${S - 1}:0] ma = {1'b1, a[${mantBits - 1}:0]}, mb = {1'b1, b[${mantBits - 1}:0]};
  wire [${PW - 1}:0] m = ma * mb;
  wire n = m[${PW - 1}];
  // Fraction bits below the leading one, left-aligned.
  wire [${F - 1}:0] fn = n ? m[${PW - 2}:0] : {m[${PW - 3}:0], 1'b0};
  ${frac}
  wire [9:0] e = {2'b0, ea} + {2'b0, eb} + ${127 - 2 * bias} + n + carry;
  assign p = (za | zb) ? {sa ^ sb, 31'b0} : {sa ^ sb, e[7:0], frac};
endmodule
`;
}

/** fp32 + fp32 with round-to-nearest-even (guard, round, sticky); zero operands handled, subnormals read as zero. */
const FP32_ADDER = `module fadd32 (input [31:0] x, input [31:0] y, output reg [31:0] s);
  wire xbig = x[30:0] >= y[30:0];
  wire [31:0] bg = xbig ? x : y;
  wire [31:0] sm = xbig ? y : x;
  wire [7:0] eb = bg[30:23], es = sm[30:23];
  wire [23:0] mb = {1'b1, bg[22:0]}, ms = {1'b1, sm[22:0]};
  wire [7:0] d = eb - es;
  wire [49:0] sh = {ms, 26'b0} >> d;
  // 24 significand bits, guard, round, sticky.
  wire [26:0] al = d > 26 ? 27'd1 : {sh[49:24], |sh[23:0]};
  wire [26:0] bx = {mb, 3'b0};
  wire [27:0] sum = {1'b0, bx} + {1'b0, al};
  wire [26:0] dif = bx - al;
  reg [26:0] m;
  reg [9:0] e;
  reg [4:0] lz;
  reg [24:0] r;
  integer i;
  always @* begin
    lz = 0;
    for (i = 0; i < 27; i = i + 1) if (dif[i]) lz = 26 - i;
    if (bg[31] == sm[31]) begin
      m = sum[27] ? {sum[27:2], sum[1] | sum[0]} : sum[26:0];
      e = {2'b0, eb} + sum[27];
    end else begin
      m = dif << lz;
      e = {2'b0, eb} - lz;
    end
    r = {1'b0, m[26:3]} + (m[2] & (m[1] | m[0] | m[3]));
    if (r[24]) e = e + 1;
    if (es == 0) s = eb == 0 ? {x[31] & y[31], 31'b0} : bg;
    else if (bg[31] != sm[31] && dif == 0) s = 32'b0;
    else s = {bg[31], e[7:0], r[24] ? r[23:1] : r[22:0]};
  end
endmodule
`;

export function floatMacVerilog(pe: PeModel): PeVerilog {
  const spec = pe.spec;
  if (spec.kind !== 'float') throw new Error(`floatMacVerilog: ${pe.name} is not a float PE`);
  if (spec.acc !== 'fp32') throw new Error(`floatMacVerilog: accumulator "${spec.acc}" is not synthesized; allowed fp32`);
  const fmt = FLOAT_FORMATS[spec.format];
  const W = fmt.bits;
  const top = `pe_${spec.format}`;
  const mul = `fmul_${spec.format}`;
  const source = `// ${spec.format} MAC PE: ${W}-bit operands, fp32 product, fp32 accumulator, round to nearest even.
${multiplier(mul, fmt.expBits, fmt.mantBits)}
${FP32_ADDER}
module ${top} (input clk, input clr, input [${W - 1}:0] a_in, input [${W - 1}:0] b_in, output [31:0] acc);
  reg [${W - 1}:0] a_r;
  reg [${W - 1}:0] b_r;
  reg [31:0] acc_r;
  wire [31:0] p;
  wire [31:0] s;
  ${mul} u_mul (.a(a_r), .b(b_r), .p(p));
  fadd32 u_add (.x(acc_r), .y(p), .s(s));
  assign acc = acc_r;
  always @(posedge clk) begin
    a_r <= a_in;
    b_r <= b_in;
    acc_r <= clr ? 32'd0 : s;
  end
endmodule
`;
  return { top, source, aBits: W, bBits: W, accBits: 32, multiplier: mul, adder: 'fadd32' };
}
