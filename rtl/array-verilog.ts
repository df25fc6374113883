// Synthesizable Verilog of the simple systolic array (docs/microarchitecture.md): the PE, the skew registers at the
// array edges and the fold controller, register for register what dataflow/output-stationary.ts and
// dataflow/stationary.ts step.
import { MAPPINGS, type DataflowName } from '../dataflow/fold-plan.js';
import { accAddFunction, extendAcc, extendOperand, sumWidth } from './int-arith-verilog.js';
import type { RtlArraySpec } from './rtl-spec.js';

/** Address ports carry 32 bits; the shape ports 16 bits (GEMM dimensions up to 65535). */
export const ADDR_BITS = 32;
export const DIM_BITS = 16;

/** Edge-buffer ports of the array: one A and one B read port per edge row or column, and the C ports. */
export interface ArrayPorts {
  aPorts: number;
  bPorts: number;
  cPorts: number;
  /** WS and IS add K-fold partial sums into C at the edge: they read C as well as write it. */
  cReads: boolean;
}

/** What each dataflow's array is built of: its edge-buffer ports, its PE's accumulator register and its modules. */
interface RtlDataflow {
  ports(R: number, C: number): ArrayPorts;
  accReg: string;
  modules(s: RtlArraySpec, prefix: string): string[];
}

const RTL_DATAFLOWS: Readonly<Record<DataflowName, RtlDataflow>> = {
  os: { ports: (R, C) => ({ aPorts: R, bPorts: C, cPorts: R * C, cReads: false }), accReg: 'acc_q', modules: (s, prefix) => [...osPe(s, prefix), '', ...osArray(s, prefix)] },
  ws: { ports: (R, C) => ({ aPorts: R, bPorts: C, cPorts: C, cReads: true }), accReg: 'psum_q', modules: (s, prefix) => stationaryModules(s, prefix, true) },
  is: { ports: (R, C) => ({ aPorts: C, bPorts: R, cPorts: C, cReads: true }), accReg: 'psum_q', modules: (s, prefix) => stationaryModules(s, prefix, false) },
};

export function arrayPorts(s: RtlArraySpec): ArrayPorts {
  return RTL_DATAFLOWS[s.dataflow].ports(s.rows, s.cols);
}

/** The simulator's toggle counters that the RTL's registers are compared with. */
export type CountedRegister = 'aReg' | 'bReg' | 'accReg' | 'shadowReg';

/** The PE registers whose toggles the simulator counts: its counter, the register's name in `systolic_pe`, its width. */
export function countedRegisters(s: RtlArraySpec): Array<{ counter: CountedRegister; name: string; bits: number }> {
  const regs: Array<{ counter: CountedRegister; name: string; bits: number }> = [
    { counter: 'aReg', name: 'a_q', bits: s.aBits },
    { counter: 'bReg', name: 'b_q', bits: s.bBits },
    { counter: 'accReg', name: RTL_DATAFLOWS[s.dataflow].accReg, bits: s.accBits },
  ];
  // The pipelined WS/IS PE's shadow register holds the stationary operand (B in WS, A in IS).
  const kept = MAPPINGS[s.dataflow].stationary;
  if (s.micro === 'pipelined' && kept !== 'c') regs.push({ counter: 'shadowReg', name: 'w_sh', bits: kept === 'a' ? s.aBits : s.bBits });
  return regs;
}

/** Hierarchical name of PE(i,j) under the array instance. */
export function peInstance(i: number, j: number): string {
  return `pe_r${i}_c${j}`;
}

const u32 = (v: number) => `32'd${v}`;


/**
 * A data register's write: valid (and zero) gating writes it only when `enable` (its clock is gated otherwise); no
 * gating clocks it every cycle and loads zero when not enabled (docs/microarchitecture.md).
 */
function write(s: RtlArraySpec, enable: string, reg: string, value: string): string {
  return s.gating === 'none' ? `${reg} <= ${enable} ? ${value} : 0;` : `if (${enable}) ${reg} <= ${value};`;
}

/**
 * The multiplier of a PE whose MAC runs when `mac`. Gating zero adds operand isolation: zero detectors on both
 * operands (`zero_op`), and latches that hold the multiplier's inputs while a zero operand gates the MAC (`compute` low).
 */
function productLines(s: RtlArraySpec, aWord: string, bWord: string, mac: string): string[] {
  const w = sumWidth(s);
  const pb = s.aBits + s.bBits;
  const isolated = s.gating === 'zero';
  const [ma, mb] = isolated ? ['iso_a', 'iso_b'] : [aWord, bWord];
  return [
    ...(isolated
      ? [
          `  // Operand isolation: a zero operand holds the multiplier's inputs (latches) and the accumulator.`,
          `  wire zero_op = (${aWord} == ${s.aBits}'d0) | (${bWord} == ${s.bBits}'d0);`,
          `  wire compute = ${mac} & ~zero_op;`,
          `  reg [${s.aBits - 1}:0] iso_a;`,
          `  reg [${s.bBits - 1}:0] iso_b;`,
          `  always @* if (compute) begin iso_a = ${aWord}; iso_b = ${bWord}; end`,
        ]
      : [`  wire compute = ${mac};`]),
    `  // The multiplier (combinational). product is the simulator's product word, which it counts per MAC only (not compared).`,
    `  wire signed [${w - 1}:0] product_w = ${extendOperand(ma, s.aBits, s.aSigned)} * ${extendOperand(mb, s.bBits, s.bSigned)};`,
    `  wire [${pb - 1}:0] product = product_w[${pb - 1}:0];`,
  ];
}

function osPe(s: RtlArraySpec, prefix: string): string[] {
  const A = s.aBits - 1;
  const B = s.bBits - 1;
  const Q = s.accBits - 1;
  return [
    `// PE(i,j) of the OS array: A[i][k] and B[k][j] arrive on cycle k+i+j; acc <- (first ? 0 : acc) + a*b.`,
    `module ${prefix}systolic_pe (`,
    `  input clk, input rst,`,
    `  input [${A}:0] a_in, input a_v_in, input a_f_in, input a_l_in,`,
    `  input [${B}:0] b_in, input b_v_in, input b_l_in,`,
    `  output [${A}:0] a_out, output reg a_v_q, output reg a_f_q, output reg a_l_q,`,
    `  output [${B}:0] b_out, output reg b_v_q, output reg b_l_q,`,
    `  output result_we, output [${Q}:0] result`,
    `);`,
    `  reg [${A}:0] a_q;`,
    `  reg [${B}:0] b_q;`,
    `  reg [${Q}:0] acc_q;`,
    `  assign a_out = a_q;`,
    `  assign b_out = b_q;`,
    `  wire mac = a_v_in & b_v_in;`,
    ...productLines(s, 'a_in', 'b_in', 'mac'),
    ...accAddFunction(s),
    ...(s.gating === 'zero'
      ? [`  // An isolated MAC holds the accumulator, or clears it on a fold's first.`, `  wire [${Q}:0] acc_next = compute ? acc_add(a_f_in ? ${s.accBits}'d0 : acc_q, product_w) : a_f_in ? ${s.accBits}'d0 : acc_q;`]
      : [`  wire [${Q}:0] acc_next = acc_add(a_f_in ? ${s.accBits}'d0 : acc_q, product_w);`]),
    `  // The result leaves on the cycle of the last MAC.`,
    `  assign result_we = mac & a_l_in;`,
    `  assign result = acc_next;`,
    `  always @(posedge clk) begin`,
    `    if (rst) begin`,
    `      a_q <= 0; a_v_q <= 0; a_f_q <= 0; a_l_q <= 0; b_q <= 0; b_v_q <= 0; b_l_q <= 0; acc_q <= 0;`,
    `    end else begin`,
    `      // Control bits move every cycle; a data register is written (clock-gated otherwise) only when valid.`,
    `      a_v_q <= a_v_in; a_f_q <= a_f_in; a_l_q <= a_l_in; b_v_q <= b_v_in; b_l_q <= b_l_in;`,
    `      ${write(s, 'a_v_in', 'a_q', 'a_in')}`,
    `      ${write(s, 'b_v_in', 'b_q', 'b_in')}`,
    `      ${write(s, s.gating === 'zero' ? 'compute | (mac & a_f_in)' : 'mac', 'acc_q', 'acc_next')}`,
    `    end`,
    `  end`,
    `endmodule`,
  ];
}

/** The WS (A streamed) and IS (B streamed) arrays: their PE and the array module. */
function stationaryModules(s: RtlArraySpec, prefix: string, ws: boolean): string[] {
  return [...stationaryPe(s, prefix, ws), '', ...stationaryArray(s, prefix, ws)];
}

/**
 * PE of the WS and IS arrays: a stationary word w shifts down during the load, a streamed word s moves right during
 * the stream, psum <- psum_in + s*w. WS keeps B stationary (s in a_q, w in b_q); IS keeps A (s in b_q, w in a_q).
 * Pipelined: the load shifts words through a shadow register (w_sh, its valid bit w_v_q), and the fold's FIRST flag,
 * travelling with the stream, copies it into the stationary register (valid bit w_use_v) as it passes.
 */
function stationaryPe(s: RtlArraySpec, prefix: string, ws: boolean): string[] {
  const [sBits, wBits] = ws ? [s.aBits, s.bBits] : [s.bBits, s.aBits];
  const [sReg, wReg] = ws ? ['a_q', 'b_q'] : ['b_q', 'a_q'];
  const Q = s.accBits - 1;
  const piped = s.micro === 'pipelined';
  // The word and valid bit the multiplier uses: on the copy cycle the shadow's, else the stationary register's.
  const [w, wValid] = piped ? ['w_use', 'w_use_v'] : [wReg, 'w_v_q'];
  return [
    `// PE(i,j) of the ${s.dataflow.toUpperCase()} array: ${ws ? 'B' : 'A'} stationary in ${wReg}, ${ws ? 'A' : 'B'} streamed through ${sReg}; psum <- psum_in + a*b.`,
    `module ${prefix}systolic_pe (`,
    `  input clk, input rst, input loading, input streaming,`,
    `  input [${sBits - 1}:0] s_in, input s_v_in, input s_l_in,${piped ? ' input s_f_in,' : ''}`,
    `  input [${wBits - 1}:0] w_in, input w_v_in,`,
    `  input [${Q}:0] ps_in, input ps_v_in, input ps_l_in,`,
    `  output [${sBits - 1}:0] s_out, output reg s_v_q, output reg s_l_q,${piped ? ' output reg s_f_q,' : ''}`,
    `  output [${wBits - 1}:0] w_out, output reg w_v_q,`,
    `  output [${Q}:0] ps_out, output reg ps_v_q, output reg ps_l_q,`,
    `  output out_we, output [${Q}:0] out_val`,
    `);`,
    `  reg [${sBits - 1}:0] ${sReg};`,
    `  reg [${wBits - 1}:0] ${wReg};`,
    `  reg [${Q}:0] psum_q;`,
    ...(piped
      ? [
          `  reg [${wBits - 1}:0] w_sh;`,
          `  reg w_act_v;`,
          `  wire copy = streaming & s_f_in;`,
          `  wire [${wBits - 1}:0] w_use = copy ? w_sh : ${wReg};`,
          `  wire w_use_v = copy ? w_v_q : w_act_v;`,
        ]
      : []),
    `  assign s_out = ${sReg};`,
    `  assign w_out = ${piped ? 'w_sh' : wReg};`,
    `  assign ps_out = psum_q;`,
    `  wire mac = streaming & s_v_in & ${wValid};`,
    ...productLines(s, ws ? 's_in' : w, ws ? w : 's_in', 'mac'),
    ...accAddFunction(s),
    `  // A PE without a MAC (or with an isolated one) forwards a valid partial sum from above unchanged.`,
    `  wire written = streaming & (mac | ps_v_in);`,
    `  wire [${Q}:0] ps_next = compute ? acc_add(ps_in, product_w) : ps_in;`,
    `  assign out_we = written;`,
    `  assign out_val = ps_next;`,
    `  always @(posedge clk) begin`,
    `    if (rst) begin`,
    `      ${sReg} <= 0; s_v_q <= 0; s_l_q <= 0; ${wReg} <= 0; w_v_q <= 0; psum_q <= 0; ps_v_q <= 0; ps_l_q <= 0;${piped ? ' s_f_q <= 0; w_sh <= 0; w_act_v <= 0;' : ''}`,
    `    end else begin`,
    `      if (loading) begin`,
    `        w_v_q <= w_v_in;`,
    `        ${write(s, 'w_v_in', piped ? 'w_sh' : wReg, 'w_in')}`,
    ...(s.gating === 'none' ? [`        ${sReg} <= 0;`, `        psum_q <= 0;`] : []),
    `      end`,
    ...(piped ? [`      if (copy) begin`, `        w_act_v <= w_v_q;`, `        if (w_v_q) ${wReg} <= w_sh;`, `      end`] : []),
    `      if (streaming) begin`,
    `        s_v_q <= s_v_in; s_l_q <= s_l_in; ps_v_q <= written; ps_l_q <= ps_l_in;${piped ? ' s_f_q <= s_f_in;' : ''}`,
    `        ${write(s, 's_v_in', sReg, 's_in')}`,
    `        ${write(s, 'written', 'psum_q', 'ps_next')}`,
    `      end`,
    `    end`,
    `  end`,
    `endmodule`,
  ];
}

/** A chain of `depth` registers delaying `bundle` (width bits); returns the chain's declarations and output name. */
function skewChain(name: string, bundle: string, width: number, depth: number): { lines: string[]; out: string } {
  if (depth === 0) return { lines: [], out: bundle };
  const lines: string[] = [];
  for (let d = 1; d <= depth; d++) lines.push(`  reg [${width - 1}:0] ${name}_${d};`);
  lines.push(`  always @(posedge clk) begin`);
  lines.push(`    if (rst) begin ${Array.from({ length: depth }, (_, d) => `${name}_${d + 1} <= 0;`).join(' ')} end`);
  lines.push(`    else begin ${Array.from({ length: depth }, (_, d) => `${name}_${d + 1} <= ${d === 0 ? bundle : `${name}_${d}`};`).join(' ')} end`);
  lines.push(`  end`);
  return { lines, out: `${name}_${depth}` };
}

/**
 * The pipelined controller's record of what it fed (the Verilog of dataflow/wavefront.ts): each field delayed by
 * 0..depth cycles, so that a PE i+j cycles from the edge knows which fold its word belongs to.
 */
function feedHistory(fields: Array<[name: string, bits: number, now: string]>, depth: number): { lines: string[]; at: (name: string, delay: number) => string } {
  const lines: string[] = [];
  for (const [name, bits, now] of fields) {
    lines.push(`  wire [${bits - 1}:0] hist_${name}_0 = ${now};`);
    if (depth === 0) continue;
    lines.push(`  reg [${bits - 1}:0] ${Array.from({ length: depth }, (_, d) => `hist_${name}_${d + 1}`).join(', ')};`);
    lines.push(`  always @(posedge clk) begin ${Array.from({ length: depth }, (_, d) => `hist_${name}_${d + 1} <= rst ? 0 : hist_${name}_${d};`).join(' ')} end`);
  }
  return { lines, at: (name, delay) => `hist_${name}_${delay}` };
}

function portList(s: RtlArraySpec): string[] {
  const p = arrayPorts(s);
  const Q = s.accBits;
  return [
    `  input clk, input rst, input start,`,
    `  input [${DIM_BITS - 1}:0] m, input [${DIM_BITS - 1}:0] k, input [${DIM_BITS - 1}:0] n,`,
    `  output [${p.aPorts * ADDR_BITS - 1}:0] a_addr, input [${p.aPorts * s.aBits - 1}:0] a_data,`,
    `  output [${p.bPorts * ADDR_BITS - 1}:0] b_addr, input [${p.bPorts * s.bBits - 1}:0] b_data,`,
    `  output [${p.cPorts - 1}:0] c_we, output [${p.cPorts * ADDR_BITS - 1}:0] c_addr, output [${p.cPorts * Q - 1}:0] c_wdata,`,
    ...(p.cReads ? [`  input [${p.cPorts * Q - 1}:0] c_rdata,`] : []),
    `  output reg busy, output reg done`,
  ];
}

function osArray(s: RtlArraySpec, prefix: string): string[] {
  const { rows: R, cols: C, aBits: AB, bBits: BB, accBits: Q } = s;
  const piped = s.micro === 'pipelined';
  // Pipelined: the feeders run whenever `feeding`, fold after fold; a PE's output address comes from the fold fed i+j cycles ago.
  const feeding = piped ? 'feeding' : 'busy';
  const hist = feedHistory([['m0', 32, 'm0'], ['n0', 32, 'n0']], piped ? R + C - 2 : 0);
  const L: string[] = [
    `// The OS array and its controller: folds of R rows (of M) by C columns (of N), column folds outer; each fold`,
    piped
      ? `// streams K; the next fold's stream follows at once (pipelined), and the run ends when the last fold's last operands reach PE(R-1,C-1).`
      : `// streams K and lasts until the last operands reach PE(R-1,C-1): K+R+C-2 cycles.`,
    `module ${prefix}systolic_array (`,
    ...portList(s),
    `);`,
    `  reg [31:0] t, m0, n0;`,
    ...(piped ? [`  reg feeding;`] : []),
    `  wire [31:0] m32 = {16'd0, m}, k32 = {16'd0, k}, n32 = {16'd0, n};`,
    `  wire [31:0] mf = (m32 - m0 < ${u32(R)}) ? m32 - m0 : ${u32(R)};`,
    `  wire [31:0] nf = (n32 - n0 < ${u32(C)}) ? n32 - n0 : ${u32(C)};`,
    `  wire fold_end;`,
    ...(piped ? hist.lines : []),
  ];
  // Left edge: row i reads A[m0+i][t]; its skew chain delays it i cycles, so PE(i,0) sees A[m0+i][t-i].
  for (let i = 0; i < R; i++) {
    L.push(`  assign a_addr[${i * 32} +: 32] = (m0 + ${u32(i)}) * k32 + t;`);
    L.push(`  wire [${AB + 2}:0] feed_a_${i} = {${feeding} && t < k32 && ${u32(i)} < mf, ${feeding} && t == 32'd0, ${feeding} && t == k32 - 32'd1, a_data[${i * AB} +: ${AB}]};`);
    const chain = skewChain(`skew_a_${i}`, `feed_a_${i}`, AB + 3, i);
    L.push(...chain.lines, `  wire [${AB + 2}:0] edge_a_${i} = ${chain.out};`);
  }
  // Top edge: column j reads B[t][n0+j], delayed j cycles.
  for (let j = 0; j < C; j++) {
    L.push(`  assign b_addr[${j * 32} +: 32] = t * n32 + n0 + ${u32(j)};`);
    L.push(`  wire [${BB + 1}:0] feed_b_${j} = {${feeding} && t < k32 && ${u32(j)} < nf, ${feeding} && t == k32 - 32'd1, b_data[${j * BB} +: ${BB}]};`);
    const chain = skewChain(`skew_b_${j}`, `feed_b_${j}`, BB + 2, j);
    L.push(...chain.lines, `  wire [${BB + 1}:0] edge_b_${j} = ${chain.out};`);
  }
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const id = `${i}_${j}`;
      const left = `${i}_${j - 1}`;
      const up = `${i - 1}_${j}`;
      const p = i * C + j;
      L.push(
        `  wire [${AB - 1}:0] a_q_${id}; wire a_v_${id}, a_f_${id}, a_l_${id};`,
        `  wire [${BB - 1}:0] b_q_${id}; wire b_v_${id}, b_l_${id};`,
        `  wire [${AB - 1}:0] ain_${id} = ${j === 0 ? `edge_a_${i}[${AB - 1}:0]` : `a_q_${left}`};`,
        `  wire ain_v_${id} = ${j === 0 ? `edge_a_${i}[${AB + 2}]` : `a_v_${left}`}, ain_f_${id} = ${j === 0 ? `edge_a_${i}[${AB + 1}]` : `a_f_${left}`}, ain_l_${id} = ${j === 0 ? `edge_a_${i}[${AB}]` : `a_l_${left}`};`,
        `  wire [${BB - 1}:0] bin_${id} = ${i === 0 ? `edge_b_${j}[${BB - 1}:0]` : `b_q_${up}`};`,
        `  wire bin_v_${id} = ${i === 0 ? `edge_b_${j}[${BB + 1}]` : `b_v_${up}`}, bin_l_${id} = ${i === 0 ? `edge_b_${j}[${BB}]` : `b_l_${up}`};`,
        `  ${prefix}systolic_pe ${peInstance(i, j)} (.clk(clk), .rst(rst),`,
        `    .a_in(ain_${id}), .a_v_in(ain_v_${id}), .a_f_in(ain_f_${id}), .a_l_in(ain_l_${id}),`,
        `    .b_in(bin_${id}), .b_v_in(bin_v_${id}), .b_l_in(bin_l_${id}),`,
        `    .a_out(a_q_${id}), .a_v_q(a_v_${id}), .a_f_q(a_f_${id}), .a_l_q(a_l_${id}),`,
        `    .b_out(b_q_${id}), .b_v_q(b_v_${id}), .b_l_q(b_l_${id}),`,
        `    .result_we(c_we[${p}]), .result(c_wdata[${p * Q} +: ${Q}]));`,
        piped
          ? `  assign c_addr[${p * 32} +: 32] = (${hist.at('m0', i + j)} + ${u32(i)}) * n32 + ${hist.at('n0', i + j)} + ${u32(j)};`
          : `  assign c_addr[${p * 32} +: 32] = (m0 + ${u32(i)}) * n32 + n0 + ${u32(j)};`,
      );
    }
  }
  const corner = `${R - 1}_${C - 1}`;
  const lastFold = (m0: string, n0: string) => `${m0} + ${u32(R)} >= m32 && ${n0} + ${u32(C)} >= n32`;
  if (piped) {
    L.push(
      `  // A fold ends on the cycle its last operands reach the bottom-right PE; the run, when that fold is the last.`,
      `  assign fold_end = busy & ain_l_${corner} & bin_l_${corner};`,
      `  always @(posedge clk) begin`,
      `    if (rst) begin`,
      `      t <= 0; m0 <= 0; n0 <= 0; feeding <= 0; busy <= 0; done <= 0;`,
      `    end else if (!busy) begin`,
      `      if (start) begin busy <= 1; feeding <= 1; done <= 0; t <= 0; m0 <= 0; n0 <= 0; end`,
      `    end else begin`,
      `      if (feeding) begin`,
      `        if (t == k32 - 32'd1) begin`,
      `          t <= 0;`,
      `          if (${lastFold('m0', 'n0')}) feeding <= 0;`,
      `          else if (m0 + ${u32(R)} >= m32) begin m0 <= 0; n0 <= n0 + ${u32(C)}; end`,
      `          else m0 <= m0 + ${u32(R)};`,
      `        end else t <= t + 32'd1;`,
      `      end`,
      `      if (fold_end && ${lastFold(hist.at('m0', R + C - 2), hist.at('n0', R + C - 2))}) begin busy <= 0; done <= 1; end`,
      `    end`,
      `  end`,
      `endmodule`,
    );
    return L;
  }
  L.push(
    `  // The fold ends on the cycle the last operands reach the bottom-right PE.`,
    `  assign fold_end = busy & ain_l_${corner} & bin_l_${corner};`,
    `  always @(posedge clk) begin`,
    `    if (rst) begin`,
    `      t <= 0; m0 <= 0; n0 <= 0; busy <= 0; done <= 0;`,
    `    end else if (!busy) begin`,
    `      if (start) begin busy <= 1; done <= 0; t <= 0; m0 <= 0; n0 <= 0; end`,
    `    end else if (fold_end) begin`,
    `      t <= 0;`,
    `      if (m0 + ${u32(R)} >= m32) begin`,
    `        m0 <= 0;`,
    `        if (n0 + ${u32(C)} >= n32) begin busy <= 0; done <= 1; end`,
    `        else n0 <= n0 + ${u32(C)};`,
    `      end else m0 <= m0 + ${u32(R)};`,
    `    end else t <= t + 32'd1;`,
    `  end`,
    `endmodule`,
  );
  return L;
}

function stationaryArray(s: RtlArraySpec, prefix: string, ws: boolean): string[] {
  const { rows: R, cols: C, accBits: Q } = s;
  const [sBits, wBits] = ws ? [s.aBits, s.bBits] : [s.bBits, s.aBits];
  // WS streams A (M×K) and keeps B (K×N); IS streams Bᵀ and keeps Aᵀ, and writes C transposed back.
  const [sPort, wPort] = ws ? ['a', 'b'] : ['b', 'a'];
  const piped = s.micro === 'pipelined';
  // Pipelined: the load (k0l, n0l) runs beside the stream (k0, n0); the bottom edge takes the fold of the slot fed R-1+j cycles ago.
  const [lk0, ln0] = piped ? ['k0l', 'n0l'] : ['k0', 'n0'];
  const hist = feedHistory([['first', 1, 'feeding && st == 32\'d0'], ['st', 32, 'st'], ['k0', 32, 'k0'], ['n0', 32, 'n0']], piped ? R + C - 2 : 0);
  const edge = (field: string, j: number) => (piped ? hist.at(field, R - 1 + j) : field);
  const sAddr = (i: number) => (ws ? `st * k32 + k0 + ${u32(i)}` : `(k0 + ${u32(i)}) * n32 + st`);
  const wAddr = (j: number) => (ws ? `(${lk0} + r) * n32 + ${ln0} + ${u32(j)}` : `(${ln0} + ${u32(j)}) * k32 + ${lk0} + r`);
  const cAddr = (j: number) => (ws ? `mm_${j} * n32 + ${edge('n0', j)} + ${u32(j)}` : `(${edge('n0', j)} + ${u32(j)}) * n32 + mm_${j}`);
  const feeding = piped ? 'feeding' : 'streaming';
  const F = sBits + (piped ? 2 : 1); // top bit of a fed S bundle: {valid, [first,] last, word}
  const L: string[] = [
    `// The ${s.dataflow.toUpperCase()} array and its controller: folds of R rows (of K) by C columns (of ${ws ? 'N' : 'M'}), column folds outer.`,
    `// Each fold loads the stationary tile in R cycles (bottom row's word first), then streams ${ws ? 'M' : 'N'} until the last`,
    piped
      ? `// partial sum leaves the bottom row. Pipelined: the next fold's load starts when this fold's FIRST flag enters PE(R-1,C-1).`
      : `// partial sum leaves the bottom row: ${ws ? 'M' : 'N'}+R+C-2 cycles.`,
    `module ${prefix}systolic_array (`,
    ...portList(s),
    `);`,
    `  reg [31:0] lt, st, k0, n0;`,
    `  reg loading, streaming;`,
    ...(piped ? [`  reg [31:0] k0l, n0l, k0r, n0r;`, `  reg feeding, ready, all_loaded;`] : []),
    `  wire [31:0] m32 = {16'd0, m}, k32 = {16'd0, k}, n32 = {16'd0, n};`,
    `  wire [31:0] tlen = ${ws ? 'm32' : 'n32'}, nc = ${ws ? 'n32' : 'm32'};`,
    `  wire [31:0] kf = (k32 - k0 < ${u32(R)}) ? k32 - k0 : ${u32(R)};`,
    `  wire [31:0] nf = (nc - n0 < ${u32(C)}) ? nc - n0 : ${u32(C)};`,
    ...(piped
      ? [`  wire [31:0] kf_l = (k32 - k0l < ${u32(R)}) ? k32 - k0l : ${u32(R)};`, `  wire [31:0] nf_l = (nc - n0l < ${u32(C)}) ? nc - n0l : ${u32(C)};`, ...hist.lines]
      : []),
    `  // Load cycle lt feeds tile row r = R-1-lt; its first cycle clears the stationary valid bits below row 0.`,
    `  wire [31:0] r = ${u32(R - 1)} - lt;`,
    `  wire load_start = loading && lt == 32'd0;`,
    `  wire fold_end;`,
    ...accAddFunction(s),
  ];
  for (let j = 0; j < C; j++) {
    L.push(`  assign ${wPort}_addr[${j * 32} +: 32] = ${wAddr(j)};`);
    L.push(`  wire feed_w_v_${j} = loading && r < ${piped ? 'kf_l' : 'kf'} && ${u32(j)} < ${piped ? 'nf_l' : 'nf'};`);
  }
  // Left edge: row i reads S[st][k0+i], delayed i cycles by its skew chain.
  for (let i = 0; i < R; i++) {
    L.push(`  assign ${sPort}_addr[${i * 32} +: 32] = ${sAddr(i)};`);
    L.push(`  wire [${F}:0] feed_s_${i} = {${feeding} && st < tlen && ${u32(i)} < kf,${piped ? ` ${feeding} && st == 32'd0,` : ''} ${feeding} && st == tlen - 32'd1, ${sPort}_data[${i * sBits} +: ${sBits}]};`);
    const chain = skewChain(`skew_s_${i}`, `feed_s_${i}`, F + 1, i);
    L.push(...chain.lines, `  wire [${F}:0] edge_s_${i} = ${chain.out};`);
  }
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const id = `${i}_${j}`;
      const left = `${i}_${j - 1}`;
      const up = `${i - 1}_${j}`;
      L.push(
        `  wire [${sBits - 1}:0] s_q_${id}; wire s_v_${id}, s_l_${id}${piped ? `, s_f_${id}` : ''};`,
        `  wire [${wBits - 1}:0] w_q_${id}; wire w_v_${id};`,
        `  wire [${Q - 1}:0] ps_q_${id}; wire ps_v_${id}, ps_l_${id}, out_we_${id};`,
        `  wire [${Q - 1}:0] out_val_${id};`,
        `  wire [${sBits - 1}:0] sin_${id} = ${j === 0 ? `edge_s_${i}[${sBits - 1}:0]` : `s_q_${left}`};`,
        `  wire sin_v_${id} = ${j === 0 ? `edge_s_${i}[${F}]` : `s_v_${left}`}, sin_l_${id} = ${j === 0 ? `edge_s_${i}[${sBits}]` : `s_l_${left}`};`,
        ...(piped ? [`  wire sin_f_${id} = ${j === 0 ? `edge_s_${i}[${sBits + 1}]` : `s_f_${left}`};`] : []),
        `  wire [${wBits - 1}:0] win_${id} = ${i === 0 ? `${wPort}_data[${j * wBits} +: ${wBits}]` : `w_q_${up}`};`,
        `  wire win_v_${id} = ${i === 0 ? `feed_w_v_${j}` : `!load_start && w_v_${up}`};`,
        // Row 0 starts the partial sum from zero; its LAST flag comes with the streamed word.
        `  wire [${Q - 1}:0] psin_${id} = ${i === 0 ? `${Q}'d0` : `ps_q_${up}`};`,
        `  wire psin_v_${id} = ${i === 0 ? `1'b0` : `ps_v_${up}`}, psin_l_${id} = ${i === 0 ? `sin_l_${id}` : `ps_l_${up}`};`,
        `  ${prefix}systolic_pe ${peInstance(i, j)} (.clk(clk), .rst(rst), .loading(loading), .streaming(streaming),`,
        `    .s_in(sin_${id}), .s_v_in(sin_v_${id}), .s_l_in(sin_l_${id}),${piped ? ` .s_f_in(sin_f_${id}),` : ''}`,
        `    .w_in(win_${id}), .w_v_in(win_v_${id}),`,
        `    .ps_in(psin_${id}), .ps_v_in(psin_v_${id}), .ps_l_in(psin_l_${id}),`,
        `    .s_out(s_q_${id}), .s_v_q(s_v_${id}), .s_l_q(s_l_${id}),${piped ? ` .s_f_q(s_f_${id}),` : ''}`,
        `    .w_out(w_q_${id}), .w_v_q(w_v_${id}),`,
        `    .ps_out(ps_q_${id}), .ps_v_q(ps_v_${id}), .ps_l_q(ps_l_${id}),`,
        `    .out_we(out_we_${id}), .out_val(out_val_${id}));`,
      );
    }
  }
  // Bottom edge: column j's partial sum for stream slot st-(R-1)-j leaves; later K-folds add into C.
  for (let j = 0; j < C; j++) {
    const id = `${R - 1}_${j}`;
    L.push(
      `  wire [31:0] mm_${j} = ${piped ? edge('st', j) : `st - ${u32(R - 1 + j)}`};`,
      `  assign c_we[${j}] = out_we_${id};`,
      `  assign c_addr[${j * 32} +: 32] = ${cAddr(j)};`,
      `  assign c_wdata[${j * Q} +: ${Q}] = ${edge('k0', j)} == 32'd0 ? out_val_${id} : acc_add(c_rdata[${j * Q} +: ${Q}], ${extendAcc(s, `out_val_${id}`)});`,
    );
  }
  const corner = `${R - 1}_${C - 1}`;
  if (piped) {
    const lastFold = (k0: string, n0: string) => `${k0} + ${u32(R)} >= k32 && ${n0} + ${u32(C)} >= nc`;
    const next = (k0: string, n0: string): [string, string] => [`(${k0} + ${u32(R)} >= k32 ? 32'd0 : ${k0} + ${u32(R)})`, `(${k0} + ${u32(R)} >= k32 ? ${n0} + ${u32(C)} : ${n0})`];
    const [nk0, nn0] = next('k0l', 'n0l');
    L.push(
      `  // A load is done after R cycles; a loaded fold streams once the previous fold's slots are all fed.`,
      `  wire load_done = loading && lt == ${u32(R - 1)};`,
      `  wire begin_stream = (ready || load_done) && (!feeding || st == tlen - 32'd1);`,
      `  // The next load starts on the cycle the streamed fold's FIRST flag enters PE(R-1,C-1): every PE has copied its shadow.`,
      `  wire load_go = !all_loaded && ${R + C - 3 >= 0 ? hist.at('first', R + C - 3) : 'begin_stream'};`,
      `  // A fold ends on the cycle its last partial sum reaches the bottom-right PE; the run, when that fold is the last.`,
      `  assign fold_end = streaming & psin_l_${corner};`,
      `  always @(posedge clk) begin`,
      `    if (rst) begin`,
      `      lt <= 0; st <= 0; k0 <= 0; n0 <= 0; k0l <= 0; n0l <= 0; k0r <= 0; n0r <= 0;`,
      `      loading <= 0; streaming <= 0; feeding <= 0; ready <= 0; all_loaded <= 0; busy <= 0; done <= 0;`,
      `    end else if (!busy) begin`,
      `      if (start) begin busy <= 1; done <= 0; loading <= 1; lt <= 0; k0l <= 0; n0l <= 0; all_loaded <= ${lastFold("32'd0", "32'd0")}; end`,
      `    end else begin`,
      `      // A one-row load (R = 1) ends on the edge the next one may start.`,
      `      if (load_go && (!loading || load_done)) begin loading <= 1; lt <= 0; k0l <= ${nk0}; n0l <= ${nn0}; all_loaded <= ${lastFold(nk0, nn0)}; end`,
      `      else if (load_done) loading <= 0;`,
      `      else if (loading) lt <= lt + 32'd1;`,
      `      if (begin_stream) begin`,
      `        feeding <= 1; streaming <= 1; st <= 0; ready <= 0;`,
      `        k0 <= ready ? k0r : k0l; n0 <= ready ? n0r : n0l;`,
      `      end else begin`,
      `        if (load_done) begin ready <= 1; k0r <= k0l; n0r <= n0l; end`,
      `        if (feeding) begin if (st == tlen - 32'd1) feeding <= 0; else st <= st + 32'd1; end`,
      `      end`,
      `      if (fold_end && ${lastFold(hist.at('k0', R + C - 2), hist.at('n0', R + C - 2))}) begin busy <= 0; done <= 1; streaming <= 0; end`,
      `    end`,
      `  end`,
      `endmodule`,
    );
    return L;
  }
  L.push(
    `  // The fold ends on the cycle the last partial sum reaches the bottom-right PE.`,
    `  assign fold_end = streaming & psin_l_${corner};`,
    `  always @(posedge clk) begin`,
    `    if (rst) begin`,
    `      lt <= 0; st <= 0; k0 <= 0; n0 <= 0; loading <= 0; streaming <= 0; busy <= 0; done <= 0;`,
    `    end else if (!busy) begin`,
    `      if (start) begin busy <= 1; done <= 0; loading <= 1; lt <= 0; k0 <= 0; n0 <= 0; end`,
    `    end else if (loading) begin`,
    `      if (lt == ${u32(R - 1)}) begin loading <= 0; streaming <= 1; st <= 0; end`,
    `      else lt <= lt + 32'd1;`,
    `    end else if (fold_end) begin`,
    `      streaming <= 0;`,
    `      if (k0 + ${u32(R)} >= k32) begin`,
    `        k0 <= 0;`,
    `        if (n0 + ${u32(C)} >= nc) begin busy <= 0; done <= 1; end`,
    `        else begin n0 <= n0 + ${u32(C)}; loading <= 1; lt <= 0; end`,
    `      end else begin k0 <= k0 + ${u32(R)}; loading <= 1; lt <= 0; end`,
    `    end else st <= st + 32'd1;`,
    `  end`,
    `endmodule`,
  );
  return L;
}

/**
 * The array's Verilog file: the PE module and the array module with its skew registers and controller. `prefix`
 * starts every module name, so that several arrays can be built into one simulation.
 */
export function arrayVerilog(s: RtlArraySpec, prefix = ''): string {
  const pe = `${s.aSigned ? 'int' : 'uint'}${s.aBits}×${s.bSigned ? 'int' : 'uint'}${s.bBits}`;
  const header = [
    `// Generated by \`systolic rtl\`: ${s.rows}×${s.cols} ${s.dataflow.toUpperCase()} array of ${pe} PEs, ${s.accBits}-bit ${s.accSigned ? 'signed' : 'unsigned'} accumulator (${s.overflow}),`,
    `// ${s.gating} gating${s.micro === 'pipelined' ? ', pipelined' : ''}: the same registers, cycle for cycle, as the simulator's reference engine (docs/rtl.md).`,
  ];
  return [...header, '', ...RTL_DATAFLOWS[s.dataflow].modules(s, prefix), ''].join('\n');
}
