// Energy by component: each op's bar stacked by component, one fixed colour per component, the runs of an op
// next to each other.
import { energy } from '../number-format.js';
import { COMPONENT_COLOURS, COMPONENTS } from '../palette.js';
import { opRows, type ReportData } from '../report-data.js';
import { displayed, valueAxis, type Charts } from './charts.js';
import { canvasIn, el, numberTable } from './dom.js';

export function breakdownSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  el('p', body, 'registers, multiplier, adder, clock and leakage are the PEs; SRAM the buffers; DRAM (with a memory system) the off-chip traffic; edge the units at the array edge.', 'note');
  const rows = opRows(data, true);
  // DRAM only when a run simulated a memory system.
  const components = COMPONENTS.filter((c) => c !== 'dram' || rows.some((r) => r.op.energyPj[c] !== undefined));
  const { series, title } = displayed('energy', 'energy', components.map((c) => rows.map((r) => r.op.energyPj[c] ?? 0)));
  charts.add(canvasIn(body, 'wide'), {
    type: 'bar',
    data: {
      labels: rows.map((r) => [r.op.name, r.run.label]),
      datasets: components.map((c, i) => ({ label: c, data: series[i]!, backgroundColor: COMPONENT_COLOURS[c] })),
    },
    options: {
      plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${energy(rows[ctx.dataIndex]!.op.energyPj[ctx.dataset.label!] ?? 0)}` } } },
      scales: { x: { stacked: true }, y: { ...valueAxis(title), stacked: true } },
    },
  });
  numberTable(body, [
    { head: 'op', text: (r) => r.op.name },
    { head: 'run', text: (r) => r.run.label },
    ...components.map((c) => ({ head: c, quantity: 'energy' as const, value: (r: (typeof rows)[number]) => r.op.energyPj[c] })),
    { head: 'total', quantity: 'energy', value: (r) => r.op.energyPj['total'] },
  ], rows);
}
