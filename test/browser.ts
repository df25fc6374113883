// Debian chromium through playwright-core for the page tests: a page that may load file: and blob: URLs only
// (every other request is aborted and recorded), with its console errors and page errors recorded.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_MISSING = existsSync(CHROMIUM) ? [] : [CHROMIUM];
export const CHROMIUM_INSTALL = 'apt-get install -y chromium fonts-dejavu-core; .ci/run does';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}

export interface OfflinePage {
  page: Page;
  errors: string[];
  requests: string[];
}

/** Opens an HTML file from file:// with the network blocked, and waits for the page's ready flag. */
export async function openOffline(browser: Browser, file: string): Promise<OfflinePage> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('blob:')) return route.continue();
    requests.push(url);
    return route.abort();
  });
  await page.goto(pathToFileURL(file).href);
  await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, undefined, { timeout: 60_000 });
  return { page, errors, requests };
}

/** Painted pixels of every canvas on the page, in document order. */
export function canvasInk(page: Page, selector = 'canvas'): Promise<number[]> {
  return page.evaluate((sel) =>
    [...document.querySelectorAll<HTMLCanvasElement>(sel)].map((c) => {
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) ink++;
      return ink;
    }),
  selector);
}

/** A digest of a canvas's pixels: changes when it is drawn differently. */
export function canvasDigest(page: Page, selector: string): Promise<number> {
  return page.evaluate((sel) => {
    const c = document.querySelector<HTMLCanvasElement>(sel)!;
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < px.length; i++) h = (h * 31 + (px[i] as number)) | 0;
    return h;
  }, selector);
}
