// The explorer's run without the browser (explore/run-config.ts, explore/order-task.ts): a config object in the
// schema of --config files, one task per order, joined into what `systolic run --json` prints; and the form lays
// out every run option.
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import { FORM_GROUPS } from '../explore/form-groups.js';
import { runOrderTask } from '../explore/order-task.js';
import { joinOrders, orderTasks, parseRunConfig, taskFiles } from '../explore/run-config.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { runJob } from '../workloads/run-job.js';
import { RUN_OPTIONS } from '../workloads/run-options.js';
import { resolveRun } from '../workloads/run-resolver.js';
import { runJson } from '../workloads/run-json.js';

const TINY = { model: 'custom', tokens: 10, dim: 16, heads: 2, rows: 4, cols: 4 };

/** systolic.run's path, minus the worker: parse, split by order, run each task, join. */
function explorerRun(config: unknown, files = {}): unknown {
  const options = parseRunConfig(config);
  const tasks = orderTasks(options, taskFiles(options, files, {}), '9.9.9');
  return joinOrders(tasks, tasks.map(runOrderTask));
}

describe('explorer run', () => {
  it.each([['both'], ['before'], ['after']])('order %s: the same object as `systolic run --json` for the same options', (order) => {
    const config = { ...TINY, order, dataflow: 'is' };
    expect(explorerRun(config)).toEqual(runJson(runJob(resolveRun(parseRunConfig(config), {}, '9.9.9'))));
  });

  it('reads a technology file given as JSON or as bytes, as --tech reads it', () => {
    const tech = { ...DEFAULT_TECH, name: 'slow', clockMhz: 100 };
    const config = { ...TINY, order: 'after', tech: 'slow.json' };
    const cli = runJson(runJob(resolveRun(parseRunConfig(config), { tech }, '9.9.9')));
    expect(explorerRun(config, { tech })).toEqual(cli);
    expect(explorerRun(config, { tech: new TextEncoder().encode(JSON.stringify(tech)) })).toEqual(cli);
  });

  it('refuses what a config file refuses, naming the field, and files it was not given', () => {
    expect(() => parseRunConfig({ rows: 0 })).toThrow(/field rows: /);
    expect(() => parseRunConfig({ colour: 'red' })).toThrow(/colour/);
    expect(() => explorerRun({ ...TINY, tech: 'x.json' })).toThrow(InputError);
    expect(() => explorerRun({ ...TINY, tech: 'x.json' })).toThrow(/tech: x\.json is not loaded/);
    expect(() => explorerRun({ ...TINY, order: 'after', tech: 'x.json' }, { tech: new TextEncoder().encode('{') })).toThrow(/tech: x\.json is not valid JSON/);
  });

  it('lays out every run option but array (rows and columns say it) in the form, once', () => {
    const shown = FORM_GROUPS.flatMap(([, keys]) => keys);
    expect([...shown].sort()).toEqual(Object.keys(RUN_OPTIONS).filter((k) => k !== 'array').sort());
    expect(new Set(shown).size).toBe(shown.length);
  });
});
