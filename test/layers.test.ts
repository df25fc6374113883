// The layers import only downward (docs/architecture.md, "Layers"): read every source file's imports and check
// each cross-folder edge against the table, that no files import each other in a circle, and that the pure core
// never reaches for Node's modules.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Folder → the folders it may import from. Folders not listed (test, bench, scripts, the root files) may import anything. */
const ALLOWED: Record<string, string[]> = {
  core: [],
  pe: ['core'],
  dataflow: ['core', 'pe'],
  memory: ['core', 'dataflow'],
  sim: ['core', 'pe', 'dataflow', 'memory', 'tech'],
  io: ['core', 'pe'],
  workloads: ['core', 'pe', 'dataflow', 'memory', 'sim', 'io'],
  rtl: ['core', 'pe', 'dataflow', 'sim'],
  calibrate: ['core', 'pe', 'dataflow', 'sim', 'rtl'],
  reports: ['core', 'memory', 'sim'],
  // The explorer runs the workload in the browser and shows it with the report's sections.
  explore: ['core', 'pe', 'dataflow', 'memory', 'sim', 'io', 'workloads', 'reports'],
  commands: ['core', 'pe', 'dataflow', 'memory', 'sim', 'io', 'workloads', 'rtl', 'calibrate', 'reports', 'explore'],
  kernel: [],
};

/** Folders that never touch files, the console or the clock: no Node built-ins. */
const PURE = ['core', 'pe', 'dataflow', 'memory', 'sim', 'workloads', 'io', 'rtl', 'reports', 'explore'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (['node_modules', 'dist', '.git', 'test-output'].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) && !name.endsWith('.d.mts') ? [relative(ROOT, path)] : [];
  });
}

const folderOf = (file: string) => (file.includes('/') ? file.split('/')[0]! : '.');

/** Relative imports (static, re-exports and dynamic) as repo-relative .ts paths, and bare module names. */
function importsOf(file: string): { local: string[]; modules: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
  const local = specs.filter((s) => s.startsWith('.')).map((s) => normalize(join(dirname(file), s)).replace(/\.js$/, '.ts'));
  return { local, modules: specs.filter((s) => !s.startsWith('.')) };
}

const files = sourceFiles(ROOT);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

/** Cross-folder edges that the table does not allow, as "file -> imported file". */
export function upwardImports(edges: [string, string][]): string[] {
  return edges.filter(([from, to]) => {
    const [a, b] = [folderOf(from), folderOf(to)];
    const allowed = ALLOWED[a];
    return a !== b && allowed !== undefined && !allowed.includes(b);
  }).map(([from, to]) => `${from} -> ${to}`);
}

describe('layers', () => {
  const edges = [...graph].flatMap(([from, { local }]) => local.map((to) => [from, to] as [string, string]));

  it('reads the imports of every folder in the table', () => {
    for (const folder of Object.keys(ALLOWED)) expect(files.some((f) => folderOf(f) === folder), folder).toBe(true);
    expect(edges.length).toBeGreaterThan(200);
  });

  it('flags an upward import (the check itself)', () => {
    expect(upwardImports([['pe/int-mac.ts', 'sim/simulate-gemm.ts'], ['sim/power-model.ts', 'pe/bits.ts'], ['reports/html.ts', 'workloads/sweep-plan.ts']])).toEqual([
      'pe/int-mac.ts -> sim/simulate-gemm.ts',
      'reports/html.ts -> workloads/sweep-plan.ts',
    ]);
  });

  it('imports only downward: core → pe → dataflow → sim → workloads → commands', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  it('has no circle of files importing each other', () => {
    const state = new Map<string, 'open' | 'done'>();
    const circles: string[] = [];
    const visit = (f: string, path: string[]) => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        circles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const to of graph.get(f)?.local ?? []) visit(to, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of files) visit(f, []);
    expect(circles).toEqual([]);
  });

  it('keeps the pure core free of Node built-ins', () => {
    const impure = files.filter((f) => PURE.includes(folderOf(f))).flatMap((f) => graph.get(f)!.modules.filter((m) => m.startsWith('node:')).map((m) => `${f}: ${m}`));
    expect(impure).toEqual([]);
  });
});
