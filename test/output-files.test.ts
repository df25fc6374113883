// Results are never lost: unwritable output paths are refused before simulating, a closed stdout ends the CLI
// quietly, and a run killed while writing leaves the old file or the whole new one, never a torn one.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, scratch } from './built-cli.js';

const cliPath = join(root, 'dist/cli.js');
const { dir, cli: runCli } = scratch('out');
const cli = (...args: string[]) => runCli(args);

const tiny = ['--model', 'custom', '--tokens', '8', '--dim', '16', '--heads', '2', '--array', '4'];

describe('output paths are checked before simulating', () => {
  it.each([
    ['run --out', ['run', ...tiny, '--out', 'missing/r.json'], '--out: cannot write missing/r.json: folder missing does not exist'],
    ['run --report', ['run', ...tiny, '--report', 'missing/r.html'], '--report: cannot write missing/r.html: folder missing does not exist'],
    ['gemm --out', ['gemm', '--m', '4', '--k', '4', '--n', '4', '--out', 'a/b/c.npy'], '--out: cannot write a/b/c.npy: folder a/b does not exist'],
    ['sweep --out', ['sweep', '--arrays', '4', '--out', 'missing/s.jsonl'], '--out: cannot write missing/s.jsonl: folder missing does not exist'],
    ['sweep --report', ['sweep', '--arrays', '4', '--out', 's.jsonl', '--report', 'missing/s.html'], '--report: cannot write missing/s.html: folder missing does not exist'],
    ['merge -o', ['merge', 'x.jsonl', '-o', 'missing/m.jsonl'], '-o: cannot write missing/m.jsonl: folder missing does not exist'],
    ['report -o', ['report', 'x.json', '-o', 'missing/r.html'], '-o: cannot write missing/r.html: folder missing does not exist'],
    ['explore -o', ['explore', '-o', 'missing/e.html'], '-o: cannot write missing/e.html: folder missing does not exist'],
    ['an existing folder', ['gemm', '--m', '4', '--k', '4', '--n', '4', '--out', '.'], '--out: cannot write .: it is a folder'],
  ])('%s: exit 2, one line, nothing written', (_name, args, message) => {
    const r = cli(...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`systolic: ${message}; nothing was simulated\n`);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 's.jsonl'))).toBe(false);
  });
});

describe('a closed stdout', () => {
  // Output far beyond a pipe buffer (64 KiB): the reader leaves after the first chunk.
  it.each([
    ['run --json', ['run', '--model', 'custom', '--tokens', '64', '--dim', '64', '--heads', '2', '--array', '32', '--order', 'both', '--json']],
    ['gemm --json', ['gemm', '--m', '64', '--k', '8', '--n', '64', '--rows', '64', '--cols', '64', '--json']],
  ])('%s | head: ends quietly with exit 0', async (_name, args) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});

describe('atomic writes', () => {
  it('a process killed while writing leaves the old file or the whole new one', async () => {
    const target = join(dir, 'atomic.txt');
    const size = 8 * 1024 * 1024;
    writeFileSync(target, 'o'.repeat(size));
    // The child rewrites the file over and over with one letter per round; we kill it at spread-out moments.
    const script = join(dir, 'writer.ts');
    writeFileSync(
      script,
      `import { writeFileAtomic } from ${JSON.stringify(join(root, 'commands/output-files.ts'))};\n` +
        `process.stdout.write('ready\\n');\nfor (let i = 0; ; i++) writeFileAtomic(${JSON.stringify(target)}, String.fromCharCode(97 + (i % 26)).repeat(${size}));\n`,
    );
    for (const delayMs of [5, 20, 45, 80, 130]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: root });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.on('close', resolve));
      const text = readFileSync(target, 'utf8');
      expect(text.length).toBe(size);
      expect(text.replaceAll(text[0]!, '')).toBe('');
    }
  });
});
