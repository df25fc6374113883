// The per-PE energy section: the whole block and each array op, the runs side by side, with a switch between each
// map's own colour scale (where in the array the energy goes) and one scale per row of maps (which run spends more).
import { opNamesOf, type ReportData, type ReportRun } from '../report-data.js';
import type { Charts } from './charts.js';
import { el } from './dom.js';
import { heatmap, type Heatmap } from './heatmap.js';

type Scale = 'own' | 'shared';

interface MapRow {
  title: string;
  maps: { run: ReportRun; values: number[] }[];
}

/** Runs of more ops than this (a model's) show one map per encoder block, not per op. */
const MAPS_PER_OP = 20;

/** The whole run first, then the array ops in execution order, or a model's blocks (each its ops summed). */
function mapRows(runs: ReportRun[]): MapRow[] {
  const perBlock = runs.filter((r) => r.summary && r.ops.length > MAPS_PER_OP);
  const perOp = runs.filter((r) => !perBlock.includes(r));
  const blocks = [...new Set(perBlock.flatMap((r) => r.summary!.blocks.map((b) => b.name)))];
  return [
    { title: 'whole run (all ops)', maps: runs.map((run) => ({ run, values: run.totals.perPeEnergyPj })) },
    ...opNamesOf(perOp, false).map((name) => ({ title: name, maps: perOp.flatMap((run) => run.ops.filter((o) => o.name === name).map((o) => ({ run, values: o.perPeEnergyPj }))) })),
    ...blocks.map((name) => ({ title: `${name} (its ops summed)`, maps: perBlock.flatMap((run) => run.summary!.blocks.filter((b) => b.name === name).map((b) => ({ run, values: b.perPeEnergyPj }))) })),
  ];
}

function scaleSwitch(parent: HTMLElement, onChange: (scale: Scale) => void): void {
  const box = el('div', parent, undefined, 'switch');
  el('span', box, 'Colour scale: ');
  const choices: [Scale, string][] = [
    ['own', "each map's own range (where in the array the energy goes)"],
    ['shared', 'one range per row, from 0 (which run spends more)'],
  ];
  for (const [value, text] of choices) {
    const label = el('label', box);
    const input = el('input', label);
    input.type = 'radio';
    input.name = 'heatmap-scale';
    input.value = value;
    input.checked = value === 'own';
    input.addEventListener('change', () => onChange(value));
    label.append(` ${text}`);
  }
}

export function heatmapSection(body: HTMLElement, data: ReportData, charts: Charts): void {
  el('p', body, 'Energy of each PE over the op, from its own data-dependent toggles. Hover a cell for its value.', 'note');
  const rows: Heatmap[][] = [];
  scaleSwitch(body, (scale) => {
    body.dataset['scale'] = scale;
    for (const maps of rows) {
      const top = Math.max(...maps.map((m) => m.max));
      for (const m of maps) m.setScale(scale === 'own' ? m.min : 0, scale === 'own' ? m.max : top);
    }
  });
  body.dataset['scale'] = 'own';
  for (const row of mapRows(data.runs)) {
    el('h3', body, row.title);
    const line = el('div', body, undefined, 'row');
    rows.push(row.maps.map(({ run, values }) => heatmap(line, charts, `${run.label}: ${row.title}`, values, run.rows, run.cols)));
  }
}
