// The README's library examples run as written against the built library (dist/index.js, by its package name).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { root } from './built-cli.js';

const examples = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```js library\n([\s\S]*?)```/g)].map((m) => m[1]!);
// Inside the package folder, `import ... from 'systolic'` resolves to the package itself (its "exports").
const script = (i: number) => join(root, `.library-example-${i}.mjs`);

afterAll(() => examples.forEach((_, i) => rmSync(script(i), { force: true })));

describe('README library examples', () => {
  it('finds the examples', () => expect(examples).toHaveLength(2));

  it.each([
    [0, ['Float64Array(4) [ 7, 3, 19, 9 ]', '5', '4']],
    [1, ['true', '4x4|os|before', '8x8|os|after', '0', 'true']],
  ])('example %i prints what its comments say', (i, expected) => {
    writeFileSync(script(i), examples[i]!);
    const r = spawnSync(process.execPath, [script(i)], { encoding: 'utf8', cwd: root });
    expect(r.stderr).toBe('');
    for (const text of expected) expect(r.stdout).toContain(text);
  });
});
