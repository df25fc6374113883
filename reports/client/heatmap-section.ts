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

/** The whole block first, then the array ops in execution order. */
function mapRows(runs: ReportRun[]): MapRow[] {
  return [
    { title: 'whole block (all ops)', maps: runs.map((run) => ({ run, values: run.totals.perPeEnergyPj })) },
    ...opNamesOf(runs, false).map((name) => ({ title: name, maps: runs.flatMap((run) => run.ops.filter((o) => o.name === name).map((o) => ({ run, values: o.perPeEnergyPj }))) })),
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
