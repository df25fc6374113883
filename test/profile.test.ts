// --profile's phase timer on a fake clock: self times of nested phases, start-up, a worker's times added in, the
// breakdown's rows; the built CLI's output is checked in cli.test.ts.
import { describe, expect, it } from 'vitest';
import { untimed } from '../core/phase.js';
import { profiler } from '../commands/profile.js';

/** A profiler whose clock moves only when `spend` says so. */
function fake(startedAt?: number, created = 0) {
  let time = created;
  const p = profiler(() => time, startedAt);
  const spend = (ms: number) => void (time += ms);
  return { p, spend };
}

describe('phase timer', () => {
  it('counts a nested phase for itself alone, and a phase that throws all the same', () => {
    const { p, spend } = fake();
    const value = p.phase('simulate linear', () => {
      spend(10);
      p.phase('accuracy', () => spend(3));
      spend(5);
      return 42;
    });
    expect(value).toBe(42);
    expect(() =>
      p.phase('vector units', () => {
        spend(7);
        throw new Error('op failed');
      }),
    ).toThrow('op failed');
    p.phase('simulate linear', () => spend(1));
    expect(p.times()).toEqual({ 'simulate linear': 16, accuracy: 3, 'vector units': 7 });
  });

  it('counts what came before it as start-up, adds a worker\'s times, lists the phases in their fixed order with the rest as other', async () => {
    const { p, spend } = fake(0, 200);
    p.phase('serialization', () => spend(30));
    p.add({ 'simulate matmul': 500, serialization: 20 });
    await p.waiting(async () => spend(400));
    spend(50);
    expect(p.report().split('\n')).toEqual([
      'profile: 680 ms wall; 800 ms of work (this thread and 1 worker task)',
      'phase             ms  share',
      'start-up         200  25.0%',
      'simulate matmul  500  62.5%',
      'serialization     50   6.3%',
      'other             50   6.3%',
    ]);
  });

  it('untimed phases just run', () => {
    expect(untimed('float64 reference', () => 'done')).toBe('done');
  });
});
