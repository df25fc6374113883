// One option schema: every command's flags, the --config fields and the resolved job are derived from the zod
// schemas, so a flag and a config field accept the same values and a config file runs what its flags run.
import { Command, type Option } from 'commander';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { CALIBRATE_FLAGS, registerCalibrate } from '../commands/calibrate.js';
import type { Io } from '../commands/common.js';
import { GEMM_FLAGS, registerGemm } from '../commands/gemm.js';
import { unwrapOption, type OptionShape } from '../commands/options.js';
import { RTL_FLAGS, registerRtl } from '../commands/rtl.js';
import { registerRun, RUN_FLAGS, runConfigSchema } from '../commands/run.js';
import { registerSweep, SWEEP_FLAGS } from '../commands/sweep.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import type { FloatFormatName } from '../pe/float-format.js';
import { infoOf } from '../workloads/option-info.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import type { VitJob } from '../workloads/vit-job.js';
import { RUN_OPTIONS, runOptionsSchema, type RunOptions } from '../workloads/run-options.js';
import { resolveRun } from '../workloads/run-resolver.js';
import { SWEEP_GRID_OPTIONS, sweepSpec } from '../workloads/sweep-options.js';
import { pointOptions, sweepPoints } from '../workloads/sweep-plan.js';

/** A program whose files live in a map; `printed` collects what the commands print. */
function program(files: Record<string, string> = {}) {
  const printed: string[] = [];
  const io = {
    readFile: (p: string) => {
      if (!(p in files)) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
      return new TextEncoder().encode(files[p]);
    },
    writeFile: () => {},
    appendFile: () => {},
    exists: () => false,
    makeDir: () => {},
    version: 'test',
  } satisfies Io & Record<string, unknown>;
  const p = new Command('systolic').exitOverride();
  const out = (s: string) => printed.push(s);
  registerRun(p, io, out, () => {});
  registerSweep(p, io, out, () => {});
  registerGemm(p, io, out);
  registerRtl(p, io, out);
  registerCalibrate(p, io, out, () => {});
  for (const c of p.commands) c.exitOverride().configureOutput({ writeErr: () => {} });
  return { p, printed, command: (name: string) => p.commands.find((c) => c.name() === name)! };
}

const SHAPES: [string, OptionShape][] = [['run', RUN_FLAGS], ['sweep', SWEEP_FLAGS], ['gemm', GEMM_FLAGS], ['rtl', RTL_FLAGS], ['calibrate', CALIBRATE_FLAGS]];

describe('schema → flags', () => {
  const { command } = program();
  it.each(SHAPES)('%s: one flag per schema field, in order, with its default, choices and mandatory (and --no-<flag> for negatable switches)', (name, shape) => {
    const all = command(name).options;
    const options = all.filter((o) => !o.negate);
    expect(options.map((o) => o.attributeName())).toEqual(Object.keys(shape));
    for (const o of all.filter((x) => x.negate)) expect(infoOf(o.attributeName(), shape[o.attributeName()]!).negatable, o.long).toBe(true);
    for (const o of options) {
      const schema = shape[o.attributeName()]!;
      const { inner, fallback, required } = unwrapOption(schema);
      expect(o.defaultValue, o.long).toEqual(fallback);
      expect(o.mandatory, o.long).toBe(required);
      expect(o.required, `${o.long} takes an argument`).toBe(!(inner instanceof z.ZodBoolean));
      if (inner instanceof z.ZodEnum && o.argChoices) expect(o.argChoices).toEqual(inner.options);
    }
  });

  it('every run option is a run flag whose default is the schema default', () => {
    const defaults = runOptionsSchema.parse({}) as Record<string, unknown>;
    const flags = new Map(command('run').options.map((o) => [o.attributeName(), o]));
    for (const key of Object.keys(RUN_OPTIONS)) expect(flags.get(key)?.defaultValue, key).toEqual(defaults[key]);
  });

  it('only --model takes any text among the choice options (its check names the presets and custom shapes)', () => {
    const unchecked = command('run').options.filter((o) => unwrapOption(RUN_FLAGS[o.attributeName() as keyof typeof RUN_FLAGS]).inner instanceof z.ZodEnum && !o.argChoices);
    expect(unchecked.map((o) => o.long)).toEqual(['--model']);
  });

  it('a sweep takes its seed and engine from the run options (only the help says "blocks")', () => {
    expect(unwrapOption(SWEEP_FLAGS.seed).fallback).toBe(unwrapOption(RUN_OPTIONS.seed).fallback);
    expect(unwrapOption(SWEEP_FLAGS.engine).inner).toEqual(unwrapOption(RUN_OPTIONS.engine).inner);
  });
});

describe('flags ↔ config file', () => {
  const { command } = program();
  const run = new Map(command('run').options.map((o) => [o.attributeName(), o]));

  it('every run flag but how the terminal prints (--json, --format, --quiet, --profile) and --config is a config field', () => {
    expect(Object.keys(runConfigSchema.shape)).toEqual([...run.keys()].filter((k) => !['json', 'format', 'quiet', 'profile', 'config'].includes(k)));
  });

  /** Sample values of a flag: each choice and a wrong one; a number's bounds, just outside them, a fraction. */
  function samples(o: Option): string[] {
    if (o.argChoices) return [...o.argChoices, 'bogus'];
    const inner = unwrapOption(RUN_FLAGS[o.attributeName() as keyof typeof RUN_FLAGS]).inner as z.ZodNumber;
    const [min, max] = [inner.minValue!, Math.min(inner.maxValue!, 1e6)];
    return [min, max, min - 1, max + 1, min + 0.5, (min + max) / 2].map(String);
  }

  it('a flag and the config field of the same name accept the same values', () => {
    let checked = 0;
    for (const [key, o] of run) {
      if (!o.parseArg || !(key in runConfigSchema.shape)) continue;
      for (const text of samples(o)) {
        let flag = true;
        try {
          o.parseArg(text, undefined);
        } catch {
          flag = false;
        }
        const value = o.argChoices ? text : Number(text);
        expect(runConfigSchema.safeParse({ [key]: value }).success, `${o.long} ${text}`).toBe(flag);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('a config file runs what the same flags run; flags on the command line win, defaults do not', async () => {
    const fields = { model: 'custom', tokens: 8, dim: 16, heads: 2, array: 4, dataflow: 'ws', order: 'after', wbits: 4, abits: 6, pquant: 'log2', pe: 'shift', seed: 5, jobs: 1 };
    const flags = Object.entries(fields).flatMap(([k, v]) => [`--${k}`, String(v)]);
    const a = program({ 'exp.json': JSON.stringify(fields), 'exp.yaml': Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n') });
    await a.p.parseAsync(['run', ...flags, '--json'], { from: 'user' });
    const b = program({ 'exp.json': JSON.stringify(fields), 'exp.yaml': Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n') });
    await b.p.parseAsync(['run', '--config', 'exp.json', '--json'], { from: 'user' });
    await b.p.parseAsync(['run', '--config', 'exp.yaml', '--json'], { from: 'user' });
    expect(b.printed).toEqual([a.printed[0], a.printed[0]]);
    const c = program({ 'exp.json': JSON.stringify(fields) });
    await c.p.parseAsync(['run', '--config', 'exp.json', '--wbits', '3', '--abits', '8', '--json'], { from: 'user' });
    const config = JSON.parse(c.printed[0]!).config;
    expect([config.wbits, config.abits, config.pbits, config.dataflow]).toEqual([3, 8, 8, 'ws']);
  });
});

describe('one resolver for run and sweep points', () => {
  const resolve = (o: Partial<RunOptions>): VitJob => resolveRun(runOptionsSchema.parse(o), { tech: DEFAULT_TECH }, 'test') as VitJob;
  const spec = sweepSpec(z.object(SWEEP_GRID_OPTIONS).parse({ models: 'deit-tiny', arrays: '4x8', dataflows: 'ws', orders: 'before,after', bits: 'w2a8fq', pes: 'bf16', seed: 3, engine: 'reference' }));
  const points = sweepPoints(spec);

  it.each(points.map((p) => [p.key, p] as const))('%s resolves to the job of the same run options', (_key, point) => {
    const run = resolve({ model: 'deit-tiny', rows: 4, cols: 8, dataflow: 'ws', order: point.order, wbits: 2, wquant: 'framequant', seed: 3, engine: 'reference', ...(point.order === 'before' && { floatPe: 'bf16' as const }) });
    const sweep = resolveRun(pointOptions(point, spec), { tech: DEFAULT_TECH }, 'test');
    expect(sweep).toEqual(run);
  });

  it('derives the types from the schemas', () => {
    expectTypeOf<RunOptions['dataflow']>().toEqualTypeOf<DataflowName>();
    expectTypeOf<RunOptions['floatPe']>().toEqualTypeOf<FloatFormatName>();
    expectTypeOf<RunOptions['tokens']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RunOptions['abits']>().toEqualTypeOf<number>();
  });
});
