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

  it('puts every test that reads dist/ in the e2e project', () => {
    const readsDist = readdirSync(join(root, 'test'))
      .filter((f) => f.endsWith('.test.ts') && f !== 'test-layout.test.ts')
      .filter((f) => /['"`/]dist\//.test(readFileSync(join(root, 'test', f), 'utf8')))
      .map((f) => `test/${f}`);
    expect(readsDist.filter((f) => !e2e.includes(f))).toEqual([]);
  });
});
