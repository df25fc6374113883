// The explorer (`systolic explore`) in Debian chromium: opened from file:// with the network blocked, it runs the
// simulator in Web Workers; `window.systolic.run(config)` returns what `systolic run --json` prints for the same
// config; a run from the form repaints the report's sections, also on a technology file picked in the form; the
// result downloads as JSON. Skipped with a reason when chromium is absent, except under CI=true.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_INSTALL, CHROMIUM_MISSING, canvasDigest, canvasInk, launchChromium, openOffline, type OfflinePage } from './browser.js';
import { root, scratch } from './built-cli.js';
import { describeWithTools } from './tools.js';

const { cli, path } = scratch('explore');
const CONFIGS = [8, 16].flatMap((side) => ['os', 'ws'].map((dataflow) => ({ model: 'deit-tiny', rows: side, cols: side, dataflow, order: 'both' })));
const cliJson: Record<string, unknown> = {};
let browser: Browser;
let explorer: OfflinePage;

const keyOf = (c: (typeof CONFIGS)[number]) => `${c.rows}x${c.cols} ${c.dataflow}`;

/**
 * Every field equal, tool aside. Accuracy figures (cosine, relative L2, max abs) compare the block with its float64
 * reference, whose softmax calls Math.exp: the V8 in Chromium and the V8 in Node 20 round exp, log and pow
 * differently in the last bit for about one argument in ten, so those figures agree to ~1e-15, not to the bit.
 */
function expectSameResult(browserJson: unknown, cliRun: unknown, at = ''): void {
  if (typeof cliRun === 'number' && /\/accuracy\//.test(at)) {
    expect(Math.abs((browserJson as number) - cliRun), at).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(cliRun)));
  } else if (cliRun !== null && typeof cliRun === 'object') {
    expect(Object.keys(browserJson as object), at).toEqual(Object.keys(cliRun));
    for (const [k, v] of Object.entries(cliRun)) if (k !== 'tool') expectSameResult((browserJson as Record<string, unknown>)[k], v, `${at}/${k}`);
  } else {
    expect(browserJson, at).toEqual(cliRun);
  }
}

describeWithTools('explorer in chromium', CHROMIUM_MISSING, CHROMIUM_INSTALL, () => {
  beforeAll(async () => {
    const written = cli(['explore', '-o', 'explorer.html']);
    if (written.code !== 0) throw new Error(written.stderr);
    for (const c of CONFIGS) {
      const r = cli(['run', '--model', c.model, '--rows', String(c.rows), '--cols', String(c.cols), '--dataflow', c.dataflow, '--order', c.order, '--json']);
      if (r.code !== 0) throw new Error(r.stderr);
      cliJson[keyOf(c)] = JSON.parse(r.stdout);
    }
    browser = await launchChromium();
    // The page runs its form's defaults (DeiT-Tiny, 16×16, OS, both orders) as it opens.
    explorer = await openOffline(browser, path('explorer.html'));
  }, 120_000);
  afterAll(() => browser?.close());

  it('opens from file:// with the network blocked and shows its first run with the report sections', async () => {
    const { page } = explorer;
    expect(await page.evaluate(() => document.body.dataset['state'])).toBe('done');
    expect(await page.locator('#summary').innerText()).toContain('deit-tiny attention block');
    expect(await page.locator('figure.heatmap[data-array="16x16"] .colour-bar').count()).toBe(2 * 5);
    expect((await canvasInk(page)).every((n) => n > 100)).toBe(true);
  });

  it.each(CONFIGS.map((c) => [keyOf(c), c] as const))('systolic.run for DeiT-Tiny %s, both orders, equals `systolic run --json`', async (key, config) => {
    const json = await explorer.page.evaluate((c) => (window as unknown as { systolic: { run(c: unknown): Promise<unknown> } }).systolic.run(c), config);
    expectSameResult(json, cliJson[key]);
  }, 60_000);

  it('changing the array size in the form and pressing Run repaints the heatmaps; the result downloads as JSON', async () => {
    const { page } = explorer;
    const before = await canvasDigest(page, 'figure.heatmap canvas');
    await page.fill('input[name=rows]', '8');
    await page.fill('input[name=cols]', '8');
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset['runs'] === '2' && document.body.dataset['state'] === 'done', undefined, { timeout: 60_000 });
    expect(await page.locator('figure.heatmap').evaluateAll((fs) => fs.map((f) => (f as HTMLElement).dataset['array']))).toEqual(Array(10).fill('8x8'));
    expect(await canvasDigest(page, 'figure.heatmap canvas')).not.toBe(before);
    expect(await page.locator('#summary').innerText()).toContain('8×8 PEs');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
    expectSameResult(JSON.parse(readFileSync((await download.path())!, 'utf8')), cliJson['8x8 os']);
  }, 60_000);

  it('runs on a technology file picked in the form', async () => {
    const { page } = explorer;
    const tech = { ...(JSON.parse(readFileSync(join(root, 'tech/45nm.json'), 'utf8')) as object), name: 'slow-clock', clockMhz: 250 };
    await page.setInputFiles('input[name=tech]', { name: 'slow-clock.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tech)) });
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset['runs'] === '3' && document.body.dataset['state'] === 'done', undefined, { timeout: 60_000 });
    expect(await page.locator('#summary').innerText()).toContain('slow-clock at 250 MHz');
    expect(await page.locator('details pre').textContent()).toContain('"tech": "slow-clock.json"');
  }, 60_000);

  it('made no request and logged no error', () => {
    expect(explorer.requests).toEqual([]);
    expect(explorer.errors).toEqual([]);
  });
});
