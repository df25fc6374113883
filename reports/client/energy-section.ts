// Energy per op, the runs side by side: what each op costs in all (array, edge units, SRAM) and per PE.
import { opNamesOf, opRows, type ReportData } from '../report-data.js';
import type { Charts } from './charts.js';
import { el, numberTable } from './dom.js';
import { pairedBars } from './paired-bars.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export function energySection(body: HTMLElement, data: ReportData, charts: Charts): void {
  el('p', body, 'Total: the array, the edge units (dequantize, requantize, softmax) and SRAM. Per PE: the array only, averaged over its PEs.', 'note');
  const names = opNamesOf(data.runs, true);
  const row = el('div', body, undefined, 'row');
  pairedBars(row, charts, data.runs, names, { title: 'energy', measure: 'energy', value: (op) => op.energyPj['total'] ?? 0 });
  pairedBars(row, charts, data.runs, names, { title: 'per-PE energy', measure: 'energy', value: (op) => sum(op.perPeEnergyPj) / op.perPeEnergyPj.length });
  numberTable(body, [
    { head: 'op', text: (r) => r.op.name },
    { head: 'run', text: (r) => r.run.label },
    { head: 'energy', quantity: 'energy', value: (r) => r.op.energyPj['total'] },
    { head: 'edge units', quantity: 'energy', value: (r) => r.op.energyPj['edge'] },
    { head: 'SRAM', quantity: 'energy', value: (r) => r.op.energyPj['sram'] },
    { head: 'per-PE mean', quantity: 'energy', value: (r) => sum(r.op.perPeEnergyPj) / r.op.perPeEnergyPj.length },
    { head: 'per-PE max', quantity: 'energy', value: (r) => Math.max(...r.op.perPeEnergyPj) },
  ], opRows(data, true));
}
