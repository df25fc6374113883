// The built CLI (dist/cli.js) run as users run it, in a scratch folder of its own (e2e tests: dist/ is built first).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const root = new URL('..', import.meta.url).pathname;

/** A tiny custom block: every point takes milliseconds. */
export const TINY = ['--models', 'custom', '--tokens', '16', '--dim', '32', '--heads', '2'];

/** Variables of the batch systems `--shard auto` reads, left out of every child's environment unless given. */
const SHARD_VARS = /^(JOB_COMPLETION_INDEX|JOB_COMPLETIONS|SLURM_ARRAY_TASK_\w+)$/;

export function scratch(name: string) {
  const dir = mkdtempSync(join(tmpdir(), `systolic-${name}-`));
  const cli = (args: string[], env: Record<string, string> = {}) => {
    const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SHARD_VARS.test(k)));
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), ...args], { encoding: 'utf8', cwd: dir, env: { ...base, ...env } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  /** The parsed lines of a JSONL file. */
  const lines = <T = Record<string, unknown>>(file: string): T[] => read(file).split('\n').filter((l) => l).map((l) => JSON.parse(l) as T);
  return { dir, cli, read, lines, path: (file: string) => join(dir, file) };
}
