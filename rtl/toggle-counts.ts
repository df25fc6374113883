// Toggle counters of the testbench (simulation only): for every PE register the simulator counts, Σ popcount(old ⊕ new)
// over the GEMM's clock edges, observed through hierarchical references into the array, and the file they are
// written to. Counting in the testbench keeps the array synthesizable and the Verilator build small (per-bit toggle
// coverage of a 32×32 array made the C++ four times larger; docs/rtl.md).
import { countedRegisters, peInstance, type CountedRegister } from './array-verilog.js';
import type { RtlArraySpec } from './rtl-spec.js';

/** Per PE (row-major) toggles of each counted register. */
export type RegisterToggles = Partial<Record<CountedRegister, number[]>>;

/**
 * Declarations and the counting block: `last_*` holds each register's value one edge ago, so on every edge the
 * counter adds the change of the edge before. `toggleSum(p, reg)` is the count up to the last edge (what the dump writes).
 */
export function toggleCounterLines(s: RtlArraySpec): { lines: string[]; sum: (i: number, j: number, name: string) => string } {
  const regs = countedRegisters(s);
  const decl: string[] = [];
  const reset: string[] = [];
  const count: string[] = [];
  for (let i = 0; i < s.rows; i++) {
    for (let j = 0; j < s.cols; j++) {
      for (const r of regs) {
        const id = `${i}_${j}_${r.name}`;
        decl.push(`  reg [${r.bits - 1}:0] last_${id}; reg [63:0] tog_${id};`);
        reset.push(`last_${id} <= 0; tog_${id} <= 0;`);
        count.push(`      tog_${id} <= tog_${id} + $countones(dut.${peInstance(i, j)}.${r.name} ^ last_${id}); last_${id} <= dut.${peInstance(i, j)}.${r.name};`);
      }
    }
  }
  return {
    lines: [
      `  // Toggle counters (simulation only): each register's change on every clock edge after reset, as Σ popcount(old ^ new).`,
      ...decl,
      `  always @(posedge clk) begin`,
      `    if (rst) begin`,
      ...reset.map((l) => `      ${l}`),
      `    end else begin`,
      ...count,
      `    end`,
      `  end`,
    ],
    sum: (i, j, name) => `tog_${i}_${j}_${name} + $countones(dut.${peInstance(i, j)}.${name} ^ last_${i}_${j}_${name})`,
  };
}

/** The toggle file: one line per PE (row-major), the counted registers' counts in countedRegisters order. */
export function parseToggles(s: RtlArraySpec, text: string): RegisterToggles {
  const regs = countedRegisters(s);
  const lines = text.trim().split('\n');
  if (lines.length !== s.rows * s.cols) throw new Error(`toggles: ${lines.length} lines, expected ${s.rows * s.cols} (one per PE)`);
  const out: RegisterToggles = {};
  for (const r of regs) out[r.counter] = [];
  for (const line of lines) {
    const counts = line.trim().split(/\s+/).map(Number);
    if (counts.length !== regs.length || counts.some((c) => !Number.isSafeInteger(c))) throw new Error(`toggles: "${line}" is not ${regs.length} counts`);
    regs.forEach((r, x) => out[r.counter]!.push(counts[x] as number));
  }
  return out;
}
