// The memory system (runs that simulated one): each run's energy split array / SRAM / DRAM / edge, each op's stall
// share, and each op's traffic per operand, buffer and DRAM, in words.
import { ENERGY_COMPONENTS } from '../../sim/power-model.js';
import { COMPONENT_COLOURS } from '../palette.js';
import { opNamesOf, opRows, type ReportData, type ReportRun } from '../report-data.js';
import { displayed, valueAxis, type Charts } from './charts.js';
import { canvasIn, el, numberTable } from './dom.js';
import { pairedBars } from './paired-bars.js';

export const hasMemory = (d: ReportData): boolean => d.runs.some((r) => r.totals.memory !== undefined);

const PARTS = ['array', 'sram', 'dram', 'edge'] as const;
const partOf = (r: ReportRun, part: (typeof PARTS)[number]): number =>
  part === 'array' ? ENERGY_COMPONENTS.reduce((s, c) => s + (r.totals.energyPj[c] ?? 0), 0) : (r.totals.energyPj[part] ?? 0);
const PART_COLOURS = { array: COMPONENT_COLOURS.registers, sram: COMPONENT_COLOURS.sram, dram: COMPONENT_COLOURS.dram, edge: COMPONENT_COLOURS.edge };

export function memorySection(body: HTMLElement, data: ReportData, charts: Charts): void {
  const runs = data.runs.filter((r) => r.totals.memory);
  el('p', body, 'Array: the PEs (registers, multipliers, adders, clock, leakage, stall cycles included). SRAM: the operand buffers, every access priced by its bank size. DRAM: the words the buffers fetch and write back. Stall share: cycles the array waits for DRAM over the op\'s cycles. Traffic in words of each operand\'s width (C at the accumulator width).', 'note');
  const row = el('div', body, undefined, 'row');
  const { series, title } = displayed('energy', 'energy', PARTS.map((p) => runs.map((r) => partOf(r, p))));
  charts.add(canvasIn(row), {
    type: 'bar',
    data: { labels: runs.map((r) => r.label), datasets: PARTS.map((p, i) => ({ label: p, data: series[i]!, backgroundColor: PART_COLOURS[p] })) },
    options: { plugins: { title: { display: true, text: 'energy: array, SRAM, DRAM, edge' } }, scales: { x: { stacked: true }, y: { ...valueAxis(title), stacked: true } } },
  });
  pairedBars(row, charts, runs, opNamesOf(runs, false), { title: 'stall share', measure: 'percent', value: (op) => (op.memory ? op.memory.stallCycles / op.cycles : null) });
  numberTable(body, [
    { head: 'run', text: (r) => r.label },
    ...PARTS.map((p) => ({ head: p, quantity: 'energy' as const, value: (r: ReportRun) => partOf(r, p) })),
    { head: 'stall share', format: 'percent', value: (r) => r.totals.memory!.stallCycles / (r.totals.memory!.computeCycles + r.totals.memory!.stallCycles) },
  ], runs);
  const rows = opRows({ ...data, runs }, false).filter((r) => r.op.memory);
  numberTable(body, [
    { head: 'op', text: (r) => r.op.name },
    { head: 'run', text: (r) => r.run.label },
    { head: 'stall share', format: 'percent', value: (r) => r.op.memory!.stallCycles / r.op.cycles },
    { head: 'stall cycles', quantity: 'count', value: (r) => r.op.memory!.stallCycles },
    { head: 'DRAM A reads', quantity: 'count', value: (r) => r.op.memory!.dram.a.reads },
    { head: 'DRAM B reads', quantity: 'count', value: (r) => r.op.memory!.dram.b.reads },
    { head: 'DRAM C writes', quantity: 'count', value: (r) => r.op.memory!.dram.c.writes },
    { head: 'SRAM A reads', quantity: 'count', value: (r) => r.op.memory!.sram.a.reads },
    { head: 'SRAM B reads', quantity: 'count', value: (r) => r.op.memory!.sram.b.reads },
    { head: 'SRAM C reads', quantity: 'count', value: (r) => r.op.memory!.sram.c.reads },
    { head: 'SRAM C writes', quantity: 'count', value: (r) => r.op.memory!.sram.c.writes },
    { head: 'bandwidth needed (B/cycle)', format: 'significant', value: (r) => r.op.memory!.bandwidthNeeded.total },
  ], rows);
}
