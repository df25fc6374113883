// A sweep: array size against cycles, energy, energy-delay product and utilization, one line per series in grid
// order, each series its own colour and dash, under one key; and every point as a table row, in grid order.
import { seriesStyle } from '../palette.js';
import type { ReportData, ReportPoint } from '../report-data.js';
import { displayed, valueAxis, type Charts, type Measure } from './charts.js';
import { canvasIn, el, numberTable } from './dom.js';
import { seriesKey } from './series-key.js';

interface Metric {
  title: string;
  measure: Measure;
  suffix?: string;
  value: (p: ReportPoint) => number;
}

const METRICS: Metric[] = [
  { title: 'cycles', measure: 'count', value: (p) => p.cycles },
  { title: 'energy', measure: 'energy', value: (p) => p.energyPj },
  { title: 'energy-delay product', measure: 'energy', suffix: '·s', value: (p) => p.edp },
  { title: 'utilization', measure: 'percent', value: (p) => p.utilization },
];

const arrayOf = (p: ReportPoint) => `${p.rows}×${p.cols}`;

/** Array sizes on the x axis: by PE count, then rows. */
function arrays(points: ReportPoint[]): string[] {
  const sorted = [...points].sort((a, b) => a.rows * a.cols - b.rows * b.cols || a.rows - b.rows);
  return [...new Set(sorted.map(arrayOf))];
}

function metricChart(parent: HTMLElement, charts: Charts, points: ReportPoint[], m: Metric): void {
  const series = [...new Set(points.map((p) => p.series))];
  const labels = arrays(points);
  const raw = series.map((s) => labels.map((a) => {
    const p = points.find((q) => q.series === s && arrayOf(q) === a);
    return p ? m.value(p) : null;
  }));
  const scaled = displayed(m.title, m.measure, raw, m.suffix);
  const title = scaled.title;
  charts.add(canvasIn(parent, 'half'), {
    type: 'line',
    data: {
      labels,
      datasets: series.map((s, i) => {
        const style = seriesStyle(i);
        return { label: s, data: scaled.series[i]!, borderColor: style.colour, backgroundColor: style.colour, borderDash: style.dash, spanGaps: true };
      }),
    },
    options: {
      plugins: { title: { display: true, text: title }, legend: { display: false } },
      scales: { x: { title: { display: true, text: 'array (rows×columns)' } }, y: m.measure === 'percent' ? { ...valueAxis(title), min: 0, max: 100 } : valueAxis(title, true) },
    },
  });
}

export function sweepSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  el('p', body, 'One line per series (everything but the array size), in the order of the sweep grid. Energy: array, edge units and SRAM.', 'note');
  seriesKey(body, [...new Set(data.points.map((p) => p.series))]);
  const row = el('div', body, undefined, 'row');
  for (const m of METRICS) metricChart(row, charts, data.points, m);
  numberTable(body, [
    { head: '#', format: 'integer', value: (p) => p.index },
    { head: 'series', text: (p) => p.series },
    { head: 'array', text: arrayOf },
    { head: 'cycles', quantity: 'count', value: (p) => p.cycles },
    { head: 'energy', quantity: 'energy', value: (p) => p.energyPj },
    { head: 'EDP', quantity: 'energy', suffix: '·s', value: (p) => p.edp },
    { head: 'array area', format: 'areaMm2', value: (p) => p.areaMm2 },
    { head: 'energy × area', quantity: 'energy', suffix: '·mm²', value: (p) => p.energyAreaPjMm2 },
    { head: 'utilization', format: 'percent', value: (p) => p.utilization },
    { head: 'per-PE mean', quantity: 'energy', value: (p) => p.perPeMeanPj },
    { head: 'cosine', format: 'cosine', value: (p) => p.cosine },
  ], data.points);
}
