// Numeric error of each op's output and of the block output against a float64 reference of the same block.
import { opRows, type ReportData } from '../report-data.js';
import { el, numberTable } from './dom.js';

interface AccuracyRow {
  what: string;
  run: string;
  cosine: number;
  relL2: number;
}

export function accuracySection(body: HTMLElement, data: ReportData): void {
  el('p', body, 'Against a float64 reference of the same block (numeric error, not ImageNet top-1). Cosine 1 and error 0 are exact.', 'note');
  const rows: AccuracyRow[] = [
    ...opRows(data, true).map(({ op, run }) => ({ what: op.name, run: run.label, cosine: op.cosine, relL2: op.relL2 })),
    ...data.runs.map((run) => ({ what: 'block output', run: run.label, cosine: run.accuracy.cosine, relL2: run.accuracy.relL2 })),
  ];
  numberTable(body, [
    { head: 'output of', text: (r) => r.what },
    { head: 'run', text: (r) => r.run },
    { head: 'cosine', format: 'cosine', value: (r) => r.cosine },
    { head: 'relative L2 error', format: 'significant', value: (r) => r.relL2 },
  ], rows);
}
