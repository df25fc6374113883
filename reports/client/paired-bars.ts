// Bars of each op with the runs side by side, one colour per run (per order when the runs are the two orders), in
// one display unit: before/after compare at a glance.
import { seriesStyle, ORDER_COLOURS } from '../palette.js';
import type { ReportOp, ReportRun } from '../report-data.js';
import { displayed, valueAxis, type Charts, type Measure } from './charts.js';
import { canvasIn } from './dom.js';

/** The order's colour when every run is a different order; else distinct series colours. */
function runColour(runs: ReportRun[], i: number): string {
  const orders = runs.map((r) => r.order);
  const byOrder = orders.every((o, j) => o !== undefined && ORDER_COLOURS[o] && orders.indexOf(o) === j);
  return byOrder ? ORDER_COLOURS[orders[i]!]! : seriesStyle(i).colour;
}

export interface PairedBars {
  title: string;
  measure: Measure;
  value: (op: ReportOp) => number | null;
}

export function pairedBars(parent: HTMLElement, charts: Charts, runs: ReportRun[], names: string[], spec: PairedBars): void {
  const raw = runs.map((run) => names.map((name) => {
    const op = run.ops.find((o) => o.name === name);
    return op ? spec.value(op) : null;
  }));
  const { series, title } = displayed(spec.title, spec.measure, raw);
  charts.add(canvasIn(parent), {
    type: 'bar',
    data: { labels: names, datasets: runs.map((run, i) => ({ label: run.label, data: series[i]!, backgroundColor: runColour(runs, i) })) },
    options: {
      plugins: { title: { display: true, text: `${spec.title} per op` } },
      scales: { x: { title: { display: true, text: 'op' } }, y: { ...valueAxis(title), beginAtZero: true, ...(spec.measure === 'percent' && { max: 100 }) } },
    },
  });
}
