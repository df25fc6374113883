// Docs that never rot: every ```sh runnable block of the docs and the README runs on the built CLI, and the
// ```text output block after it must be exactly what the last command prints (`npm run docs:refresh` rewrites them).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { blocks, normalise, runBlock, runnables, scratchDir } from '../scripts/doc-blocks.mjs';

const root = new URL('..', import.meta.url).pathname;
const DOCS = ['README.md', 'docs/tutorial.md', 'docs/microarchitecture.md', 'docs/case-study.md'];

describe.each(DOCS)('%s', (file) => {
  const text = readFileSync(join(root, file), 'utf8');
  const found = runnables(text);
  const cwd = scratchDir();
  it.each(found.map((r, i) => [i + 1, r.block.body.split('\n')[0], r] as const))('runnable block %i: %s', (_, __, r) => {
    const stdout = runBlock(r.block.body, cwd, join(root, 'dist/cli.js'));
    if (r.output) expect(normalise(stdout)).toBe(normalise(r.output.body));
  }, 120_000);
});

describe('docs/ci.md pipelines', () => {
  const yamlBlocks = blocks(readFileSync(join(root, 'docs/ci.md'), 'utf8')).filter((b) => b.lang === 'yaml');
  it('holds a GitHub Actions and a GitLab CI pipeline, both valid YAML that run systolic compare, and a Kubernetes Job', () => {
    expect(yamlBlocks).toHaveLength(3);
    for (const b of yamlBlocks.slice(0, 2)) {
      expect(() => parseYaml(b.body)).not.toThrow();
      expect(b.body).toContain('systolic compare');
      expect(b.body).toContain('--shard');
    }
  });
  it('the Kubernetes Indexed Job passes its completion count to --shard auto', () => {
    const job = parseYaml(yamlBlocks[2]!.body);
    expect(job).toMatchObject({ apiVersion: 'batch/v1', kind: 'Job', spec: { completionMode: 'Indexed' } });
    const container = job.spec.template.spec.containers[0];
    expect(container.env).toContainEqual({ name: 'JOB_COMPLETIONS', value: String(job.spec.completions) });
    expect(container.args.join(' ')).toMatch(/systolic sweep .*--shard auto/);
  });
});
