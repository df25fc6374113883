// DOM helpers of the report pages: elements, chart boxes, and tables whose numeric columns carry one unit each.
import { cosine, significant, unitFor, type Quantity } from '../number-format.js';

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, parent: HTMLElement, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}

/** A canvas in a sized box (Chart.js fills its parent). */
export function canvasIn(parent: HTMLElement, size: 'chart' | 'half' | 'wide' | 'heat' = 'chart'): HTMLCanvasElement {
  return el('canvas', el('div', parent, undefined, size));
}

const FORMATS = {
  percent: { unit: '%', cell: (x: number) => (100 * x).toFixed(1) },
  cosine: { unit: '', cell: cosine },
  significant: { unit: '', cell: (x: number) => significant(x) },
  areaMm2: { unit: 'mm²', cell: (x: number) => significant(x) },
  integer: { unit: '', cell: (x: number) => x.toLocaleString('en-US') },
};

/**
 * A table column. Text columns are left-aligned; numeric ones right-aligned, in one unit per column chosen from its
 * largest value (`energy (µJ)`, `cycles (k)`), 4 significant digits, so a column reads down without exponents.
 */
export type Column<R> =
  | { head: string; text: (row: R) => string }
  | { head: string; quantity: Quantity; value: (row: R) => number | undefined; suffix?: string }
  | { head: string; format: keyof typeof FORMATS; value: (row: R) => number | undefined };

function columnCells<R>(c: Column<R>, rows: R[]): { head: string; numeric: boolean; cells: string[] } {
  if ('text' in c) return { head: c.head, numeric: false, cells: rows.map(c.text) };
  const values = rows.map(c.value);
  const show = (f: (x: number) => string) => values.map((v) => (v === undefined ? '–' : f(v)));
  const withUnit = (unit: string) => (unit ? `${c.head} (${unit})` : c.head);
  if ('format' in c) return { head: withUnit(FORMATS[c.format].unit), numeric: true, cells: show(FORMATS[c.format].cell) };
  const unit = unitFor(c.quantity, Math.max(0, ...values.map((v) => Math.abs(v ?? 0))));
  return { head: withUnit(unit.symbol + (c.suffix ?? '')), numeric: true, cells: show((v) => significant(v / unit.factor)) };
}

export function numberTable<R>(parent: HTMLElement, columns: Column<R>[], rows: R[]): HTMLTableElement {
  const t = el('table', parent);
  const cols = columns.map((c) => columnCells(c, rows));
  const head = el('tr', el('thead', t));
  for (const c of cols) el('th', head, c.head, c.numeric ? 'num' : undefined);
  const body = el('tbody', t);
  rows.forEach((_, i) => {
    const tr = el('tr', body);
    for (const c of cols) el('td', tr, c.cells[i], c.numeric ? 'num' : undefined);
  });
  return t;
}
