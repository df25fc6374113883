// The report as one self-contained HTML file: the bundled client script and the data inlined. Pure: the caller
// supplies the client script.
import { htmlPage, htmlText, inlineScript } from './html-page.js';
import type { ReportData } from './report-data.js';

const escapeJson = (json: string) => json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderReportHtml(data: ReportData, clientScript: string): string {
  return htmlPage({
    title: data.title,
    body: `<h1>${htmlText(data.title)}</h1>
<p class="note">From ${data.sources.map(htmlText).join(', ')}, by systolic. One file: it opens offline, and the raw numbers are in those files.</p>
<div id="app"></div>
<script type="application/json" id="report-data">${escapeJson(JSON.stringify(data))}</script>
<script>${inlineScript(clientScript)}</script>`,
  });
}
