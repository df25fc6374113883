// The explorer as one self-contained HTML file: the page script and the worker's source inlined (the worker starts
// from a Blob URL), the report's stylesheet; beyond the report's policy, WebAssembly may compile
// ('wasm-unsafe-eval') and workers may start from blob: URLs. Pure: the caller supplies the bundles.
import { htmlPage, htmlText, inlineScript } from '../reports/html-page.js';

export interface ExplorerScripts {
  /** The page bundle (dist/explorer-page.js). */
  page: string;
  /** The worker bundle with the WebAssembly kernel inside (dist/explorer-worker.js). */
  worker: string;
}

const EXPLORER_STYLE = `
body { max-width: none; }
.explorer { display: flex; gap: 24px; align-items: flex-start; }
#controls { flex: 0 0 340px; position: sticky; top: 8px; max-height: calc(100vh - 16px); overflow-y: auto; }
#results { flex: 1; min-width: 0; }
.toolbar { display: flex; gap: 8px; margin-bottom: 8px; }
.toolbar button { font-size: 14px; padding: 4px 12px; }
#run { font-weight: 600; }
.progress { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; font-size: 12px; }
.progress progress { width: 100%; }
.progress .error { color: #b00020; }
fieldset { border: 1px solid #ddd; margin: 0 0 8px; padding: 4px 8px 8px; }
legend { font-weight: 600; font-size: 13px; }
label.field { display: grid; grid-template-columns: 110px 1fr; gap: 0 8px; align-items: center; margin: 4px 0; font-size: 13px; }
label.field small { grid-column: 2; color: #777; font-size: 11px; line-height: 1.3; }
label.field input[type=number], label.field select { width: 100%; box-sizing: border-box; }
pre { font-size: 12px; background: #f6f6f6; padding: 6px; }
`;

export function renderExplorerHtml(scripts: ExplorerScripts, version: string): string {
  return htmlPage({
    title: 'systolic explorer',
    csp: "script-src 'unsafe-inline' 'wasm-unsafe-eval'; worker-src blob:",
    style: EXPLORER_STYLE,
    bodyAttributes: `data-version="${htmlText(version)}"`,
    body: `<h1>systolic explorer</h1>
<p class="note">systolic ${htmlText(version)}, running in this page: the simulator and its WebAssembly kernel work in Web Workers, and nothing is sent anywhere. From devtools: <code>await systolic.run({ model: 'deit-tiny', rows: 8, cols: 8, dataflow: 'os', order: 'both' })</code> returns what <code>systolic run --json</code> prints.</p>
<div class="explorer"><aside id="controls"></aside><main id="results"></main></div>
<script type="text/plain" id="systolic-worker">${inlineScript(scripts.worker)}</script>
<script>${inlineScript(scripts.page)}</script>`,
  });
}
