// The head of a report: what was simulated, in words, then the answer and the headline figures, each with its
// meaning. Everything below it is detail.
import { runsHeadline, sweepHeadline, type Headline } from '../headline.js';
import type { ReportData } from '../report-data.js';
import { simulatedFacts } from '../simulated.js';
import { el } from './dom.js';

function factList(parent: HTMLElement, data: ReportData): void {
  const configs = [...data.runs.map((r) => r.config), ...data.points.map((p) => p.config)];
  const dl = el('dl', parent, undefined, 'facts');
  for (const f of simulatedFacts(configs)) {
    el('dt', dl, f.label);
    el('dd', dl, f.values.join(' · '));
  }
}

function headlineView(parent: HTMLElement, h: Headline): void {
  for (const sentence of h.answer) el('p', parent, sentence, 'answer');
  const t = el('table', parent, undefined, 'figures');
  const head = el('tr', el('thead', t));
  el('th', head, 'figure');
  for (const c of h.columns) el('th', head, c.head, c.numeric ? 'num' : undefined);
  if (h.ratios) el('th', head, 'after/before', 'num');
  el('th', head, 'what it means');
  const body = el('tbody', t);
  for (const row of h.rows) {
    const tr = el('tr', body);
    el('td', tr, row.figure);
    row.values.forEach((v, i) => el('td', tr, v, h.columns[i]!.numeric ? 'num' : undefined));
    if (h.ratios) el('td', tr, row.ratio ?? '', 'num ratio');
    el('td', tr, row.meaning, 'meaning');
  }
}

export function summarySection(body: HTMLElement, data: ReportData): void {
  el('h3', body, 'What was simulated');
  factList(body, data);
  el('h3', body, 'Headline');
  if (data.runs.length) headlineView(body, runsHeadline(data));
  if (data.points.length) headlineView(body, sweepHeadline(data.points));
}
