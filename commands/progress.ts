// Progress of a long command on stderr: silent for its first second, then one line rewritten in place at most a
// few times a second (units done / total, elapsed, ETA), ended when the command ends. The CLI shows it on a
// terminal only; the clock and the writer come in, so the throttle is tested without either.
import { z } from 'zod';
import { option } from '../workloads/option-info.js';

export const QUIET_OPTION = option(z.boolean().optional(), { help: 'no progress line on stderr (shown on a terminal for runs over a second)' });

export interface Progress {
  /** `done` of `total` units finished; call as often as convenient, the line is throttled. */
  update(done: number, total: number): void;
  /** The command finished: past the first second, the line gets its final state and a newline. */
  end(): void;
}

export interface Timing {
  /** Nothing is shown before this much time has passed: short commands stay silent. */
  delayMs: number;
  /** The line is rewritten at most this often, and once more when the command ends. */
  intervalMs: number;
}

const TERMINAL: Timing = { delayMs: 1000, intervalMs: 250 };
const BAR = 20;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function progressText(unit: string, done: number, total: number, elapsedMs: number): string {
  const filled = Math.round((done / Math.max(1, total)) * BAR);
  const eta = done > 0 && done < total ? `, ETA ${seconds((elapsedMs / done) * (total - done))}` : '';
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR - filled)}] ${done}/${total} ${unit}, ${seconds(elapsedMs)}${eta}`;
}

/** A progress line; `tick` redraws it with the time passed (for a timer while the work runs elsewhere). */
export function progressLine(unit: string, write: (s: string) => void, now: () => number, timing: Timing, startedAt = now()): Progress & { tick(): void } {
  let [done, total, drawnAt] = [0, 0, -Infinity];
  const due = (t: number, throttled: boolean) => total > 0 && t - startedAt >= timing.delayMs && !(throttled && t - drawnAt < timing.intervalMs);
  const draw = (t: number) => {
    // \x1b[K clears what a longer earlier line left behind.
    write(`\r${progressText(unit, done, total, t - startedAt)}\x1b[K`);
    drawnAt = t;
  };
  const tick = () => {
    const t = now();
    if (due(t, true)) draw(t);
  };
  return {
    update(d, t) {
      [done, total] = [d, t];
      tick();
    },
    tick,
    end() {
      const t = now();
      if (!due(t, false)) return;
      draw(t);
      write('\n');
    },
  };
}

/** The terminal's progress line on stderr, redrawn by a timer between updates while the event loop is free. */
export function terminalProgress(unit: string, startedAt = Date.now()): Progress {
  const line = progressLine(unit, (s) => process.stderr.write(s), Date.now, TERMINAL, startedAt);
  const timer = setInterval(line.tick, TERMINAL.intervalMs).unref();
  return {
    update: line.update,
    end() {
      clearInterval(timer);
      line.end();
    },
  };
}

/** What a command needs to show progress: absent where nothing should be shown (a pipe, a file, tests). */
export interface ProgressIo {
  startProgress?: (unit: string) => Progress;
}

/** Runs `work` with a progress line of `unit`s (none with --quiet or without a terminal), ended however work ends. */
export async function withProgress<T>(io: ProgressIo, quiet: boolean | undefined, unit: string, work: (update?: Progress['update']) => T | Promise<T>): Promise<T> {
  const progress = quiet ? undefined : io.startProgress?.(unit);
  try {
    return await work(progress?.update);
  } finally {
    progress?.end();
  }
}
