// The HTML document every page of systolic is: one file with its style and scripts inlined, and a
// Content-Security-Policy that allows no request of any kind (only what the page itself holds runs).
import { PAGE_STYLE } from './page-style.js';

/** A script's text inside <script>: `</script` would end the element early; `<\/script` means the same in JS. */
export const inlineScript = (script: string) => script.replace(/<\/script/gi, '<\\/script');

/** Text for HTML: no markup from file names or versions. */
export const htmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

export interface HtmlPage {
  title: string;
  /** Sources beyond the page's own inline scripts and styles, e.g. `worker-src blob:`. */
  csp?: string;
  style?: string;
  bodyAttributes?: string;
  body: string;
}

export function htmlPage(p: HtmlPage): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; ${p.csp ?? "script-src 'unsafe-inline'"}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlText(p.title)}</title>
<style>${PAGE_STYLE}${p.style ?? ''}</style>
</head>
<body${p.bodyAttributes ? ` ${p.bodyAttributes}` : ''}>
${p.body}
</body>
</html>
`;
}
