// Runnable shell blocks of the docs: a ```sh runnable fence holds commands (one per line, `systolic` meaning the
// built CLI); an immediately following ```text output fence holds what the last command prints. Shared by the
// docs test and `npm run docs:refresh`, which rewrites the output blocks from real runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A scratch directory to run a doc in, with the checkout's examples/ linked in (as a user in the checkout has). */
export function scratchDir() {
  const dir = mkdtempSync(join(tmpdir(), 'systolic-docs-'));
  symlinkSync(new URL('../examples', import.meta.url).pathname, join(dir, 'examples'));
  return dir;
}

const FENCE = /^```(\S*)(?:[ \t]+(\S+))?[ \t]*$/;

/** Blocks of a markdown text: { lang, tag, start, end, body } with line numbers of the fences. */
export function blocks(markdown) {
  const lines = markdown.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FENCE.exec(lines[i]);
    if (!m || m[1] === '') continue;
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') j++;
    out.push({ lang: m[1], tag: m[2] ?? '', start: i, end: j, body: lines.slice(i + 1, j).join('\n') });
    i = j;
  }
  return out;
}

/** Runnable blocks, each with the output block that follows it (if any). */
export function runnables(markdown) {
  const bs = blocks(markdown);
  const lines = markdown.split('\n');
  const result = [];
  bs.forEach((b, k) => {
    if (b.tag !== 'runnable') return;
    const next = bs[k + 1];
    const adjacent = next && next.tag === 'output' && lines.slice(b.end + 1, next.start).every((l) => l.trim() === '');
    result.push({ block: b, output: adjacent ? next : undefined });
  });
  return result;
}

/**
 * Runs a block's commands in `cwd`; returns the last command's stdout. A command must exit 0, or the code its
 * trailing `# exit N` comment names; anything else throws with its stderr.
 */
export function runBlock(body, cwd, cliPath) {
  let last = '';
  for (const raw of body.split('\n')) {
    const [command, comment = ''] = raw.split(/\s+#\s*/, 2);
    const line = command.trim();
    if (line === '' || line.startsWith('#')) continue;
    const expected = Number(/^exit (\d+)$/.exec(comment.trim())?.[1] ?? 0);
    const words = line.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g).map((w) => w.replace(/^["']|["']$/g, ''));
    const [cmd, ...args] = words[0] === 'systolic' ? [process.execPath, cliPath, ...words.slice(1)] : words[0] === 'node' ? [process.execPath, ...words.slice(1)] : words;
    const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (r.status !== expected) throw new Error(`\`${line}\` exited ${r.status}, expected ${expected}: ${r.stderr}`);
    last = r.stdout;
  }
  return last;
}

export const normalise = (text) => text.split('\n').map((l) => l.trimEnd()).join('\n').trim();
