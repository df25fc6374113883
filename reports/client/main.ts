// Browser side of the HTML report: per-PE energy heatmaps (before and after on one colour scale), energy
// breakdown, cycles and utilization, accuracy, sweep curves, and every number as a table.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Colors,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Title,
  Tooltip,
} from 'chart.js';
import { MatrixController, MatrixElement } from 'chartjs-chart-matrix';
import type { ReportData, ReportPoint, ReportRun } from '../report-data.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LogarithmicScale, LineController, LineElement, PointElement, Legend, Tooltip, Title, Colors, MatrixController, MatrixElement);
Chart.defaults.animation = false;

const data = JSON.parse(document.getElementById('report-data')!.textContent!) as ReportData;
const app = document.getElementById('app')!;
const COMPONENTS = ['registers', 'multiplier', 'adder', 'clock', 'leakage', 'sram', 'edge'];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, parent: HTMLElement, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

function canvas(parent: HTMLElement, wide = false): HTMLCanvasElement {
  const box = el('div', parent, undefined, wide ? 'wide' : 'chart');
  return el('canvas', box);
}

function numberTable(parent: HTMLElement, head: string[], rows: (string | number)[][]): void {
  const t = el('table', parent);
  const tr = el('tr', t);
  for (const h of head) el('th', tr, h);
  for (const r of rows) {
    const row = el('tr', t);
    for (const c of r) el('td', row, typeof c === 'number' ? fmt(c) : c);
  }
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(4);
  return Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(4);
}

/** Viridis-like ramp from dark blue (0) to yellow (max). */
function colour(v: number, max: number): string {
  const t = max > 0 ? Math.min(1, v / max) : 0;
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const x = t * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const c = stops[i]!.map((a, k) => Math.round(a + (stops[i + 1]![k]! - a) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

function heatmap(parent: HTMLElement, run: ReportRun, opName: string, max: number, perPe = run.ops.find((o) => o.name === opName)!.perPeEnergyPj): void {
  const cells = perPe.map((v, p) => ({ x: p % run.cols, y: Math.floor(p / run.cols), v }));
  new Chart(canvas(parent), {
    type: 'matrix',
    data: {
      datasets: [
        {
          label: `${run.label} ${opName}`,
          data: cells,
          backgroundColor: (ctx) => colour((ctx.raw as { v: number } | undefined)?.v ?? 0, max),
          width: ({ chart }) => (chart.chartArea?.width ?? 0) / run.cols - 1,
          height: ({ chart }) => (chart.chartArea?.height ?? 0) / run.rows - 1,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        title: { display: true, text: `${run.label}: ${opName} per-PE energy (pJ, scale 0–${fmt(max)})` },
        tooltip: { callbacks: { label: (ctx) => { const r = ctx.raw as { x: number; y: number; v: number }; return `PE(${r.y},${r.x}) ${fmt(r.v)} pJ`; } } },
      },
      scales: {
        x: { type: 'linear', offset: true, min: 0, max: run.cols - 1, title: { display: true, text: 'column' }, ticks: { stepSize: Math.max(1, Math.ceil(run.cols / 8)) }, grid: { display: false } },
        y: { type: 'linear', offset: true, reverse: true, min: 0, max: run.rows - 1, title: { display: true, text: 'row' }, ticks: { stepSize: Math.max(1, Math.ceil(run.rows / 8)) }, grid: { display: false } },
      },
    },
  });
}

/** Runs of whole blocks or models: energy per image, by op kind and per block by layer group, and one heatmap per block. */
function blocksSection(runs: ReportRun[]): void {
  el('h2', app, 'Energy per layer type and per block');
  numberTable(app, ['run', 'images', 'energy per image pJ', ...Object.keys(runs[0]!.summary!.byKind).map((k) => `${k} pJ`)], runs.map((r) => [r.label, r.summary!.images, r.summary!.energyPerImagePj, ...Object.values(r.summary!.byKind)]));
  const groups = Object.keys(runs[0]!.summary!.blocks[0]?.groups ?? {});
  const labels = runs.flatMap((r) => r.summary!.blocks.map((b) => `${r.label} ${b.name}`));
  new Chart(canvas(app, true), {
    type: 'bar',
    data: { labels, datasets: groups.map((g) => ({ label: g, data: runs.flatMap((r) => r.summary!.blocks.map((b) => b.groups[g] ?? 0)) })) },
    options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'pJ' } } } },
  });
  numberTable(app, ['run / block', ...groups.map((g) => `${g} pJ`), 'output cosine'], runs.flatMap((r) => r.summary!.blocks.map((b) => [`${r.label} ${b.name}`, ...groups.map((g) => b.groups[g] ?? 0), b.outputCosine])));
  el('h3', app, 'Per-PE energy of each block (its ops summed)');
  const max = Math.max(...runs.flatMap((r) => r.summary!.blocks.flatMap((b) => b.perPeEnergyPj)));
  const names = [...new Set(runs.flatMap((r) => r.summary!.blocks.map((b) => b.name)))];
  for (const name of names) {
    const row = el('div', app, undefined, 'row');
    for (const run of runs) {
      const block = run.summary!.blocks.find((b) => b.name === name);
      if (block) heatmap(row, run, name, max, block.perPeEnergyPj);
    }
  }
}

/** Beyond this many ops a run's heatmaps are per block, not per op. */
const HEATMAP_OPS = 20;

function runsSection(runs: ReportRun[]): void {
  const summarized = runs.filter((r) => r.summary);
  if (summarized.length) blocksSection(summarized);
  el('h2', app, 'Per-PE energy heatmaps');
  el('p', app, `Each op of each run of at most ${HEATMAP_OPS} ops (a model's are per block, above); runs of the same op share one colour scale, so before and after compare directly.`, 'note');
  const mapped = runs.filter((r) => r.ops.length <= HEATMAP_OPS);
  // Execution order of the run with the most ops (FrameQuant's transforms come before their layers).
  const opNames = [...new Set([...mapped].sort((a, b) => b.ops.length - a.ops.length).flatMap((r) => r.ops.filter((o) => o.kind !== 'vector').map((o) => o.name)))];
  for (const name of opNames) {
    el('h3', app, name);
    const row = el('div', app, undefined, 'row');
    const max = Math.max(...mapped.flatMap((r) => r.ops.filter((o) => o.name === name).flatMap((o) => o.perPeEnergyPj)));
    for (const run of mapped) if (run.ops.some((o) => o.name === name)) heatmap(row, run, name, max);
  }

  el('h2', app, 'Energy breakdown by component');
  const labels = runs.flatMap((r) => r.ops.map((o) => `${r.label} ${o.name}`));
  new Chart(canvas(app, true), {
    type: 'bar',
    data: { labels, datasets: COMPONENTS.map((c) => ({ label: c, data: runs.flatMap((r) => r.ops.map((o) => o.energyPj[c] ?? 0)) })) },
    options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'pJ' } } } },
  });
  numberTable(app, ['run / op', ...COMPONENTS, 'total'], runs.flatMap((r) => r.ops.map((o) => [`${r.label} ${o.name}`, ...COMPONENTS.map((c) => o.energyPj[c] ?? 0), o.energyPj['total'] ?? 0])));

  el('h2', app, 'Cycles and utilization per op');
  const row = el('div', app, undefined, 'row');
  new Chart(canvas(row), { type: 'bar', data: { labels, datasets: [{ label: 'cycles', data: runs.flatMap((r) => r.ops.map((o) => o.cycles)) }] }, options: { maintainAspectRatio: false } });
  new Chart(canvas(row), {
    type: 'bar',
    data: { labels, datasets: [{ label: 'utilization (%)', data: runs.flatMap((r) => r.ops.map((o) => (o.kind === 'vector' ? 0 : 100 * o.utilization))) }] },
    options: { maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } },
  });
  numberTable(app, ['run / op', 'kind', 'cycles', 'MACs', 'utilization', 'per-PE mean pJ', 'per-PE max pJ'], runs.flatMap((r) => r.ops.map((o) => [`${r.label} ${o.name}`, o.kind, o.cycles, o.macs, o.utilization, o.perPeEnergyPj.reduce((a, b) => a + b, 0) / o.perPeEnergyPj.length, Math.max(...o.perPeEnergyPj)])));

  el('h2', app, 'Accuracy');
  el('p', app, 'Numeric error against a float64 reference of the same block (not ImageNet top-1).', 'note');
  numberTable(app, ['run / op', 'cosine', 'relative L2'], runs.flatMap((r) => [...r.ops.map((o) => [`${r.label} ${o.name}`, o.cosine, o.relL2]), [`${r.label} block output`, r.accuracy.cosine, r.accuracy.relL2]]));
  numberTable(app, ['run', 'cycles', 'energy pJ', 'power mW', 'per-PE mean pJ'], runs.map((r) => [r.label, r.totals.cycles, r.totals.energyPj, r.totals.powerMw, r.totals.perPeMeanPj]));
}

function sweepSection(points: ReportPoint[]): void {
  el('h2', app, 'Sweep: array size against cycles, energy, energy-delay product and utilization');
  const sizes = [...new Set(points.map((p) => p.rows * p.cols))].sort((a, b) => a - b);
  const sizeLabel = (s: number) => { const p = points.find((q) => q.rows * q.cols === s)!; return `${p.rows}×${p.cols}`; };
  const series = [...new Set(points.map((p) => p.series))];
  const row = el('div', app, undefined, 'row');
  const metrics: [keyof ReportPoint, string, boolean][] = [['cycles', 'cycles', true], ['energyPj', 'energy (pJ)', true], ['edp', 'energy-delay product (pJ·s)', true], ['utilization', 'utilization', false]];
  for (const [key, title, log] of metrics) {
    new Chart(canvas(row, true), {
      type: 'line',
      data: { labels: sizes.map(sizeLabel), datasets: series.map((s) => ({ label: s, data: sizes.map((size) => (points.find((p) => p.series === s && p.rows * p.cols === size)?.[key] as number | undefined) ?? null) })) },
      options: {
        maintainAspectRatio: false,
        plugins: { title: { display: true, text: title }, legend: { position: 'right', labels: { boxWidth: 12, font: { size: 10 } } } },
        scales: { y: log ? { type: 'logarithmic' } : { min: 0, max: 1 } },
      },
    });
  }
  numberTable(app, ['point', 'cycles', 'energy pJ', 'EDP pJ·s', 'utilization', 'per-PE mean pJ', 'cosine'], points.map((p) => [p.key, p.cycles, p.energyPj, p.edp, p.utilization, p.perPeMeanPj, p.cosine]));
}

if (data.runs.length) runsSection(data.runs);
if (data.points.length) sweepSection(data.points);
(window as unknown as { __reportReady: boolean }).__reportReady = true;
document.body.dataset['ready'] = 'true';
