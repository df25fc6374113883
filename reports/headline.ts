// The answer a report leads with: one sentence per comparison (or run, or sweep), then the headline figures as a
// table with a one-line meaning each. Pure text from ReportData, so the report and the explorer say the same thing.
import { change, cosine, count, energy, percent, ratio, significant, time } from './number-format.js';
import type { ReportComparison, ReportData, ReportPoint, ReportRun } from './report-data.js';

export interface FigureRow {
  figure: string;
  /** One per column of the headline. */
  values: string[];
  /** after/before, when the headline compares exactly two orders. */
  ratio?: string;
  meaning: string;
}

export interface Headline {
  answer: string[];
  columns: { head: string; numeric: boolean }[];
  /** Whether the rows carry an after/before column. */
  ratios: boolean;
  rows: FigureRow[];
}

/** Per-PE energy of the ops of one kind: the sum of their per-PE means (what the comparison's kind ratios divide). */
const perPeOfKind = (run: ReportRun, kind: string) => run.ops.filter((o) => o.kind === kind).reduce((s, o) => s + o.perPeEnergyPj.reduce((a, b) => a + b, 0) / o.perPeEnergyPj.length, 0);

const utilizationOf = (run: ReportRun) => run.totals.macs / (run.totals.cycles * run.rows * run.cols);

const opNames = (run: ReportRun, kind: string) => run.ops.filter((o) => o.kind === kind).map((o) => o.name).join(', ');

function comparisonSentence(c: ReportComparison, before: ReportRun, after: ReportRun, prefix: string): string {
  const r = c.perPeEnergyRatio;
  const cycles = c.cycleRatio === 1 ? 'in the same number of cycles' : `in ${ratio(c.cycleRatio)}× the cycles`;
  return (
    `${prefix}Dequantizing after the matrix ops, each PE spends ${ratio(r.block)}× the energy of dequantizing before them (${change(r.block)}): ` +
    `linear ops ${ratio(r.linear)}×, matmul ops ${ratio(r.matmul)}×. The whole block, with edge units and SRAM, takes ${ratio(c.totalEnergyRatio)}× the energy (${change(c.totalEnergyRatio)}), ${cycles}; ` +
    `the block output's cosine to float64 is ${cosine(before.accuracy.cosine)} before and ${cosine(after.accuracy.cosine)} after.`
  );
}

const runSentence = (run: ReportRun) =>
  `${run.label}: ${energy(run.totals.perPeMeanPj)} per PE and ${energy(run.totals.energyPj['total'] ?? 0)} in total over ${count(run.totals.cycles)} cycles (${time(run.totals.timeUs)}), cosine ${cosine(run.accuracy.cosine)} to float64.`;

export function runsHeadline(data: ReportData): Headline {
  const { runs, comparisons } = data;
  const byLabel = (label: string) => runs.find((r) => r.label === label)!;
  const prefix = (c: ReportComparison) => (comparisons.length > 1 ? `${c.source}: ` : '');
  const answer = comparisons.length ? comparisons.map((c) => comparisonSentence(c, byLabel(c.before), byLabel(c.after), prefix(c))) : runs.map(runSentence);
  // A ratio column only where it is unambiguous: the two runs of one comparison.
  const only = comparisons.length === 1 && runs.length === 2 ? comparisons[0] : undefined;
  const rows: FigureRow[] = [];
  const add = (figure: string, value: (r: ReportRun) => string, meaning: string, r?: number) => rows.push({ figure, values: runs.map(value), ...(only && r !== undefined && { ratio: ratio(r) }), meaning });
  add('Energy per PE', (r) => energy(r.totals.perPeMeanPj), 'mean energy one PE spends on the whole block (array only: no SRAM, no edge units)', only?.perPeEnergyRatio.block);
  for (const [kind, what] of [['linear', 'weights × activations'], ['matmul', 'activations × activations']] as const) {
    if (!runs.some((r) => r.ops.some((o) => o.kind === kind))) continue;
    add(`… in ${kind} ops`, (r) => (r.ops.some((o) => o.kind === kind) ? energy(perPeOfKind(r, kind)) : '–'), `per-PE energy of ${opNames(runs[0]!, kind) || `the ${kind} ops`} (${what})`, only?.perPeEnergyRatio[kind]);
  }
  add('Total energy', (r) => energy(r.totals.energyPj['total'] ?? 0), 'all energy of the block: array, edge units (dequantize, requantize, softmax) and SRAM', only?.totalEnergyRatio);
  add('Cycles', (r) => `${count(r.totals.cycles)} (${time(r.totals.timeUs)})`, 'clock cycles of the whole block, and the time they take at the technology clock', only?.cycleRatio);
  add('Utilization', (r) => percent(utilizationOf(r)), 'MACs per PE-cycle: the share of the array doing useful work');
  add('Accuracy (cosine)', (r) => cosine(r.accuracy.cosine), 'cosine similarity of the block output to a float64 reference of the same block; 1 is exact');
  add('Relative L2 error', (r) => significant(r.accuracy.relL2), '‖output − reference‖ / ‖reference‖ of the block output; 0 is exact');
  return { answer, columns: runs.map((r) => ({ head: r.label, numeric: true })), ratios: only !== undefined, rows };
}

const pointLabel = (p: ReportPoint) => `${p.series} on ${p.rows}×${p.cols}`;

function best(points: ReportPoint[], score: (p: ReportPoint) => number): ReportPoint {
  return points.reduce((a, b) => (score(b) < score(a) ? b : a));
}

export function sweepHeadline(points: ReportPoint[]): Headline {
  const series = new Set(points.map((p) => p.series)).size;
  const picks: [string, (p: ReportPoint) => number, (p: ReportPoint) => string, string][] = [
    ['Lowest energy', (p) => p.energyPj, (p) => energy(p.energyPj), 'all energy of the point: array, edge units and SRAM'],
    ['Fewest cycles', (p) => p.cycles, (p) => `${count(p.cycles)} (${time(p.timeUs)})`, 'clock cycles of the whole block'],
    ['Lowest energy-delay product', (p) => p.edp, (p) => `${energy(p.edp)}·s`, 'energy × time: low when a point is both frugal and fast'],
    ['Lowest energy per PE', (p) => p.perPeMeanPj, (p) => energy(p.perPeMeanPj), 'mean energy one PE spends on the block (array only)'],
    ['Highest utilization', (p) => -p.utilization, (p) => percent(p.utilization), 'MACs per PE-cycle'],
  ];
  const rows = picks.map(([figure, score, value, meaning]) => {
    const p = best(points, score);
    return { figure, values: [pointLabel(p), value(p)], meaning };
  });
  const answer = [`${points.length} points in ${series} series. ${rows.slice(0, 3).map((r) => `${r.figure}: ${r.values[0]}, ${r.values[1]}`).join('; ')}.`];
  return { answer, columns: [{ head: 'point', numeric: false }, { head: 'value', numeric: true }], ratios: false, rows };
}
