// Synthesizable Verilog of the simple systolic array (docs/microarchitecture.md): the PE, the skew registers at the
// array edges and the fold controller, register for register what dataflow/output-stationary.ts and
// dataflow/stationary.ts step.
import type { DataflowName } from '../dataflow/fold-plan.js';
import { accAddFunction, extendAcc, extendOperand, sumWidth } from './int-arith-verilog.js';
import type { RtlArraySpec } from './rtl-spec.js';
import type { CountedRegister } from './toggle-counts.js';

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

/** The PE registers whose toggles the simulator counts: its counter, the register's name in `systolic_pe`, its width. */
export function countedRegisters(s: RtlArraySpec): Array<{ counter: CountedRegister; name: string; bits: number }> {
  return [
    { counter: 'aReg', name: 'a_q', bits: s.aBits },
    { counter: 'bReg', name: 'b_q', bits: s.bBits },
    { counter: 'accReg', name: RTL_DATAFLOWS[s.dataflow].accReg, bits: s.accBits },
  ];
}

/** Hierarchical name of PE(i,j) under the array instance. */
export function peInstance(i: number, j: number): string {
  return `pe_r${i}_c${j}`;
}

const u32 = (v: number) => `32'd${v}`;


/**
 * A data register's write: valid gating writes it only when `enable` (its clock is gated otherwise); no gating
 * clocks it every cycle and loads zero when not enabled (docs/microarchitecture.md).
 */
function write(s: RtlArraySpec, enable: string, reg: string, value: string): string {
  return s.gating === 'valid' ? `if (${enable}) ${reg} <= ${value};` : `${reg} <= ${enable} ? ${value} : 0;`;
}

function productLines(s: RtlArraySpec, aWord: string, bWord: string): string[] {
  const w = sumWidth(s);
  const pb = s.aBits + s.bBits;
  return [
    `  // The multiplier (combinational). product is the simulator's product word, which it counts per MAC only (not compared).`,
    `  wire signed [${w - 1}:0] product_w = ${extendOperand(aWord, s.aBits, s.aSigned)} * ${extendOperand(bWord, s.bBits, s.bSigned)};`,
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
    ...productLines(s, 'a_in', 'b_in'),
    ...accAddFunction(s),
    `  wire [${Q}:0] acc_next = acc_add(a_f_in ? ${s.accBits}'d0 : acc_q, product_w);`,
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
    `      ${write(s, 'mac', 'acc_q', 'acc_next')}`,
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
 */
function stationaryPe(s: RtlArraySpec, prefix: string, ws: boolean): string[] {
  const [sBits, wBits] = ws ? [s.aBits, s.bBits] : [s.bBits, s.aBits];
  const [sReg, wReg] = ws ? ['a_q', 'b_q'] : ['b_q', 'a_q'];
  const Q = s.accBits - 1;
  return [
    `// PE(i,j) of the ${s.dataflow.toUpperCase()} array: ${ws ? 'B' : 'A'} stationary in ${wReg}, ${ws ? 'A' : 'B'} streamed through ${sReg}; psum <- psum_in + a*b.`,
        `module ${prefix}systolic_pe (`,
    `  input clk, input rst, input loading, input streaming,`,
    `  input [${sBits - 1}:0] s_in, input s_v_in, input s_l_in,`,
    `  input [${wBits - 1}:0] w_in, input w_v_in,`,
    `  input [${Q}:0] ps_in, input ps_v_in, input ps_l_in,`,
    `  output [${sBits - 1}:0] s_out, output reg s_v_q, output reg s_l_q,`,
    `  output [${wBits - 1}:0] w_out, output reg w_v_q,`,
    `  output [${Q}:0] ps_out, output reg ps_v_q, output reg ps_l_q,`,
    `  output out_we, output [${Q}:0] out_val`,
    `);`,
    `  reg [${sBits - 1}:0] ${sReg};`,
    `  reg [${wBits - 1}:0] ${wReg};`,
    `  reg [${Q}:0] psum_q;`,
    `  assign s_out = ${sReg};`,
    `  assign w_out = ${wReg};`,
    `  assign ps_out = psum_q;`,
    `  wire mac = streaming & s_v_in & w_v_q;`,
    ...productLines(s, ws ? 's_in' : wReg, ws ? wReg : 's_in'),
    ...accAddFunction(s),
    `  // A PE without a MAC forwards a valid partial sum from above unchanged.`,
    `  wire written = streaming & (mac | ps_v_in);`,
    `  wire [${Q}:0] ps_next = mac ? acc_add(ps_in, product_w) : ps_in;`,
    `  assign out_we = written;`,
    `  assign out_val = ps_next;`,
    `  always @(posedge clk) begin`,
    `    if (rst) begin`,
    `      ${sReg} <= 0; s_v_q <= 0; s_l_q <= 0; ${wReg} <= 0; w_v_q <= 0; psum_q <= 0; ps_v_q <= 0; ps_l_q <= 0;`,
    `    end else begin`,
    `      if (loading) begin`,
    `        w_v_q <= w_v_in;`,
    `        ${write(s, 'w_v_in', wReg, 'w_in')}`,
    ...(s.gating === 'none' ? [`        ${sReg} <= 0;`, `        psum_q <= 0;`] : []),
    `      end`,
    `      if (streaming) begin`,
    `        s_v_q <= s_v_in; s_l_q <= s_l_in; ps_v_q <= written; ps_l_q <= ps_l_in;`,
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
  const L: string[] = [
    `// The OS array and its controller: folds of R rows (of M) by C columns (of N), column folds outer; each fold`,
    `// streams K and lasts until the last operands reach PE(R-1,C-1): K+R+C-2 cycles.`,
        `module ${prefix}systolic_array (`,
    ...portList(s),
    `);`,
    `  reg [31:0] t, m0, n0;`,
    `  wire [31:0] m32 = {16'd0, m}, k32 = {16'd0, k}, n32 = {16'd0, n};`,
    `  wire [31:0] mf = (m32 - m0 < ${u32(R)}) ? m32 - m0 : ${u32(R)};`,
    `  wire [31:0] nf = (n32 - n0 < ${u32(C)}) ? n32 - n0 : ${u32(C)};`,
    `  wire fold_end;`,
  ];
  // Left edge: row i reads A[m0+i][t]; its skew chain delays it i cycles, so PE(i,0) sees A[m0+i][t-i].
  for (let i = 0; i < R; i++) {
    L.push(`  assign a_addr[${i * 32} +: 32] = (m0 + ${u32(i)}) * k32 + t;`);
    L.push(`  wire [${AB + 2}:0] feed_a_${i} = {busy && t < k32 && ${u32(i)} < mf, busy && t == 32'd0, busy && t == k32 - 32'd1, a_data[${i * AB} +: ${AB}]};`);
    const chain = skewChain(`skew_a_${i}`, `feed_a_${i}`, AB + 3, i);
    L.push(...chain.lines, `  wire [${AB + 2}:0] edge_a_${i} = ${chain.out};`);
  }
  // Top edge: column j reads B[t][n0+j], delayed j cycles.
  for (let j = 0; j < C; j++) {
    L.push(`  assign b_addr[${j * 32} +: 32] = t * n32 + n0 + ${u32(j)};`);
    L.push(`  wire [${BB + 1}:0] feed_b_${j} = {busy && t < k32 && ${u32(j)} < nf, busy && t == k32 - 32'd1, b_data[${j * BB} +: ${BB}]};`);
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
        `  assign c_addr[${p * 32} +: 32] = (m0 + ${u32(i)}) * n32 + n0 + ${u32(j)};`,
      );
    }
  }
  const corner = `${R - 1}_${C - 1}`;
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
  const sAddr = (i: number) => (ws ? `st * k32 + k0 + ${u32(i)}` : `(k0 + ${u32(i)}) * n32 + st`);
  const wAddr = (j: number) => (ws ? `(k0 + r) * n32 + n0 + ${u32(j)}` : `(n0 + ${u32(j)}) * k32 + k0 + r`);
  const cAddr = (j: number) => (ws ? `mm_${j} * n32 + n0 + ${u32(j)}` : `(n0 + ${u32(j)}) * n32 + mm_${j}`);
  const L: string[] = [
    `// The ${s.dataflow.toUpperCase()} array and its controller: folds of R rows (of K) by C columns (of ${ws ? 'N' : 'M'}), column folds outer.`,
    `// Each fold loads the stationary tile in R cycles (bottom row's word first), then streams ${ws ? 'M' : 'N'} until the last`,
    `// partial sum leaves the bottom row: ${ws ? 'M' : 'N'}+R+C-2 cycles.`,
        `module ${prefix}systolic_array (`,
    ...portList(s),
    `);`,
    `  reg [31:0] lt, st, k0, n0;`,
    `  reg loading, streaming;`,
    `  wire [31:0] m32 = {16'd0, m}, k32 = {16'd0, k}, n32 = {16'd0, n};`,
    `  wire [31:0] tlen = ${ws ? 'm32' : 'n32'}, nc = ${ws ? 'n32' : 'm32'};`,
    `  wire [31:0] kf = (k32 - k0 < ${u32(R)}) ? k32 - k0 : ${u32(R)};`,
    `  wire [31:0] nf = (nc - n0 < ${u32(C)}) ? nc - n0 : ${u32(C)};`,
    `  // Load cycle lt feeds tile row r = R-1-lt; its first cycle clears the stationary valid bits below row 0.`,
    `  wire [31:0] r = ${u32(R - 1)} - lt;`,
    `  wire load_start = loading && lt == 32'd0;`,
    `  wire fold_end;`,
    ...accAddFunction(s),
  ];
  for (let j = 0; j < C; j++) {
    L.push(`  assign ${wPort}_addr[${j * 32} +: 32] = ${wAddr(j)};`);
    L.push(`  wire feed_w_v_${j} = loading && r < kf && ${u32(j)} < nf;`);
  }
  // Left edge: row i reads S[st][k0+i], delayed i cycles by its skew chain.
  for (let i = 0; i < R; i++) {
    L.push(`  assign ${sPort}_addr[${i * 32} +: 32] = ${sAddr(i)};`);
    L.push(`  wire [${sBits + 1}:0] feed_s_${i} = {streaming && st < tlen && ${u32(i)} < kf, streaming && st == tlen - 32'd1, ${sPort}_data[${i * sBits} +: ${sBits}]};`);
    const chain = skewChain(`skew_s_${i}`, `feed_s_${i}`, sBits + 2, i);
    L.push(...chain.lines, `  wire [${sBits + 1}:0] edge_s_${i} = ${chain.out};`);
  }
  for (let i = 0; i < R; i++) {
    for (let j = 0; j < C; j++) {
      const id = `${i}_${j}`;
      const left = `${i}_${j - 1}`;
      const up = `${i - 1}_${j}`;
      L.push(
        `  wire [${sBits - 1}:0] s_q_${id}; wire s_v_${id}, s_l_${id};`,
        `  wire [${wBits - 1}:0] w_q_${id}; wire w_v_${id};`,
        `  wire [${Q - 1}:0] ps_q_${id}; wire ps_v_${id}, ps_l_${id}, out_we_${id};`,
        `  wire [${Q - 1}:0] out_val_${id};`,
        `  wire [${sBits - 1}:0] sin_${id} = ${j === 0 ? `edge_s_${i}[${sBits - 1}:0]` : `s_q_${left}`};`,
        `  wire sin_v_${id} = ${j === 0 ? `edge_s_${i}[${sBits + 1}]` : `s_v_${left}`}, sin_l_${id} = ${j === 0 ? `edge_s_${i}[${sBits}]` : `s_l_${left}`};`,
        `  wire [${wBits - 1}:0] win_${id} = ${i === 0 ? `${wPort}_data[${j * wBits} +: ${wBits}]` : `w_q_${up}`};`,
        `  wire win_v_${id} = ${i === 0 ? `feed_w_v_${j}` : `!load_start && w_v_${up}`};`,
        // Row 0 starts the partial sum from zero; its LAST flag comes with the streamed word.
        `  wire [${Q - 1}:0] psin_${id} = ${i === 0 ? `${Q}'d0` : `ps_q_${up}`};`,
        `  wire psin_v_${id} = ${i === 0 ? `1'b0` : `ps_v_${up}`}, psin_l_${id} = ${i === 0 ? `sin_l_${id}` : `ps_l_${up}`};`,
        `  ${prefix}systolic_pe ${peInstance(i, j)} (.clk(clk), .rst(rst), .loading(loading), .streaming(streaming),`,
        `    .s_in(sin_${id}), .s_v_in(sin_v_${id}), .s_l_in(sin_l_${id}),`,
        `    .w_in(win_${id}), .w_v_in(win_v_${id}),`,
        `    .ps_in(psin_${id}), .ps_v_in(psin_v_${id}), .ps_l_in(psin_l_${id}),`,
        `    .s_out(s_q_${id}), .s_v_q(s_v_${id}), .s_l_q(s_l_${id}),`,
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
      `  wire [31:0] mm_${j} = st - ${u32(R - 1 + j)};`,
      `  assign c_we[${j}] = out_we_${id};`,
      `  assign c_addr[${j * 32} +: 32] = ${cAddr(j)};`,
      `  assign c_wdata[${j * Q} +: ${Q}] = k0 == 32'd0 ? out_val_${id} : acc_add(c_rdata[${j * Q} +: ${Q}], ${extendAcc(s, `out_val_${id}`)});`,
    );
  }
  const corner = `${R - 1}_${C - 1}`;
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
    `// ${s.gating} gating: the same registers, cycle for cycle, as the simulator's reference engine (docs/rtl.md).`,
  ];
  return [...header, '', ...RTL_DATAFLOWS[s.dataflow].modules(s, prefix), ''].join('\n');
}
