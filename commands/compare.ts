// `systolic compare`: a regression check of a result against a baseline. Counts (cycles, MACs, toggles, ...) must
// match exactly; energies, power and accuracy within a relative tolerance. Each difference is named by its path.
import type { Command } from 'commander';
import { InputError } from '../core/input-error.js';
import { readBytes, type Io } from './common.js';
import { positiveNumberArg } from './options.js';

export interface Difference {
  path: string;
  baseline: unknown;
  result: unknown;
}

const TOLERANT = /energy|power|accuracy|cosine|relL2|maxAbs|utilization|timeUs/i;

function parseAny(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      // Sweep JSONL: points keyed by their point key.
      const byKey: Record<string, unknown> = {};
      for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
        const o = JSON.parse(line) as { key: string; result: unknown };
        byKey[o.key] = o.result;
      }
      return byKey;
    } catch {
      throw new InputError(`${name}: neither a result JSON nor a sweep JSONL file`);
    }
  }
}

export function compareResults(baseline: unknown, result: unknown, rtol: number): Difference[] {
  const diffs: Difference[] = [];
  const walk = (a: unknown, b: unknown, path: string, tolerant: boolean) => {
    if (typeof a === 'number' && typeof b === 'number') {
      const same = tolerant ? Object.is(a, b) || Math.abs(a - b) <= rtol * Math.max(Math.abs(a), Math.abs(b)) : Object.is(a, b);
      if (!same) diffs.push({ path, baseline: a, result: b });
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      if (a.length !== b.length) diffs.push({ path: `${path}.length`, baseline: a.length, result: b.length });
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
        if (x === undefined || y === undefined) diffs.push({ path: p, baseline: x ?? '(missing)', result: y ?? '(missing)' });
        else walk(x, y, p, tolerant || TOLERANT.test(k));
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) diffs.push({ path, baseline: a, result: b });
  };
  walk(baseline, result, '', false);
  return diffs;
}

export function renderDifferences(diffs: Difference[], limit = 40): string {
  const line = (d: Difference) => {
    const rel = typeof d.baseline === 'number' && typeof d.result === 'number' && d.baseline !== 0 ? ` (${(((d.result - d.baseline) / Math.abs(d.baseline)) * 100).toPrecision(3)}%)` : '';
    return `  ${d.path}: ${JSON.stringify(d.baseline)} -> ${JSON.stringify(d.result)}${rel}`;
  };
  const shown = diffs.slice(0, limit).map(line);
  if (diffs.length > limit) shown.push(`  ... and ${diffs.length - limit} more`);
  return shown.join('\n');
}

export function registerCompare(program: Command, io: Io, out: (s: string) => void, setExit: (code: number) => void): void {
  program
    .command('compare')
    .description('compare a result (JSON or sweep JSONL) with a baseline: exit 1 on any count change or energy change beyond --rtol')
    .argument('<baseline>', 'baseline result file')
    .argument('<result>', 'result file to check')
    .option('--rtol <x>', 'relative tolerance for energies, power and accuracy', positiveNumberArg, 1e-9)
    .action((baselinePath: string, resultPath: string, opts: { rtol: number }) => {
      const read = (flag: string, p: string) => parseAny(new TextDecoder().decode(readBytes(io, flag, p)), p);
      const diffs = compareResults(read('baseline', baselinePath), read('result', resultPath), opts.rtol);
      if (diffs.length === 0) {
        out(`no differences: ${resultPath} matches ${baselinePath} (counts exact, energies within rtol ${opts.rtol})`);
        return;
      }
      out(`${diffs.length} difference${diffs.length === 1 ? '' : 's'} between ${baselinePath} and ${resultPath}:\n${renderDifferences(diffs)}`);
      setExit(1);
    });
}
