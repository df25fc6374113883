// Simulates a mapped PE netlist with iverilog (cell delays from the library's specify blocks, so glitches count) on
// an operand stream, and returns each net's rising and falling transitions (from a VCD dump) and the accumulator
// after every clock edge.
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { flatVerilog, type Netlist } from './netlist.js';

export interface GateSimInput {
  netlist: Netlist;
  cellModels: string;
  /** Register words of the stream (two's complement or IEEE bits), one per cycle. */
  aWords: number[];
  bWords: number[];
  aBits: number;
  bBits: number;
  accBits: number;
  periodNs: number;
  workDir: string;
}

export interface GateSimResult {
  rises: Float64Array;
  falls: Float64Array;
  /** Accumulator (hex, as the netlist shows it) after each of the K+1 stream edges. */
  accTrace: string[];
  /** Clock edges simulated while toggles were counted. */
  cycles: number;
}

export function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.error) throw new Error(`${cmd}: cannot run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); install it (see docs/calibration.md)`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${(r.stderr || r.stdout).slice(-2000)}`);
  return r.stdout;
}

const hex = (words: number[], bits: number) => words.map((w) => w.toString(16).padStart(Math.ceil(bits / 4), '0')).join('\n') + '\n';

function testbench(n: Netlist, g: GateSimInput): string {
  const P = g.periodNs;
  const K = g.aWords.length;
  return `\`timescale 1ns/10ps
module tb;
  reg clk = 0, clr = 1;
  reg [${g.aBits - 1}:0] a_in = 0;
  reg [${g.bBits - 1}:0] b_in = 0;
  wire [${g.accBits - 1}:0] acc;
  reg [${g.aBits - 1}:0] as [0:${K - 1}];
  reg [${g.bBits - 1}:0] bs [0:${K - 1}];
  integer k, f;
  ${n.module} dut (.clk(clk), .clr(clr), .a_in(a_in), .b_in(b_in), .acc(acc));
  initial begin
    $readmemh("a.hex", as);
    $readmemh("b.hex", bs);
    f = $fopen("acc.txt", "w");
    // Reset: one edge with clr clears the accumulator and loads zero operands; one more settles the zeros.
    #${P / 2} clk = 1; #${P / 2} clk = 0; clr = 0;
    #${P / 2} clk = 1; #${P / 2} clk = 0;
    $dumpfile("sim.vcd");
    $dumpvars(1, tb.dut);
    for (k = 0; k < ${K}; k = k + 1) begin
      a_in = as[k]; b_in = bs[k];
      #${P / 2} clk = 1; #${P / 2} clk = 0;
      $fwrite(f, "%h\\n", acc);
    end
    // The last product reaches the accumulator one edge later; operands hold (their registers do not toggle).
    #${P / 2} clk = 1; #${P / 2} clk = 0;
    $fwrite(f, "%h\\n", acc);
    $fclose(f);
    $finish;
  end
endmodule
`;
}

/** Rising and falling transitions of each scalar net n<id> in a VCD, after its first (initial) value. */
export async function vcdToggles(path: string, nets: number): Promise<{ rises: Float64Array; falls: Float64Array }> {
  const rises = new Float64Array(nets);
  const falls = new Float64Array(nets);
  const idToNet = new Map<string, number>();
  const last = new Map<string, string>();
  let header = true;
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (header) {
      const v = /^\$var\s+\S+\s+1\s+(\S+)\s+n(\d+)\s+\$end/.exec(line);
      if (v) idToNet.set(v[1] as string, Number(v[2]));
      if (line.startsWith('$enddefinitions')) header = false;
      continue;
    }
    const c = line.charCodeAt(0);
    if (c !== 48 && c !== 49 && c !== 120 && c !== 122) continue; // 0 1 x z scalar changes only
    const id = line.slice(1);
    const net = idToNet.get(id);
    if (net === undefined) continue;
    const prev = last.get(id);
    const val = line[0] as string;
    last.set(id, val);
    if (prev === '0' && val === '1') rises[net]!++;
    else if (prev === '1' && val === '0') falls[net]!++;
  }
  return { rises, falls };
}

export async function gateSim(g: GateSimInput): Promise<GateSimResult> {
  if (g.aWords.length !== g.bWords.length || g.aWords.length === 0) throw new Error('gateSim: A and B streams need the same non-zero length');
  mkdirSync(g.workDir, { recursive: true });
  writeFileSync(join(g.workDir, 'net.v'), flatVerilog(g.netlist));
  writeFileSync(join(g.workDir, 'tb.v'), testbench(g.netlist, g));
  writeFileSync(join(g.workDir, 'a.hex'), hex(g.aWords, g.aBits));
  writeFileSync(join(g.workDir, 'b.hex'), hex(g.bWords, g.bBits));
  run('iverilog', ['-gspecify', '-o', 'sim.vvp', 'tb.v', 'net.v', g.cellModels], g.workDir);
  run('vvp', ['-n', 'sim.vvp'], g.workDir);
  const { rises, falls } = await vcdToggles(join(g.workDir, 'sim.vcd'), g.netlist.nets);
  const accTrace = readFileSync(join(g.workDir, 'acc.txt'), 'utf8').trim().split('\n');
  return { rises, falls, accTrace, cycles: g.aWords.length + 1 };
}
