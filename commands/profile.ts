// --profile: where a command's wall time goes, by phase (core/phase.ts), printed to stderr so that stdout keeps
// exactly what it prints without it. The core names its phases; this is the one place that reads the clock for them.
// Phases are self times (a nested phase's time counts for it alone). Worker threads time their own phases and send
// them back with their results; the main thread adds them in, so the work of every thread is listed.
import { z } from 'zod';
import { PHASES, untimed, type Phase, type PhaseName } from '../core/phase.js';
import { option } from '../workloads/option-info.js';
import { int, table } from './format.js';

export const PROFILE_OPTION = option(z.boolean().optional(), { help: 'print where the wall time goes, by phase (start-up, operands, reference, simulation, serialization, ...), to stderr' });

/** Milliseconds per phase. */
export type PhaseTimes = Partial<Record<PhaseName, number>>;

export interface Profiler {
  phase: Phase;
  /** Runs `work`, not counted as this thread's work (it waits for worker threads). */
  waiting<T>(work: () => Promise<T>): Promise<T>;
  /** Another thread's phase times, added in. */
  add(times: PhaseTimes): void;
  /** This thread's phase times and what was added in. */
  times(): PhaseTimes;
  /** The breakdown: every phase with its milliseconds and share of all threads' work; `other` is this thread's time in no phase. */
  report(): string;
}

/**
 * A profiler on the clock `now` (ms). `startedAt` is where this thread's work began: the main thread's clock starts
 * with the process, so everything before the profiler exists (loading the modules, parsing the flags) is `start-up`.
 */
export function profiler(now: () => number, startedAt = now()): Profiler {
  const created = now();
  const times: PhaseTimes = created > startedAt ? { 'start-up': created - startedAt } : {};
  const open: { inner: number }[] = [];
  let waited = 0;
  let mine = 0;
  let added = 0;
  const count = (name: PhaseName, ms: number) => (times[name] = (times[name] ?? 0) + ms);
  const phase: Phase = (name, work) => {
    const frame = { inner: 0 };
    open.push(frame);
    const start = now();
    try {
      return work();
    } finally {
      const elapsed = now() - start;
      open.pop();
      count(name, elapsed - frame.inner);
      const outer = open.at(-1);
      if (outer) outer.inner += elapsed;
      else mine += elapsed;
    }
  };
  return {
    phase,
    async waiting(work) {
      const start = now();
      try {
        return await work();
      } finally {
        waited += now() - start;
      }
    },
    add(other) {
      for (const name of PHASES) if (other[name] !== undefined) count(name, other[name]);
      added++;
    },
    times: () => ({ ...times }),
    report() {
      const wall = now() - startedAt;
      const other = Math.max(0, wall - (times['start-up'] ?? 0) - mine - waited);
      const rows = [...PHASES.filter((name) => times[name] !== undefined).map((name) => [name, times[name]!] as const), ['other', other] as const];
      const work = rows.reduce((s, [, ms]) => s + ms, 0);
      const threads = added > 0 ? `this thread and ${added} worker task${added > 1 ? 's' : ''}` : 'one thread';
      return [`profile: ${int(wall)} ms wall; ${int(work)} ms of work (${threads})`, table([['phase', 'ms', 'share'], ...rows.map(([name, ms]) => [name, int(ms), `${((100 * ms) / work).toFixed(1)}%`])])].join('\n');
    },
  };
}

/** What a command hands its parts: phases timed, worker threads asked for their times, the report at the end; all no-ops without --profile. */
export interface CommandProfile {
  /** Whether phases are timed (workers are asked to time theirs). */
  on: boolean;
  phase: Phase;
  waiting<T>(work: Promise<T>): Promise<T>;
  /** A worker's phase times, if it sent any. */
  add(times: PhaseTimes | undefined): void;
  /** Writes the breakdown to stderr. */
  end(): void;
}

export const UNPROFILED: CommandProfile = { on: false, phase: untimed, waiting: (work) => work, add: () => undefined, end: () => undefined };

/** With --profile, a profile of the command from the process start (main thread: performance.now() counts from there). */
export function commandProfile(on: boolean | undefined): CommandProfile {
  if (!on) return UNPROFILED;
  const p = profiler(() => performance.now(), 0);
  return {
    on: true,
    phase: p.phase,
    waiting: (work) => p.waiting(() => work),
    add: (times) => times && p.add(times),
    end: () => process.stderr.write(p.report() + '\n'),
  };
}
