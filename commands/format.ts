// Plain-text rendering of results for the terminal.
import type { MemoryReport } from '../memory/memory-model.js';
import { ENERGY_COMPONENTS } from '../sim/power-model.js';
import type { OpResult } from '../sim/simulate-gemm.js';

export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** Energy with a unit that keeps 3–4 significant digits. */
export function energy(pj: number): string {
  const a = Math.abs(pj);
  if (a >= 1e9) return `${(pj / 1e9).toFixed(3)} mJ`;
  if (a >= 1e6) return `${(pj / 1e6).toFixed(3)} µJ`;
  if (a >= 1e3) return `${(pj / 1e3).toFixed(3)} nJ`;
  return `${pj.toFixed(3)} pJ`;
}

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')).join('\n');
}

export function energyBreakdown(e: OpResult['energyPj']): string {
  const rows = [...ENERGY_COMPONENTS, 'sram' as const, ...(e.dram !== undefined ? ['dram' as const] : []), 'edge' as const].map((c) => [`  ${c}`, energy(e[c]!), pct(e[c]! / e.total)]);
  return table([['energy', energy(e.total), '100.0%'], ...rows]);
}

/** The memory system in two lines: its configuration and stalls, then each operand's DRAM traffic. */
export function memoryLines(m: MemoryReport): string[] {
  const cycles = m.computeCycles + m.stallCycles;
  const port = m.bandwidth === 'calc' ? `bandwidth needed ${m.bandwidthNeeded.total.toFixed(2)} B/cycle (calc: no stalls)` : `${m.bandwidth} B/cycle`;
  return [
    `memory   ${m.mode}, buffers A ${m.sramKb.a} kB, B ${m.sramKb.b} kB, C ${m.sramKb.c} kB, ${m.dramTech}, ${port}: ${int(m.stallCycles)} stall cycles of ${int(cycles)} GEMM cycles (${pct(cycles > 0 ? m.stallCycles / cycles : 0)})`,
    `DRAM     A ${int(m.dram.a.reads)} reads, B ${int(m.dram.b.reads)} reads, C ${int(m.dram.c.writes)} writes (words; ${int((m.dramBits.a.reads + m.dramBits.b.reads + m.dramBits.c.writes) / 8)} bytes)`,
  ];
}

export function perPeSummary(perPe: number[], cols: number): string {
  let max = 0;
  let at = 0;
  let sum = 0;
  perPe.forEach((e, p) => {
    sum += e;
    if (e > max) [max, at] = [e, p];
  });
  return `per-PE energy  mean ${energy(sum / perPe.length)}, max ${energy(max)} at PE(${Math.floor(at / cols)},${at % cols})`;
}
