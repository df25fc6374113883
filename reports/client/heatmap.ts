// One per-PE energy heatmap: PE(row, col) cells on labelled array axes, a colour bar with its unit beside it, and
// a scale the section can change (a map's own range shows its spatial pattern; a shared one compares maps).
import type { ScriptableContext } from 'chart.js';
import { energy, significant, unitFor } from '../number-format.js';
import { RAMP_GRADIENT, ramp } from '../palette.js';
import type { Charts } from './charts.js';
import { canvasIn, el } from './dom.js';

interface Cell {
  x: number;
  y: number;
  v: number;
}

export interface Heatmap {
  /** The map's own range. */
  min: number;
  max: number;
  setScale(min: number, max: number): void;
}

const TICKS = 5;

/** The colour bar: the ramp from min (bottom) to max (top), tick labels in one unit, the unit on top. */
function colourBar(parent: HTMLElement): (min: number, max: number) => void {
  const bar = el('div', parent, undefined, 'colour-bar');
  const unit = el('div', bar, undefined, 'bar-unit');
  const scale = el('div', bar, undefined, 'bar-scale');
  el('div', scale, undefined, 'bar-ramp').style.background = RAMP_GRADIENT;
  const ticks = el('div', scale, undefined, 'bar-ticks');
  const labels = Array.from({ length: TICKS }, () => el('span', ticks));
  return (min, max) => {
    const u = unitFor('energy', Math.max(Math.abs(min), Math.abs(max)));
    unit.textContent = u.symbol;
    bar.dataset['unit'] = u.symbol;
    labels.forEach((label, i) => (label.textContent = significant((max - ((max - min) * i) / (TICKS - 1)) / u.factor)));
  };
}

export function heatmap(parent: HTMLElement, charts: Charts, caption: string, values: number[], rows: number, cols: number): Heatmap {
  const figure = el('figure', parent, undefined, 'heatmap');
  figure.dataset['array'] = `${rows}x${cols}`;
  el('figcaption', figure, caption);
  const body = el('div', figure, undefined, 'heat-body');
  const canvas = canvasIn(body, 'heat');
  const showScale = colourBar(body);
  const own = { min: Math.min(...values), max: Math.max(...values) };
  let range = { ...own };
  const cells: Cell[] = values.map((v, p) => ({ x: p % cols, y: Math.floor(p / cols), v }));
  const axis = (title: string, n: number, reverse: boolean) => ({
    type: 'linear' as const,
    offset: true,
    reverse,
    min: 0,
    max: n - 1,
    title: { display: true, text: title },
    ticks: { stepSize: Math.max(1, Math.ceil(n / 8)) },
    grid: { display: false },
  });
  const chart = charts.add(canvas, {
    type: 'matrix',
    data: {
      datasets: [
        {
          data: cells,
          backgroundColor: (ctx: ScriptableContext<'matrix'>) => ramp((((ctx.raw as Cell | undefined)?.v ?? range.min) - range.min) / (range.max - range.min || 1)),
          width: ({ chart: c }: ScriptableContext<'matrix'>) => (c.chartArea?.width ?? 0) / cols - (cols > 64 ? 0 : 1),
          height: ({ chart: c }: ScriptableContext<'matrix'>) => (c.chartArea?.height ?? 0) / rows - (rows > 64 ? 0 : 1),
        },
      ],
    },
    options: {
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            title: () => caption,
            label: (ctx) => {
              const c = ctx.raw as Cell;
              return `PE(${c.y}, ${c.x}): ${energy(c.v)}`;
            },
          },
        },
      },
      // Row 0 on top, as the array is drawn in docs/architecture.md.
      scales: { x: axis('array column', cols, false), y: axis('array row', rows, true) },
    },
  });
  showScale(own.min, own.max);
  return {
    ...own,
    setScale(min, max) {
      range = { min, max };
      showScale(min, max);
      chart.update('none');
    },
  };
}
