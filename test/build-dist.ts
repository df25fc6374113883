// Global setup of the end-to-end tests: builds dist/ once, before any worker runs dist/cli.js (a build per test file
// rewrote the bundles while other workers were running them).
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const root = new URL('..', import.meta.url).pathname;
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`npm run build failed:\n${b.stderr}`);
}
