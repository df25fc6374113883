// Rewrites every ```text output block of the docs and README from a real run of the runnable block before it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalise, runBlock, runnables, scratchDir } from './doc-blocks.mjs';

const root = new URL('..', import.meta.url).pathname;
const cli = join(root, 'dist/cli.js');
const files = process.argv.slice(2);
for (const file of files) {
  let text = readFileSync(join(root, file), 'utf8');
  const cwd = scratchDir();
  // Replace from the end so earlier line numbers stay valid.
  const found = runnables(text);
  const outputs = found.map(({ block }) => normalise(runBlock(block.body, cwd, cli)));
  const lines = text.split('\n');
  for (let k = found.length - 1; k >= 0; k--) {
    const { output } = found[k];
    if (!output) continue;
    lines.splice(output.start + 1, output.end - output.start - 1, ...outputs[k].split('\n'));
  }
  text = lines.join('\n');
  writeFileSync(join(root, file), text);
  console.log(`${file}: ${found.length} runnable blocks`);
}
