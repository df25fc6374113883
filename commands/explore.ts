// `systolic explore`: one self-contained HTML page in which the simulator runs in the browser (explore/).
import type { Command } from 'commander';
import { renderExplorerHtml, type ExplorerScripts } from '../explore/page.js';
import type { Io } from './common.js';

export interface ExploreIo extends Io {
  /** The explorer's browser bundles (dist/explorer-page.js, dist/explorer-worker.js). */
  explorerScripts(): ExplorerScripts;
}

export function writeExplorer(io: ExploreIo, htmlPath: string): number {
  const html = renderExplorerHtml(io.explorerScripts(), io.version);
  io.writeFile(htmlPath, html);
  return html.length;
}

export function registerExplore(program: Command, io: ExploreIo, out: (s: string) => void): void {
  program
    .command('explore')
    .description('write the explorer: one HTML page that runs the simulator in the browser (form, report sections, JSON download)')
    .requiredOption('-o, --out <explorer.html>', 'HTML file to write')
    .action((opts: { out: string }) => {
      const bytes = writeExplorer(io, opts.out);
      out(`wrote ${opts.out} (${(bytes / 1024).toFixed(0)} KiB); open it in a browser, offline`);
    });
}
