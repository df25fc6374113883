// The HTML report in a real browser (Debian chromium via playwright-core): no console errors, no network
// requests, every chart canvas painted. Skipped with a reason when chromium is absent, except under CI=true.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { describeWithTools } from './tools.js';

const CHROMIUM = '/usr/bin/chromium';
const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'systolic-report-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd: dir });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

describeWithTools('HTML report in chromium', existsSync(CHROMIUM) ? [] : [CHROMIUM], 'apt-get install -y chromium fonts-dejavu-core; .ci/run does', () => {
  beforeAll(() => {
    cli('run', '--model', 'custom', '--tokens', '30', '--dim', '32', '--heads', '2', '--array', '8', '--out', 'run.json');
    cli('sweep', '--model', 'deit-tiny', '--arrays', '4,8,16', '--orders', 'before,after', '--jobs', '2', '--out', 'sweep.jsonl');
  }, 120_000);

  it.each([
    ['run.json', 'report-run'],
    ['sweep.jsonl', 'report-sweep'],
  ])('%s: opens offline, no errors, every canvas painted', async (source, name) => {
    cli('report', source, '-o', `${name}.html`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:')) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(join(dir, `${name}.html`)).href);
      await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, undefined, { timeout: 20_000 });
      const painted = await page.evaluate(() =>
        [...document.querySelectorAll('canvas')].map((c) => {
          const ctx = c.getContext('2d')!;
          const px = ctx.getImageData(0, 0, c.width, c.height).data;
          let ink = 0;
          for (let i = 3; i < px.length; i += 4) if ((px[i] as number) > 0) ink++;
          return ink;
        }),
      );
      mkdirSync(join(root, 'test-output'), { recursive: true });
      await page.screenshot({ path: join(root, 'test-output', `${name}.png`), fullPage: true });
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      expect(painted.length).toBeGreaterThan(source === 'run.json' ? 8 : 3);
      expect(painted.every((ink) => ink > 100)).toBe(true);
    } finally {
      await browser.close();
    }
  }, 60_000);
});
