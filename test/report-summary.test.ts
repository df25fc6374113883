// What a report says first (reports/simulated.ts, reports/headline.ts) and how it reads its files
// (reports/report-data.ts): the resolved config in words, the after/before ratios as the CLI prints them, sweep
// points in grid order.
import { describe, expect, it } from 'vitest';
import { runsHeadline, sweepHeadline } from '../reports/headline.js';
import { reportData } from '../reports/report-data.js';
import { simulatedFacts } from '../reports/simulated.js';
import { runJob } from '../workloads/run-job.js';
import { runOptionsSchema } from '../workloads/run-options.js';
import { resolveRun } from '../workloads/run-resolver.js';
import { runJson } from '../workloads/run-json.js';

const TINY = { model: 'custom', tokens: 12, dim: 16, heads: 2, rows: 4, cols: 6 } as const;
const run = (o: Record<string, unknown>) => runJson(runJob(resolveRun(runOptionsSchema.parse({ ...TINY, ...o }), {}, '0.0.0')));

describe('report summary', () => {
  const both = run({ order: 'both', dataflow: 'ws' }) as { comparison: { perPeEnergyRatio: { block: number; linear: number; matmul: number }; totalEnergyRatio: number; cycleRatio: number } };
  const data = reportData([{ name: 'both.json', text: JSON.stringify(both) }]);

  it('says what was simulated, in words, from the resolved config', () => {
    const facts = Object.fromEntries(simulatedFacts(data.runs.map((r) => r.config)).map((f) => [f.label, f.values.join(' · ')]));
    expect(facts).toMatchObject({
      Model: 'custom attention block',
      Shape: '12 tokens, embedding dim 16, 2 heads of dim 8',
      Array: '4×6 PEs',
      Dataflow: 'weight-stationary (WS)',
      'Orders and PEs': 'dequant-before on fp16 float PEs · dequant-after on integer PEs (int)',
      'Bit widths': 'weights 8, activations 8, attention probabilities 8',
      Technology: '45nm at 500 MHz',
    });
  });

  it('leads with the after/before ratios exactly as the CLI prints them (three decimals)', () => {
    const h = runsHeadline(data);
    const c = both.comparison;
    expect(h.columns.map((col) => col.head)).toEqual(['dequant-before', 'dequant-after']);
    expect(h.ratios).toBe(true);
    const ratioOf = (figure: string) => h.rows.find((r) => r.figure === figure)!.ratio;
    expect(ratioOf('Energy per PE')).toBe(c.perPeEnergyRatio.block.toFixed(3));
    expect(ratioOf('… in linear ops')).toBe(c.perPeEnergyRatio.linear.toFixed(3));
    expect(ratioOf('… in matmul ops')).toBe(c.perPeEnergyRatio.matmul.toFixed(3));
    expect(ratioOf('Total energy')).toBe(c.totalEnergyRatio.toFixed(3));
    expect(ratioOf('Cycles')).toBe(c.cycleRatio.toFixed(3));
    expect(h.answer[0]).toContain(`each PE spends ${c.perPeEnergyRatio.block.toFixed(3)}× the energy`);
    for (const row of h.rows) expect(row.meaning.length).toBeGreaterThan(10);
  });

  it('describes a single run without ratios, and names runs that share a label by their file', () => {
    const after = JSON.stringify(run({ order: 'after' }));
    const two = reportData([{ name: 'a.json', text: after }, { name: 'b.json', text: after }]);
    expect(two.runs.map((r) => r.label)).toEqual(['dequant-after · a.json', 'dequant-after · b.json']);
    const h = runsHeadline(two);
    expect(h.ratios).toBe(false);
    expect(h.answer).toHaveLength(2);
  });

  it('reads sweep lines in grid order (by index) and picks the best points', () => {
    const line = (index: number, rows: number, order: string) => {
      const result = run({ order, rows, cols: rows });
      return JSON.stringify({ index, key: `custom|${rows}x${rows}|os|${order}`, series: `custom OS ${order}`, point: { rows, cols: rows }, result });
    };
    // Finish order, as a sweep appends: not grid order.
    const text = [line(3, 8, 'after'), line(0, 4, 'before'), line(2, 8, 'before'), line(1, 4, 'after')].join('\n');
    const d = reportData([{ name: 'sweep.jsonl', text }]);
    expect(d.points.map((p) => p.index)).toEqual([0, 1, 2, 3]);
    expect([...new Set(d.points.map((p) => p.series))]).toEqual(['custom OS before', 'custom OS after']);
    const h = sweepHeadline(d.points);
    expect(h.answer[0]).toMatch(/^4 points in 2 series\. Lowest energy: custom OS after on (4×4|8×8)/);
    expect(h.rows.map((r) => r.figure)).toContain('Lowest energy-delay product');
  });
});

describe('result schema versions the report reads', () => {
  const doc = run({ order: 'after' }) as { schemaVersion: number };
  it.each([
    [1, 'version 1 (before the memory system): read'],
    [2, 'version 2: read'],
  ])('schemaVersion %i — %s', (version) => {
    expect(reportData([{ name: 'r.json', text: JSON.stringify({ ...doc, schemaVersion: version }) }]).runs.length).toBeGreaterThan(0);
  });
  it('a later version is refused, naming the versions it reads', () => {
    expect(() => reportData([{ name: 'r.json', text: JSON.stringify({ ...doc, schemaVersion: 3 }) }])).toThrow('r.json: schemaVersion 3 is not supported; allowed 1, 2');
  });
});
