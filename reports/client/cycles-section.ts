// Cycles and utilization per op, the runs side by side; vector ops run on the edge unit, not the array.
import { opNamesOf, opRows, type ReportData } from '../report-data.js';
import type { Charts } from './charts.js';
import { el, numberTable } from './dom.js';
import { pairedBars } from './paired-bars.js';

export function cyclesSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  el('p', body, 'Utilization: MACs over PE-cycles of the op. The softmax runs on the vector unit beside the array.', 'note');
  const row = el('div', body, undefined, 'row');
  pairedBars(row, charts, data.runs, opNamesOf(data.runs, true), { title: 'cycles', measure: 'count', value: (op) => op.cycles });
  pairedBars(row, charts, data.runs, opNamesOf(data.runs, false), { title: 'utilization', measure: 'percent', value: (op) => op.utilization });
  numberTable(body, [
    { head: 'op', text: (r) => r.op.name },
    { head: 'run', text: (r) => r.run.label },
    { head: 'kind', text: (r) => r.op.kind },
    { head: 'cycles', quantity: 'count', value: (r) => r.op.cycles },
    { head: 'MACs', quantity: 'count', value: (r) => r.op.macs },
    { head: 'utilization', format: 'percent', value: (r) => (r.op.kind === 'vector' ? undefined : r.op.utilization) },
  ], opRows(data, true));
}
