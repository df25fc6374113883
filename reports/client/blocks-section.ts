// Whole encoder blocks and models: energy per image and by op kind (linear, matmul, vector), then each block's
// energy stacked by layer group (attention, MLP, norm, other), the runs of a block next to each other.
import { seriesStyle } from '../palette.js';
import type { ReportData, ReportRun } from '../report-data.js';
import { displayed, valueAxis, type Charts } from './charts.js';
import { canvasIn, el, numberTable } from './dom.js';

export const summarized = (data: ReportData): ReportRun[] => data.runs.filter((r) => r.summary);

export function blocksSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  const runs = summarized(data);
  el('p', body, 'Runs of whole encoder blocks or models: energy per image, by op kind, and per block by layer group (other: residual adds).', 'note');
  const kinds = Object.keys(runs[0]!.summary!.byKind);
  numberTable(body, [
    { head: 'run', text: (r: ReportRun) => r.label },
    { head: 'images', format: 'integer', value: (r) => r.summary!.images },
    { head: 'energy per image', quantity: 'energy', value: (r) => r.summary!.energyPerImagePj },
    ...kinds.map((k) => ({ head: k, quantity: 'energy' as const, value: (r: ReportRun) => r.summary!.byKind[k] })),
  ], runs);
  const rows = runs.flatMap((run) => run.summary!.blocks.map((block) => ({ run, block }))).sort((a, b) => a.block.name.localeCompare(b.block.name, 'en', { numeric: true }));
  const groups = Object.keys(rows[0]?.block.groups ?? {});
  const { series, title } = displayed('energy', 'energy', groups.map((g) => rows.map((r) => r.block.groups[g] ?? 0)));
  charts.add(canvasIn(body, 'wide'), {
    type: 'bar',
    data: { labels: rows.map((r) => [r.block.name, r.run.label]), datasets: groups.map((g, i) => ({ label: g, data: series[i]!, backgroundColor: seriesStyle(i).colour })) },
    options: { plugins: { title: { display: true, text: 'energy per block by layer group' } }, scales: { x: { stacked: true }, y: { ...valueAxis(title), stacked: true } } },
  });
  numberTable(body, [
    { head: 'block', text: (r: (typeof rows)[number]) => r.block.name },
    { head: 'run', text: (r) => r.run.label },
    ...groups.map((g) => ({ head: g, quantity: 'energy' as const, value: (r: (typeof rows)[number]) => r.block.groups[g] })),
    { head: 'output cosine', format: 'cosine', value: (r) => r.block.outputCosine },
  ], rows);
}
