// Plain-text rendering of results for the terminal.
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
  const rows = [...ENERGY_COMPONENTS, 'sram' as const, 'edge' as const].map((c) => [`  ${c}`, energy(e[c]), pct(e[c] / e.total)]);
  return table([['energy', energy(e.total), '100.0%'], ...rows]);
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
