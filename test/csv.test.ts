// CSV results (reports/csv.ts): read back by a strict RFC 4180 parser, every cell equals the number or text of the
// result JSON it came from, for a gemm, both orders of a run and hand-built sweep lines.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gemmCommand, GEMM_FLAGS, registerGemm } from '../commands/gemm.js';
import { registerRun, runCommandParallel, RUN_FLAGS } from '../commands/run.js';
import { resultsCsv, sweepCsv, type CsvSweepLine } from '../reports/csv.js';
import type { Result } from '../sim/result.js';
import type { OpResult } from '../sim/simulate-gemm.js';
import { runJson } from '../workloads/run-json.js';

const io = { readFile: () => new Uint8Array(), writeFile: () => {}, version: 'test' };

/** RFC 4180: fields split by commas, records by line breaks; a quoted field may hold both, "" is a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let cell = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') cell += text[++i];
      else quoted = false;
    } else if (c === '"') {
      if (cell !== '' || wasQuoted) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = wasQuoted = true;
    } else if (c === ',' || c === '\n') {
      record.push(cell);
      [cell, wasQuoted] = ['', false];
      if (c === '\n') [records[records.length], record] = [record, []];
    } else {
      if (wasQuoted) throw new Error(`text after a closing quote at ${i}`);
      cell += c;
    }
  }
  if (quoted || record.length > 0 || cell !== '') throw new Error('the last record does not end with a line break');
  return records;
}

/** Records as objects keyed by the header, after checking that every record has the header's width. */
function rowsOf(text: string): Record<string, string>[] {
  const [header, ...records] = parseCsv(text);
  expect(new Set(header).size, 'column names are unique').toBe(header!.length);
  for (const r of records) expect(r).toHaveLength(header!.length);
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

/** What a column holds, read from the op's JSON by the column's name. */
function fromJson(op: OpResult, column: string): unknown {
  const named: Record<string, unknown> = {
    op: op.name,
    overflows_pe: op.overflows.pe,
    overflows_edge: op.overflows.edge,
    sram_reads: op.sram.reads,
    sram_writes: op.sram.writes,
    sram_read_bits: op.sram.readBits,
    sram_write_bits: op.sram.writeBits,
    cosine: op.accuracy.cosine,
    rel_l2: op.accuracy.relL2,
    max_abs: op.accuracy.maxAbs,
    pe_energy_mean_pJ: op.perPe.energyPj.reduce((a, b) => a + b, 0) / op.perPe.energyPj.length,
    pe_energy_max_pJ: Math.max(...op.perPe.energyPj),
  };
  if (column in named) return named[column];
  const [, group, key] = /^(energy|toggles|edge)_(\w+?)(?:_pJ)?$/.exec(column) ?? [];
  if (group === 'energy') return op.energyPj[key as keyof OpResult['energyPj']];
  if (group === 'toggles') return op.toggles[key as keyof OpResult['toggles']];
  if (group === 'edge') return op.edge[key as keyof OpResult['edge']] ?? 0;
  const [, area] = /^area_(pe|array|edge)_um2$/.exec(column) ?? [];
  if (area) return op.areaUm2[area as keyof OpResult['areaUm2']];
  return op[column as keyof OpResult];
}

/** Every op column of the row equals the JSON's value: numbers exactly, JSON null (NaN) as an empty cell. */
function expectRowIsOp(row: Record<string, string>, op: OpResult, leading: number): void {
  for (const column of Object.keys(row).slice(leading)) {
    const want = fromJson(op, column);
    expect(want, `${column} is in the JSON`).not.toBeUndefined();
    if (want === null) expect(row[column], column).toBe('');
    else if (typeof want === 'number') expect(Number(row[column]), column).toBe(want);
    else expect(row[column], column).toBe(String(want));
  }
}

/** The result as the JSON a user reads (NaN becomes null), so the CSV is compared with the JSON's numbers. */
const asJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('CSV of results', () => {
  it('gemm: one op row whose every cell is the JSON value; units in the header', () => {
    const o = z.object(GEMM_FLAGS).parse({ m: 20, k: 30, n: 10, rows: 4, cols: 4, pe: 'fp16', dataflow: 'ws' });
    const { result } = gemmCommand(o, io);
    const text = resultsCsv([result]);
    const rows = rowsOf(text);
    expect(rows).toHaveLength(1);
    expect(text.split('\n')[0]).toMatch(/^op,kind,pe,m,k,n,instances,folds,cycles,macs,utilization,overflows_pe,overflows_edge,energy_total_pJ,energy_registers_pJ,/);
    expectRowIsOp(rows[0]!, asJson(result).ops[0]!, 0);
  });

  it('run, both orders: a row per order and op, led by the order', async () => {
    const o = z.object(RUN_FLAGS).parse({ model: 'custom', tokens: 12, dim: 16, heads: 2, array: 4, wquant: 'framequant', jobs: 1 });
    const json = asJson(runJson(await runCommandParallel(o, io))) as { results: Record<string, Result> };
    const rows = rowsOf(resultsCsv(Object.values(json.results)));
    const ops = Object.entries(json.results).flatMap(([order, r]) => r.ops.map((op) => ({ order, op })));
    expect(rows.map((r) => `${r['order']} ${r['op']}`)).toEqual(ops.map((x) => `${x.order} ${x.op.name}`));
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => expectRowIsOp(row, ops[i]!.op, 1));
  });

  it('sweep lines: a row per point and op, led by index, key and grid fields; quoted where RFC 4180 says', () => {
    const o = z.object(GEMM_FLAGS).parse({ m: 8, k: 8, n: 8, rows: 2, cols: 2 });
    const result = asJson(gemmCommand(o, io).result);
    const point = { index: 0, key: 'deit-tiny|2x2|os|after|w8a8|int8', model: 'deit-tiny', rows: 2, cols: 2, dataflow: 'os', order: 'after', wbits: 8, abits: 8, pe: 'int8' };
    const lines: CsvSweepLine[] = [
      { index: 0, key: point.key, point, result },
      // A point with one more grid field, and text that needs quoting.
      { index: 7, key: 'a "quoted", key\nwith a line break', point: { ...point, index: 7, model: 'x,y', wquant: 'framequant' }, result },
    ];
    const text = sweepCsv(lines);
    expect(text.split('\n')[0]).toMatch(/^index,key,model,rows,cols,dataflow,order,wbits,abits,point_pe,wquant,op,kind,pe,/);
    const rows = rowsOf(text);
    expect(rows.map((r) => [r['index'], r['key'], r['model'], r['point_pe'], r['wquant'], r['pe']])).toEqual([
      ['0', point.key, 'deit-tiny', 'int8', '', 'int8'],
      ['7', 'a "quoted", key\nwith a line break', 'x,y', 'int8', 'framequant', 'int8'],
    ]);
    for (const row of rows) expectRowIsOp(row, result.ops[0]!, 11);
  });

  it('writes numbers as JSON does: no thousands separators, "." decimals, exponents; NaN empty', () => {
    const o = z.object(GEMM_FLAGS).parse({ m: 64, k: 300, n: 64, rows: 4, cols: 4, pe: 'bf16' });
    const { result } = gemmCommand(o, io);
    const op = { ...result.ops[0]!, energyPj: { ...result.ops[0]!.energyPj, edge: 1.5e-7 }, accuracy: { cosine: NaN, relL2: 1234567.25, maxAbs: 0 } };
    const row = rowsOf(resultsCsv([{ ...result, ops: [op] }]))[0]!;
    expect([row['macs'], row['energy_edge_pJ'], row['cosine'], row['rel_l2']]).toEqual(['1228800', '1.5e-7', '', '1234567.25']);
  });
});

/** gemm and run as the CLI registers them, on files in a map; `printed` is stdout, `reports` the HTML reports asked for. */
async function systolic(...args: string[]) {
  const printed: string[] = [];
  const files = new Map<string, string>();
  const reports: string[][] = [];
  const p = new Command('systolic').exitOverride();
  const fileIo = { ...io, writeFile: (path: string, data: Uint8Array | string) => void files.set(path, String(data)) };
  registerGemm(p, fileIo, (s) => printed.push(s));
  registerRun(p, fileIo, (s) => printed.push(s), (inputs, html) => reports.push([...inputs, html]));
  for (const c of p.commands) c.exitOverride().configureOutput({ writeErr: () => {} });
  await p.parseAsync(args, { from: 'user' });
  return { printed, files, reports };
}

describe('--format and --out x.csv', () => {
  const RUN = ['run', '--model', 'custom', '--tokens', '12', '--dim', '16', '--heads', '2', '--array', '4', '--jobs', '1'];

  it('gemm --format csv prints the CSV of the result --json prints; --format json is --json', async () => {
    const args = ['gemm', '--m', '9', '--k', '5', '--n', '7', '--rows', '3', '--cols', '2'];
    const json = (await systolic(...args, '--json')).printed;
    expect((await systolic(...args, '--format', 'json')).printed).toEqual(json);
    expect((await systolic(...args, '--format', 'csv')).printed).toEqual([resultsCsv([JSON.parse(json[0]!) as Result]).trimEnd()]);
  });

  it('run --out r.csv writes the CSV it prints; the report reads JSON written beside itself', async () => {
    const json = JSON.parse((await systolic(...RUN, '--json')).printed[0]!) as { results: Record<string, Result> };
    const { printed, files, reports } = await systolic(...RUN, '--format', 'csv', '--out', 'r.csv', '--report', 'r.html');
    expect(printed).toEqual([resultsCsv(Object.values(json.results)).trimEnd()]);
    expect(files.get('r.csv')).toBe(`${printed[0]}\n`);
    expect(JSON.parse(files.get('r.json')!)).toEqual(json);
    expect(reports).toEqual([['r.json', 'r.html']]);
  });

  it('refuses --json with --format csv, and gemm --out c.csv (its --out is C as .npy), before simulating', async () => {
    await expect(systolic(...RUN, '--json', '--format', 'csv')).rejects.toThrow(/^--format: csv is not allowed with --json \(which prints JSON\); allowed one of them$/);
    await expect(systolic('gemm', '--out', 'c.csv')).rejects.toThrow(/^--out: c\.csv is not allowed: gemm's --out writes C as \.npy; allowed a \.npy path \(for the op as CSV, --format csv\)$/);
  });
});
