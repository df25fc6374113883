// `systolic compare`: a regression check of a result against a baseline. Counts (cycles, MACs, toggles, ...) must
// match exactly; energies, power and accuracy within a relative tolerance (0: exactly). The report leads with a
// summary and lists at most --max-diffs differences, each one line: never whole objects.
import type { Command } from 'commander';
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { integers, option } from '../workloads/option-info.js';
import { readBytes, type Io } from './common.js';
import { addFlags } from './options.js';

export const COMPARE_FLAGS = {
  rtol: option(z.number().min(0).max(1).default(1e-9), { help: 'relative tolerance for energies, power and accuracy (0: exact)', arg: 'x' }),
  maxDiffs: option(integers(0, 1_000_000).default(20), { help: 'differences (and missing or extra points) listed at most', arg: 'n' }),
  format: option(z.enum(['text', 'json']).default('text'), { help: 'text for people, json for machines', arg: 'f' }),
};
export type CompareOptions = z.output<z.ZodObject<typeof COMPARE_FLAGS>>;

export interface Difference {
  /** The sweep point's key, for sweep files. */
  unit?: string;
  path: string;
  baseline: unknown;
  result: unknown;
}

/** What a file holds: one run result, a `run --order both` object, or sweep points by key. */
type Kind = 'result' | 'both-orders result' | 'sweep';
interface Document {
  kind: Kind;
  units: Map<string, unknown>;
}

export interface Comparison {
  kind: Kind;
  rtol: number;
  /** Units (sweep points, or the one result) present in both files, only in the baseline, only in the result. */
  compared: number;
  missing: string[];
  extra: string[];
  /** Compared units with at least one difference, and with a changed `totals` field. */
  differing: number;
  totalsChanged: number;
  differences: Difference[];
  /** The numeric difference with the largest relative change. */
  worst?: Difference & { relative: number };
}

const TOLERANT = /energy|power|accuracy|cosine|relL2|maxAbs|utilization|timeUs|bandwidthNeeded/i;

function parseDocument(text: string, name: string): Document {
  const kindOf = (o: Record<string, unknown>): Kind | undefined => (o['point'] && o['key'] !== undefined ? 'sweep' : o['results'] ? 'both-orders result' : o['ops'] ? 'result' : undefined);
  let parsed: unknown[];
  try {
    parsed = [JSON.parse(text)];
  } catch {
    try {
      parsed = text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    } catch {
      throw new InputError(`${name}: neither a result JSON nor a sweep JSONL file`);
    }
  }
  const objects = parsed.filter((o): o is Record<string, unknown> => !!o && typeof o === 'object' && !Array.isArray(o));
  const kinds = new Set(objects.map(kindOf));
  const kind = [...kinds][0];
  if (objects.length !== parsed.length || kinds.size !== 1 || kind === undefined || (kind !== 'sweep' && objects.length > 1)) {
    throw new InputError(`${name}: neither a result JSON nor a sweep JSONL file`);
  }
  if (kind !== 'sweep') return { kind, units: new Map([['', objects[0]]]) };
  return { kind, units: new Map(objects.map((o) => [String(o['key']), o['result']])) };
}

/** Every difference between two JSON values; numbers under a tolerant key may differ by rtol relative. */
export function compareResults(baseline: unknown, result: unknown, rtol: number, unit?: string): Difference[] {
  const diffs: Difference[] = [];
  const push = (path: string, a: unknown, b: unknown) => diffs.push({ ...(unit !== undefined && { unit }), path, baseline: a, result: b });
  const walk = (a: unknown, b: unknown, path: string, tolerant: boolean) => {
    if (typeof a === 'number' && typeof b === 'number') {
      const same = Object.is(a, b) || (tolerant && Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)));
      if (!same) push(path, a, b);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) push(`${path}.length`, a.length, b.length);
      else a.forEach((x, i) => walk(x, b[i], `${path}[${i}]`, tolerant));
      return;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const k of keys) {
        if (k === 'tool') continue; // the version that wrote a file is not a result
        const x = (a as Record<string, unknown>)[k];
        const y = (b as Record<string, unknown>)[k];
        const p = path ? `${path}.${k}` : k;
        if (x === undefined || y === undefined) push(p, x ?? '(missing)', y ?? '(missing)');
        else walk(x, y, p, tolerant || TOLERANT.test(k));
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) push(path, a, b);
  };
  walk(baseline, result, '', false);
  return diffs;
}

const relativeChange = (d: Difference): number | undefined =>
  typeof d.baseline === 'number' && typeof d.result === 'number' && d.baseline !== 0 ? (d.result - d.baseline) / Math.abs(d.baseline) : undefined;

function compareDocuments(baseline: Document, result: Document, rtol: number, names: [string, string]): Comparison {
  if (baseline.kind !== result.kind) {
    throw new InputError(`compare: different kinds: ${names[0]} is a ${baseline.kind}, ${names[1]} is a ${result.kind}; compare files made by the same command`);
  }
  const out: Comparison = { kind: baseline.kind, rtol, compared: 0, missing: [], extra: [], differing: 0, totalsChanged: 0, differences: [] };
  for (const [key, base] of baseline.units) {
    if (!result.units.has(key)) {
      out.missing.push(key);
      continue;
    }
    out.compared++;
    const diffs = compareResults(base, result.units.get(key), rtol, baseline.kind === 'sweep' ? key : undefined);
    if (diffs.length > 0) out.differing++;
    if (diffs.some((d) => /(^|\.)totals\./.test(d.path))) out.totalsChanged++;
    for (const d of diffs) {
      out.differences.push(d);
      const relative = relativeChange(d);
      if (relative !== undefined && Math.abs(relative) > Math.abs(out.worst?.relative ?? 0)) out.worst = { ...d, relative };
    }
  }
  out.extra = [...result.units.keys()].filter((key) => !baseline.units.has(key));
  return out;
}

/** A value in one short line: numbers whole, strings and objects cut (a difference never prints a whole result). */
function brief(v: unknown): string {
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return `(array of ${v.length})`;
  if (v && typeof v === 'object') return `(object with ${Object.keys(v).length} keys)`;
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const percent = (r: number) => `${r > 0 ? '+' : ''}${(r * 100).toPrecision(3)}%`;
const where = (d: Difference) => `${d.unit !== undefined ? `[${d.unit}] ` : ''}${d.path}`;

function differenceLine(d: Difference): string {
  const r = relativeChange(d);
  return `  ${where(d)}: ${brief(d.baseline)} -> ${brief(d.result)}${r !== undefined ? ` (${percent(r)})` : ''}`;
}

export function renderComparison(c: Comparison, names: [string, string], maxDiffs: number): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const tolerance = c.rtol === 0 ? 'everything exact' : `counts exact, energies within rtol ${c.rtol}`;
  if (c.differences.length === 0 && c.missing.length === 0 && c.extra.length === 0) {
    return `no differences: ${names[1]} matches ${names[0]} (${tolerance}${c.kind === 'sweep' ? `; ${plural(c.compared, 'point')}` : ''})`;
  }
  const lines = [`${plural(c.differences.length, 'difference')} between ${names[0]} and ${names[1]} (${tolerance})`];
  if (c.kind === 'sweep') {
    lines.push(`  points: ${c.compared} compared, ${c.missing.length} missing from ${names[1]}, ${c.extra.length} extra; ${c.differing} differ, ${c.totalsChanged} with changed totals`);
    const listKeys = (label: string, keys: string[]) => {
      if (keys.length > 0) lines.push(`  ${label}: ${keys.slice(0, maxDiffs).join(', ')}${keys.length > maxDiffs ? `, ... and ${keys.length - maxDiffs} more` : ''}`);
    };
    listKeys('missing', c.missing);
    listKeys('extra', c.extra);
  }
  else {
    const totals = c.differences.filter((d) => /(^|\.)totals\.[\w.]+$/.test(d.path)); // scalars, not per-PE arrays
    lines.push(`  totals changed: ${totals.length === 0 ? 'none' : totals.slice(0, 4).map((d) => `${d.path} ${relativeChange(d) === undefined ? 'changed' : percent(relativeChange(d)!)}`).join(', ') + (totals.length > 4 ? ', ...' : '')}`);
  }
  if (c.worst) lines.push(`  worst relative change: ${where(c.worst)} ${percent(c.worst.relative)}`);
  if (c.differences.length > 0) {
    lines.push(c.differences.length > maxDiffs ? `first ${maxDiffs}:` : 'differences:', ...c.differences.slice(0, maxDiffs).map(differenceLine));
    if (c.differences.length > maxDiffs) lines.push(`  ... and ${c.differences.length - maxDiffs} more (--max-diffs shows more)`);
  }
  return lines.join('\n');
}

/** The comparison for machines: the summary and at most maxDiffs differences (values cut like the text's). */
export function comparisonJson(c: Comparison, maxDiffs: number): unknown {
  const cut = (d: Difference) => ({ ...d, baseline: typeof d.baseline === 'number' ? d.baseline : brief(d.baseline), result: typeof d.result === 'number' ? d.result : brief(d.result) });
  return {
    kind: c.kind,
    rtol: c.rtol,
    pass: c.differences.length === 0 && c.missing.length === 0 && c.extra.length === 0,
    compared: c.compared,
    missing: c.missing.slice(0, maxDiffs),
    missingCount: c.missing.length,
    extra: c.extra.slice(0, maxDiffs),
    extraCount: c.extra.length,
    differing: c.differing,
    totalsChanged: c.totalsChanged,
    differenceCount: c.differences.length,
    ...(c.worst && { worst: { ...cut(c.worst), relative: c.worst.relative } }),
    differences: c.differences.slice(0, maxDiffs).map(cut),
  };
}

/** Compares two files' texts (result JSON, both-orders JSON or sweep JSONL), named for the messages. */
export function compareTexts(baseline: { name: string; text: string }, result: { name: string; text: string }, rtol: number): Comparison {
  return compareDocuments(parseDocument(baseline.text, baseline.name), parseDocument(result.text, result.name), rtol, [baseline.name, result.name]);
}

export function registerCompare(program: Command, io: Io, out: (s: string) => void, setExit: (code: number) => void): void {
  const cmd = program
    .command('compare')
    .description('compare a result (JSON or sweep JSONL) with a baseline: exit 1 on any count change or energy change beyond --rtol')
    .argument('<baseline>', 'baseline result file')
    .argument('<result>', 'result file to check');
  addFlags(cmd, COMPARE_FLAGS).action((baselinePath: string, resultPath: string, opts: CompareOptions) => {
    const read = (flag: string, name: string) => ({ name, text: new TextDecoder().decode(readBytes(io, flag, name)) });
    const names: [string, string] = [baselinePath, resultPath];
    const c = compareTexts(read('baseline', baselinePath), read('result', resultPath), opts.rtol);
    out(opts.format === 'json' ? JSON.stringify(comparisonJson(c, opts.maxDiffs)) : renderComparison(c, names, opts.maxDiffs));
    if (c.differences.length > 0 || c.missing.length > 0 || c.extra.length > 0) setExit(1);
  });
}
