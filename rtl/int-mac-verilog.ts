// Verilog of one integer MAC PE for gate-level calibration: registered A and B, the multiplier, the adder and the
// accumulator register, at the simulator's widths (signed two's complement or unsigned, wrap-around accumulator).
// The source also holds the multiplier and the adder alone, as modules the PE does not instantiate, for the
// calibration to synthesize each on its own (their areas); the PE itself keeps its arithmetic inline.
import type { PeModel } from '../pe/pe-model.js';

export interface PeVerilog {
  /** Top module name; ports: clk, clr, a_in, b_in, acc (the accumulator register). */
  top: string;
  source: string;
  aBits: number;
  bBits: number;
  accBits: number;
  /** Modules of the source that are the PE's multiplier and its accumulate adder, alone. */
  multiplier: string;
  adder: string;
}

export function intMacVerilog(pe: PeModel): PeVerilog {
  const spec = pe.spec;
  if (spec.kind !== 'int') throw new Error(`intMacVerilog: ${pe.name} is not an int PE`);
  if (spec.overflow !== 'wrap') throw new Error(`intMacVerilog: overflow "${spec.overflow}" is not synthesized; allowed wrap`);
  const { aBits: A, bBits: B, accBits: ACC } = pe;
  const P = A + B;
  const sa = spec.aSigned ? 'signed ' : '';
  const sb = spec.bSigned ? 'signed ' : '';
  const signed = spec.aSigned || spec.bSigned;
  // Mixed signedness: widen the unsigned operand by a zero bit so Verilog multiplies signed × signed.
  const product = (a: string, b: string) => `${spec.bSigned && !spec.aSigned ? `$signed({1'b0, ${a}})` : a} * ${spec.aSigned && !spec.bSigned ? `$signed({1'b0, ${b}})` : b}`;
  const ext = ACC > P ? (signed ? `{{${ACC - P}{p[${P - 1}]}}, p}` : `{${ACC - P}'b0, p}`) : `p[${ACC - 1}:0]`;
  const top = `pe_${pe.name.replace(/[^a-z0-9]/gi, '_')}`;
  const multiplier = `${top}_mul`;
  const adder = `${top}_add`;
  const productWire = `wire ${signed ? 'signed ' : ''}[${P - 1}:0] p`;
  const source = `// ${pe.name} MAC PE: A ${A} bits, B ${B} bits, product ${P} bits, accumulator ${ACC} bits (wrap).
module ${top} (input clk, input clr, input [${A - 1}:0] a_in, input [${B - 1}:0] b_in, output [${ACC - 1}:0] acc);
  reg ${sa}[${A - 1}:0] a_r;
  reg ${sb}[${B - 1}:0] b_r;
  reg [${ACC - 1}:0] acc_r;
  ${productWire} = ${product('a_r', 'b_r')};
  assign acc = acc_r;
  always @(posedge clk) begin
    a_r <= a_in;
    b_r <= b_in;
    acc_r <= clr ? ${ACC}'d0 : acc_r + ${ext};
  end
endmodule

module ${multiplier} (input ${sa}[${A - 1}:0] a, input ${sb}[${B - 1}:0] b, output [${P - 1}:0] p_out);
  ${productWire} = ${product('a', 'b')};
  assign p_out = p;
endmodule

module ${adder} (input [${ACC - 1}:0] acc_r, input ${signed ? 'signed ' : ''}[${P - 1}:0] p, output [${ACC - 1}:0] s);
  assign s = acc_r + ${ext};
endmodule
`;
  return { top, source, aBits: A, bBits: B, accBits: ACC, multiplier, adder };
}
