// Progress on stderr (issue 13): the line's text, its throttle on an injected clock, and the built CLI on a real
// terminal (script(1) gives it a pty) against a pipe and --quiet.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { progressLine, progressText } from '../commands/progress.js';

const root = new URL('..', import.meta.url).pathname;

describe('progress line', () => {
  it('shows units done of total, elapsed and ETA', () => {
    expect(progressText('orders', 0, 2, 1000)).toBe('[....................] 0/2 orders, 1.0 s');
    expect(progressText('ops', 3, 4, 6000)).toBe('[###############.....] 3/4 ops, 6.0 s, ETA 2.0 s');
    expect(progressText('points', 4, 4, 12345)).toBe('[####################] 4/4 points, 12.3 s');
  });

  /** A line on a fake clock: `at(t, f)` runs f at time t; `shown` is what reached the terminal. */
  function fake() {
    let time = 0;
    const written: string[] = [];
    const line = progressLine('orders', (s) => written.push(s), () => time, { delayMs: 1000, intervalMs: 250 });
    const at = (t: number, f: () => void) => {
      time = t;
      f();
    };
    const shown = () => written.map((s) => s.replace(/^\r|\x1b\[K$/g, ''));
    return { line, at, shown };
  }

  it('stays silent for a command under a second', () => {
    const { line, at, shown } = fake();
    at(0, () => line.update(0, 2));
    at(600, () => line.update(1, 2));
    at(900, () => line.update(2, 2));
    at(950, () => line.end());
    expect(shown()).toEqual([]);
  });

  it('after a second, redraws at most every 250 ms, and once more at the end with a newline', () => {
    const { line, at, shown } = fake();
    at(0, () => line.update(0, 2));
    at(999, () => line.tick());
    at(1000, () => line.tick());
    at(1100, () => line.tick());
    at(1300, () => line.update(1, 2));
    at(1400, () => line.update(2, 2));
    at(1450, () => line.end());
    expect(shown()).toEqual(['[....................] 0/2 orders, 1.0 s', '[##########..........] 1/2 orders, 1.3 s, ETA 1.3 s', '[####################] 2/2 orders, 1.4 s', '\n']);
  });

  it('shows the final line of work that blocked the clock (one op in-process) when it took over a second', () => {
    const { line, at, shown } = fake();
    at(0, () => line.update(0, 1));
    at(2500, () => line.update(1, 1));
    at(2500, () => line.end());
    expect(shown().slice(-2)).toEqual(['[####################] 1/1 orders, 2.5 s', '\n']);
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe.skipIf(!hasScript)('progress of the built CLI', () => {
  beforeAll(() => {
    const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
    if (b.status !== 0) throw new Error(b.stderr);
  });

  // The job on a worker thread for about two seconds: the main thread is free to redraw while it runs.
  const RUN = `${process.execPath} ${join(root, 'dist/cli.js')} run --model custom --tokens 512 --dim 256 --heads 4 --order both`;
  /** What reaches a terminal (stderr; stdout goes to /dev/null) when the command runs on a pty. */
  const onTerminal = (command: string) => spawnSync('script', ['-qec', `${command} > /dev/null`, '/dev/null'], { encoding: 'utf8' });

  it('draws orders done / total, elapsed and ETA on a terminal, and ends the line', () => {
    const r = onTerminal(RUN);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\r').map((s) => s.replace(/\x1b\[K/g, '')).filter((s) => s.trim() !== '');
    expect(lines[0]).toMatch(/^\[\.{20}\] 0\/2 orders, 1\.\d s$/);
    expect(lines.at(-1)).toMatch(/^\[#{20}\] 2\/2 orders, \d+\.\d s$/);
    expect(r.stdout).toMatch(/\r\n$/);
  }, 60_000);

  it('is silent with --quiet and when stderr is not a terminal', () => {
    expect(onTerminal(`${RUN} --quiet`).stdout).toBe('');
    const piped = spawnSync('sh', ['-c', RUN], { encoding: 'utf8' });
    expect([piped.status, piped.stderr]).toEqual([0, '']);
  }, 60_000);
});
