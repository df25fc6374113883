// `systolic report`: one self-contained HTML file from result JSON and sweep JSONL files.
import type { Command } from 'commander';
import { renderReportHtml } from '../reports/html.js';
import { reportData } from '../reports/report-data.js';
import { InputError } from '../core/input-error.js';
import { readBytes, type Io } from './common.js';

export interface ReportIo extends Io {
  /** The bundled browser client (dist/report-client.js). */
  clientScript(): string;
}

export function writeReport(io: ReportIo, files: string[], htmlPath: string): number {
  const data = reportData(files.map((name) => ({ name, text: new TextDecoder().decode(readBytes(io, 'report', name)) })));
  if (data.runs.length === 0 && data.points.length === 0) throw new InputError(`report: ${files.join(', ')} hold no results`);
  const html = renderReportHtml(data, io.clientScript());
  io.writeFile(htmlPath, html);
  return html.length;
}

export function registerReport(program: Command, io: ReportIo, out: (s: string) => void): void {
  program
    .command('report')
    .description('write a self-contained HTML report (heatmaps, energy breakdown, cycles, accuracy, sweep curves)')
    .argument('<files...>', 'result JSON files and sweep JSONL files')
    .requiredOption('-o, --out <report.html>', 'HTML file to write')
    .action((files: string[], opts: { out: string }) => {
      const bytes = writeReport(io, files, opts.out);
      out(`wrote ${opts.out} (${(bytes / 1024).toFixed(0)} KiB)`);
    });
}
