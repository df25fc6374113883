// Rewrites baselines/deit-tiny.jsonl from the built CLI and prints what moved against the old file.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASELINE_SWEEP } from './baseline-matrix.mjs';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const target = new URL('../baselines/deit-tiny.jsonl', import.meta.url).pathname;
const fresh = join(mkdtempSync(join(tmpdir(), 'baselines-')), 'deit-tiny.jsonl');
execFileSync(process.execPath, [cli, 'sweep', ...BASELINE_SWEEP, '--out', fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
if (existsSync(target)) {
  const r = spawnSync(process.execPath, [cli, 'compare', target, fresh], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
} else {
  console.log(`new baseline ${target}`);
}
copyFileSync(fresh, target);
console.log(`wrote ${target}`);
