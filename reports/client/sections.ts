// The sections of a report page, in order: the summary that answers the question, then the detail. A section
// shows when the data has something for it (the memory sections: runs or sweeps with a memory system).
import type { ReportData } from '../report-data.js';
import { accuracySection } from './accuracy-section.js';
import { blocksSection, summarized } from './blocks-section.js';
import { breakdownSection } from './breakdown-section.js';
import { Charts } from './charts.js';
import { cyclesSection } from './cycles-section.js';
import { el } from './dom.js';
import { energySection } from './energy-section.js';
import { heatmapSection } from './heatmap-section.js';
import { hasMemory, memorySection } from './memory-section.js';
import { memorySweepSection, sweptMemory } from './memory-sweep-section.js';
import { summarySection } from './summary-section.js';
import { sweepSection } from './sweep-section.js';

interface Section {
  id: string;
  title: string;
  shows(data: ReportData): boolean;
  render(body: HTMLElement, data: ReportData, charts: Charts): void;
}

const hasRuns = (d: ReportData) => d.runs.length > 0;

const SECTIONS: Section[] = [
  { id: 'summary', title: 'Summary', shows: () => true, render: summarySection },
  { id: 'blocks', title: 'Energy per layer type and per block', shows: (d) => summarized(d).length > 0, render: blocksSection },
  { id: 'heatmaps', title: 'Per-PE energy heatmaps', shows: hasRuns, render: heatmapSection },
  { id: 'energy', title: 'Energy per op', shows: hasRuns, render: energySection },
  { id: 'breakdown', title: 'Energy by component', shows: hasRuns, render: breakdownSection },
  { id: 'cycles', title: 'Cycles and utilization', shows: hasRuns, render: cyclesSection },
  { id: 'memory', title: 'Memory system: traffic, stalls, energy split', shows: hasMemory, render: memorySection },
  { id: 'accuracy', title: 'Accuracy', shows: hasRuns, render: accuracySection },
  { id: 'sweep', title: 'Sweep over array sizes', shows: (d) => d.points.length > 0, render: sweepSection },
  { id: 'memory-sweep', title: 'Sweep over buffer sizes and bandwidths', shows: (d) => sweptMemory(d.points).length > 0, render: memorySweepSection },
];

/** Renders every section that has data into `host` (emptied first); returns what destroys its charts. */
export function renderReport(host: HTMLElement, data: ReportData): Charts {
  host.replaceChildren();
  const charts = new Charts();
  const shown = SECTIONS.filter((s) => s.shows(data));
  const nav = el('nav', host, undefined, 'contents');
  for (const s of shown) {
    const a = el('a', nav, s.title);
    a.href = `#${s.id}`;
  }
  for (const s of shown) {
    const section = el('section', host);
    section.id = s.id;
    el('h2', section, s.title);
    s.render(section, data, charts);
  }
  return charts;
}
