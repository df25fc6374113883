// Screenshots of HTML reports for the docs, in Debian chromium:
//   node scripts/screenshot.mjs report.html out.png [width] [height]   (height 0: the full page)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

const [html, png, width = '1400', height = '0'] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const page = await browser.newPage({ viewport: { width: Number(width), height: Number(height) || 1000 } });
await page.goto(pathToFileURL(resolve(html)).href);
await page.waitForFunction(() => window.__reportReady === true);
await page.screenshot({ path: png, fullPage: height === '0' });
await browser.close();
console.log(`wrote ${png}`);
