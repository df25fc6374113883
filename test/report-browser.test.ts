// The HTML report in a real browser (Debian chromium via playwright-core): it leads with what was simulated and
// the after/before ratio the JSON holds, prints no exponent in any table, gives every heatmap a colour bar, opens
// offline with no console errors and no requests, and paints every chart. Skipped with a reason when chromium is
// absent, except under CI=true.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_INSTALL, CHROMIUM_MISSING, canvasInk, launchChromium, openOffline } from './browser.js';
import { root, scratch, TINY } from './built-cli.js';
import { describeWithTools } from './tools.js';

const { cli, path, read } = scratch('report');
let browser: Browser;

async function screenshot(page: import('playwright-core').Page, name: string): Promise<void> {
  mkdirSync(join(root, 'test-output'), { recursive: true });
  await page.screenshot({ path: join(root, 'test-output', `${name}.png`), fullPage: true });
}

describeWithTools('HTML report in chromium', CHROMIUM_MISSING, CHROMIUM_INSTALL, () => {
  beforeAll(async () => {
    for (const args of [
      ['run', '--model', 'deit-tiny', '--rows', '8', '--cols', '16', '--order', 'both', '--out', 'run.json'],
      // 36 series (3 dataflows × 12 order/bits/PE combinations): more than the 24 colours.
      ['sweep', ...TINY, '--arrays', '4,8', '--dataflows', 'os,ws,is', '--orders', 'before,after', '--bits', 'w8a8,w4a4,w2a8fq', '--pes', 'fp16,bf16,fp32', '--jobs', '2', '--out', 'sweep.jsonl'],
      ['report', 'run.json', '-o', 'report-run.html'],
      ['report', 'sweep.jsonl', '-o', 'report-sweep.html'],
      // A memory system: per-op traffic and stalls, the energy split; a sweep of buffer sizes and bandwidths.
      ['run', '--model', 'custom', '--tokens', '32', '--dim', '64', '--heads', '2', '--array', '8', '--order', 'both', '--sram-kb', '8,8,4', '--bandwidth', '2', '--out', 'memory.json'],
      ['sweep', ...TINY, '--arrays', '4,8', '--orders', 'after', '--sram-kbs', '2,2,1/8,8,4', '--bandwidths', '1,4', '--out', 'memory-sweep.jsonl'],
      ['report', 'memory.json', '-o', 'report-memory.html'],
      ['report', 'memory-sweep.jsonl', '-o', 'report-memory-sweep.html'],
    ]) {
      const r = cli(args);
      if (r.code !== 0) throw new Error(r.stderr);
    }
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => browser?.close());

  it('a run: leads with what was simulated and the JSON’s ratios; colour bars, no exponents, offline, painted', async () => {
    const json = JSON.parse(read('run.json')) as { comparison: { perPeEnergyRatio: { block: number } } };
    const { page, errors, requests } = await openOffline(browser, path('report-run.html'));
    const summary = await page.locator('#summary').innerText();
    for (const words of ['deit-tiny attention block', '8×16 PEs', 'output-stationary (OS)', 'dequant-before on fp16 float PEs', 'dequant-after on integer PEs', '45nm at 500 MHz']) expect(summary).toContain(words);
    const shown = await page.locator('table.figures tr', { hasText: 'Energy per PE' }).first().locator('td.ratio').innerText();
    expect(shown).toBe(json.comparison.perPeEnergyRatio.block.toFixed(3));
    expect(Number(shown)).toBeCloseTo(json.comparison.perPeEnergyRatio.block, 3);
    expect(await page.locator('p.answer').first().innerText()).toContain(`${shown}×`);

    const cells = await page.locator('td').allInnerTexts();
    expect(cells.length).toBeGreaterThan(100);
    expect(cells.filter((c) => /\de[+-]?\d/i.test(c))).toEqual([]);

    const heatmaps = page.locator('figure.heatmap');
    expect(await heatmaps.count()).toBe(2 * 5); // the whole block and qkv, qk, pv, proj; before and after
    expect(await page.locator('figure.heatmap .colour-bar[data-unit$="J"]').count()).toBe(await heatmaps.count());
    // Own scale: each map its own top; one scale per row: both maps of a row share the larger top.
    const tops = () => page.locator('#heatmaps .row').first().locator('.bar-ticks span:first-child').allInnerTexts();
    const own = await tops();
    expect(own[0]).not.toBe(own[1]);
    await page.locator('input[name=heatmap-scale][value=shared]').check();
    const shared = await tops();
    expect(shared[0]).toBe(shared[1]);

    const ink = await canvasInk(page);
    await screenshot(page, 'report-run');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(ink).toHaveLength(10 + 2 + 1 + 2); // heatmaps, energy per op, breakdown, cycles and utilization
    expect(ink.every((n) => n > 100)).toBe(true);
  }, 60_000);

  it('a sweep: points and series key in grid order, 36 distinct series styles, no exponents, offline, painted', async () => {
    const { page, errors, requests } = await openOffline(browser, path('report-sweep.html'));
    const index = (await page.locator('#sweep table tbody tr td:first-child').allInnerTexts()).map(Number);
    expect(index).toEqual(index.map((_, i) => i));
    expect(index).toHaveLength(72);
    expect((await page.locator('td').allInnerTexts()).filter((c) => /\de[+-]?\d/i.test(c))).toEqual([]);
    expect(await page.locator('#summary').innerText()).toContain('72 points in 36 series');
    // The series key in grid order: the order in which the table (grid order) first names each series.
    const series = await page.locator('#sweep table tbody tr td:nth-child(2)').allInnerTexts();
    expect(await page.locator('ol.series-key li').allInnerTexts()).toEqual([...new Set(series)]);
    expect(new Set(await page.locator('ol.series-key line').evaluateAll((ls) => ls.map((l) => `${l.getAttribute('stroke')} ${l.getAttribute('stroke-dasharray')}`))).size).toBe(36);
    const ink = await canvasInk(page);
    await screenshot(page, 'report-sweep');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(ink).toHaveLength(4);
    expect(ink.every((n) => n > 100)).toBe(true);
  }, 60_000);

  it('a run with a memory system: per-op stall share and DRAM traffic as in the JSON, the energy split, painted', async () => {
    type Op = { name: string; cycles: number; memory?: { stallCycles: number; dram: { a: { reads: number } } } };
    const json = JSON.parse(read('memory.json')) as { results: Record<string, { ops: Op[]; totals: { energyPj: Record<string, number> } }> };
    const { page, errors, requests } = await openOffline(browser, path('report-memory.html'));
    expect(await page.locator('nav.contents a').allInnerTexts()).toContain('Memory system: traffic, stalls, energy split');
    const rows = page.locator('#memory table').nth(1).locator('tbody tr');
    const gemms = Object.values(json.results).flatMap((r) => r.ops.filter((op) => op.memory));
    expect(await rows.count()).toBe(gemms.length);
    const qkvAfter = json.results['after']!.ops.find((op) => op.name === 'qkv')!;
    const cells = await rows.filter({ hasText: 'dequant-after' }).filter({ hasText: 'qkv' }).first().locator('td').allInnerTexts();
    expect(cells[2]).toBe((100 * qkvAfter.memory!.stallCycles / qkvAfter.cycles).toFixed(1));
    expect((await page.locator('#memory th').allInnerTexts()).join('|')).toMatch(/array \((n|µ|m)J\)\|sram \((n|µ|m)J\)\|dram \((n|µ|m)J\)/);
    expect((await page.locator('td').allInnerTexts()).filter((c) => /\de[+-]?\d/i.test(c))).toEqual([]);
    const ink = await canvasInk(page);
    await screenshot(page, 'report-memory');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(ink).toHaveLength(10 + 2 + 1 + 2 + 2); // as a run, and the energy split and stall share
    expect(ink.every((n) => n > 100)).toBe(true);
  }, 60_000);

  it('a sweep of buffer sizes and bandwidths: each on the x axis against cycles, energy and stall share, painted', async () => {
    const { page, errors, requests } = await openOffline(browser, path('report-memory-sweep.html'));
    expect(await page.locator('#memory-sweep h3').allInnerTexts()).toEqual(['buffers A,B,C (kB)', 'DRAM bandwidth (B/cycle)']);
    // Lines: the other swept value and the array size (2 × 2 each).
    expect(await page.locator('#memory-sweep ol.series-key').first().locator('li').count()).toBe(4);
    const ink = await canvasInk(page);
    await screenshot(page, 'report-memory-sweep');
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(ink).toHaveLength(4 + 2 * 3);
    expect(ink.every((n) => n > 100)).toBe(true);
  }, 60_000);
});
