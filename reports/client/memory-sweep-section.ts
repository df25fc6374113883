// A sweep over buffer sizes or DRAM bandwidths: the swept value on the x axis against cycles, energy and stall
// share, one line per everything else (the array size included), so buffers and bandwidth read against array size.
import { seriesStyle } from '../palette.js';
import type { ReportData, ReportPoint } from '../report-data.js';
import { displayed, valueAxis, type Charts, type Measure } from './charts.js';
import { canvasIn, el } from './dom.js';
import { seriesKey } from './series-key.js';

type Swept = 'sramKb' | 'bandwidth';
const LABELS: Record<Swept, string> = { sramKb: 'buffers A,B,C (kB)', bandwidth: 'DRAM bandwidth (B/cycle)' };

const valueOf = (p: ReportPoint, axis: Swept): string => {
  const c = p.memory!.config;
  return axis === 'sramKb' ? `${c.sramKb.a},${c.sramKb.b},${c.sramKb.c}` : String(c.bandwidth);
};
/** Buffers by their total size; bandwidths by value, calc (unlimited) last. */
const rank = (v: string, axis: Swept): number => (axis === 'sramKb' ? v.split(',').reduce((s, x) => s + Number(x), 0) : v === 'calc' ? Infinity : Number(v));

/** The axes a sweep varies, among buffer sizes and bandwidths. */
export function sweptMemory(points: ReportPoint[]): Swept[] {
  const withMemory = points.filter((p) => p.memory);
  return (['sramKb', 'bandwidth'] as const).filter((axis) => new Set(withMemory.map((p) => valueOf(p, axis))).size > 1);
}

const METRICS: { title: string; measure: Measure; value: (p: ReportPoint) => number }[] = [
  { title: 'cycles', measure: 'count', value: (p) => p.cycles },
  { title: 'energy', measure: 'energy', value: (p) => p.energyPj },
  { title: 'stall share', measure: 'percent', value: (p) => p.memory!.stallCycles / p.cycles },
];

export function memorySweepSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  const points = data.points.filter((p) => p.memory);
  el('p', body, 'One line per series and array size; the swept buffer sizes or bandwidths on the x axis. Energy: array, edge units, SRAM and DRAM.', 'note');
  for (const axis of sweptMemory(points)) {
    const line = (p: ReportPoint) => `${p.series.replace(new RegExp(` ${axis}=\\S+`), '')} ${p.rows}×${p.cols}`;
    const lines = [...new Set(points.map(line))];
    const labels = [...new Set(points.map((p) => valueOf(p, axis)))].sort((a, b) => rank(a, axis) - rank(b, axis));
    el('h3', body, LABELS[axis]);
    seriesKey(body, lines);
    const row = el('div', body, undefined, 'row');
    for (const m of METRICS) {
      const raw = lines.map((l) => labels.map((v) => {
        const p = points.find((q) => line(q) === l && valueOf(q, axis) === v);
        return p ? m.value(p) : null;
      }));
      const { series, title } = displayed(m.title, m.measure, raw);
      charts.add(canvasIn(row, 'half'), {
        type: 'line',
        data: { labels, datasets: lines.map((l, i) => ({ label: l, data: series[i]!, borderColor: seriesStyle(i).colour, backgroundColor: seriesStyle(i).colour, borderDash: seriesStyle(i).dash, spanGaps: true })) },
        options: {
          plugins: { title: { display: true, text: title }, legend: { display: false } },
          scales: { x: { title: { display: true, text: LABELS[axis] } }, y: m.measure === 'percent' ? { ...valueAxis(title), min: 0, max: 100 } : valueAxis(title, true) },
        },
      });
    }
  }
}
