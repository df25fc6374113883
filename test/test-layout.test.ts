// Every test that runs the built bundles is in the e2e project, whose global setup builds dist/ first: a unit test
// reading dist/ would pass after a build and fail on a fresh clone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;
const config = readFileSync(join(root, 'vitest.config.ts'), 'utf8');
const e2e = [...(/const E2E = \[([^\]]*)\]/.exec(config)?.[1] ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);

describe('test layout', () => {
  it('lists the e2e tests in vitest.config.ts', () => {
    expect(e2e).toContain('test/cli.test.ts');
  });

  it('puts every test that reads dist/ (itself or through a test helper) in the e2e project', () => {
    const files = readdirSync(join(root, 'test')).filter((f) => f.endsWith('.ts') && f !== 'test-layout.test.ts');
    const text = new Map(files.map((f) => [f, readFileSync(join(root, 'test', f), 'utf8')]));
    const helpersReadingDist = files.filter((f) => !f.endsWith('.test.ts') && f !== 'build-dist.ts' && /['"`/]dist\//.test(text.get(f)!));
    const readsDist = files
      .filter((f) => f.endsWith('.test.ts'))
      .filter((f) => /['"`/]dist\//.test(text.get(f)!) || helpersReadingDist.some((h) => text.get(f)!.includes(`'./${h.replace(/\.ts$/, '.js')}'`)))
      .map((f) => `test/${f}`);
    expect(readsDist.filter((f) => !e2e.includes(f))).toEqual([]);
  });
});
