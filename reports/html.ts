// One self-contained HTML file: inlined client script and data, a Content-Security-Policy that forbids every
// network request. Pure: the caller supplies the bundled client script.
import { PAGE_STYLE } from './page-style.js';
import type { ReportData } from './report-data.js';

/** A script's text inside <script>: `</script` would end the element early; `<\/script` means the same in JS. */
export const inlineScript = (script: string) => script.replace(/<\/script/gi, '<\\/script');

const escapeJson = (json: string) => json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function renderReportHtml(data: ReportData, clientScript: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${data.title}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<h1>${data.title}</h1>
<p class="note">From ${data.sources.map((s) => s.replace(/[<&]/g, '')).join(', ')}, by systolic. One file: it opens offline, and the raw numbers are in those files.</p>
<div id="app"></div>
<script type="application/json" id="report-data">${escapeJson(JSON.stringify(data))}</script>
<script>${inlineScript(clientScript)}</script>
</body>
</html>
`;
}
