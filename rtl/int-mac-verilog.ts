// Verilog of one integer MAC PE for gate-level calibration: registered A and B, the multiplier, the adder and the
// accumulator register, at the simulator's widths (signed two's complement or unsigned, wrap-around accumulator).
import type { PeModel } from '../pe/pe-model.js';

export interface PeVerilog {
  /** Top module name; ports: clk, clr, a_in, b_in, acc (the accumulator register). */
  top: string;
  source: string;
  aBits: number;
  bBits: number;
  accBits: number;
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
  const aExpr = spec.bSigned && !spec.aSigned ? `$signed({1'b0, a_r})` : 'a_r';
  const bExpr = spec.aSigned && !spec.bSigned ? `$signed({1'b0, b_r})` : 'b_r';
  const ext = ACC > P ? (signed ? `{{${ACC - P}{p[${P - 1}]}}, p}` : `{${ACC - P}'b0, p}`) : `p[${ACC - 1}:0]`;
  const top = `pe_${pe.name.replace(/[^a-z0-9]/gi, '_')}`;
  const source = `// ${pe.name} MAC PE: A ${A} bits, B ${B} bits, product ${P} bits, accumulator ${ACC} bits (wrap).
module ${top} (input clk, input clr, input [${A - 1}:0] a_in, input [${B - 1}:0] b_in, output [${ACC - 1}:0] acc);
  reg ${sa}[${A - 1}:0] a_r;
  reg ${sb}[${B - 1}:0] b_r;
  reg [${ACC - 1}:0] acc_r;
  wire ${signed ? 'signed ' : ''}[${P - 1}:0] p = ${aExpr} * ${bExpr};
  assign acc = acc_r;
  always @(posedge clk) begin
    a_r <= a_in;
    b_r <= b_in;
    acc_r <= clr ? ${ACC}'d0 : acc_r + ${ext};
  end
endmodule
`;
  return { top, source, aBits: A, bBits: B, accBits: ACC };
}
