// The tables `systolic run` prints beyond the op table: a model's ops summed by name and its blocks, the energy of
// a block or model per image by op kind and layer group, and a topology's layers.
import type { OpResult } from '../sim/op-result.js';
import type { Result } from '../sim/result.js';
import { perPeMean } from '../workloads/layer-summary.js';
import { energy, int, pct, table } from './format.js';

/** `blocks.3.fc1` → `fc1`: a model's ops by their name within a block. */
const baseName = (name: string) => name.replace(/^blocks\.\d+\./, '');

/** A model's ops summed over its blocks, one row per op name in the order they first run; cosine: the last block's. */
export function modelOpTable(r: Result): string {
  const byName = new Map<string, OpResult[]>();
  for (const op of r.ops) byName.set(baseName(op.name), [...(byName.get(baseName(op.name)) ?? []), op]);
  const rows = [['op', 'kind', 'count', 'cycles', 'MACs', 'util', 'energy', 'edge+sram', 'per-PE mean', 'cosine (last)']];
  for (const [name, ops] of byName) {
    const sum = (f: (op: OpResult) => number) => ops.reduce((s, op) => s + f(op), 0);
    const [cycles, macs] = [sum((op) => op.cycles), sum((op) => op.macs)];
    const cols = ops[0]!.rows * ops[0]!.cols;
    rows.push([name, ops[0]!.kind, String(ops.length), int(cycles), int(macs), macs === 0 ? '-' : pct(macs / (cycles * cols)), energy(sum((op) => op.energyPj.total)), energy(sum((op) => op.energyPj.edge + op.energyPj.sram)), energy(sum(perPeMean)), ops.at(-1)!.accuracy.cosine.toFixed(5)]);
  }
  return table(rows);
}

/** One row per encoder block: its cycles and energy, by layer group, and its output's accuracy. */
export function blockTable(r: Result): string {
  const s = r.summary!;
  const groups = Object.keys(s.blocks[0]?.groups ?? {});
  const rows = [['block', 'cycles', 'MACs', 'energy', ...groups, 'output cosine']];
  for (const b of s.blocks) rows.push([b.name, int(b.cycles), int(b.macs), energy(b.energyPj), ...groups.map((g) => energy(b.groups[g]!)), b.outputAccuracy.cosine.toFixed(6)]);
  return table(rows);
}

/** Energy per image, and the run's energy by op kind and by layer group. */
export function summaryLines(r: Result): string[] {
  const s = r.summary!;
  const split = (shares: Record<string, { energyPj: number }>) =>
    Object.entries(shares)
      .filter(([, v]) => v.energyPj > 0)
      .map(([k, v]) => `${k} ${energy(v.energyPj)} (${pct(v.energyPj / r.totals.energyPj.total)})`)
      .join(', ');
  return [`energy per image ${energy(s.energyPerImagePj)}, ${int(s.cyclesPerImage)} cycles per image (${s.images} image${s.images > 1 ? 's' : ''})`, `by op kind: ${split(s.byKind)}`, `by layer group: ${split(s.byGroup)}`];
}

/** One row per topology layer: its GEMM, cycles, energy and edge-buffer traffic. */
export function topologyTable(r: Result): string {
  const rows = [['layer', 'GEMM', 'cycles', 'MACs', 'util', 'energy', 'SRAM reads', 'SRAM writes', 'per-PE mean', 'cosine']];
  for (const op of r.ops) {
    rows.push([op.name, `${op.instances > 1 ? `${op.instances}×` : ''}${op.m}×${op.k}·${op.k}×${op.n}`, int(op.cycles), int(op.macs), pct(op.utilization), energy(op.energyPj.total), int(op.sram.reads), int(op.sram.writes), energy(perPeMean(op)), op.accuracy.cosine.toFixed(5)]);
  }
  const t = r.totals;
  rows.push(['total', '', int(t.cycles), int(t.macs), '', energy(t.energyPj.total), int(r.ops.reduce((s, op) => s + op.sram.reads, 0)), int(r.ops.reduce((s, op) => s + op.sram.writes, 0)), '', '']);
  return table(rows);
}
