// The memory budget (issue 13): shapes whose estimated peak exceeds --max-memory (default half the machine) are refused
// before anything is allocated, with exit 2 and the sizes and the budget; the estimate bounds the measured peak of
// real runs from above, within 2×.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { gemmCommand, GEMM_FLAGS } from '../commands/gemm.js';
import { memoryBudget } from '../commands/memory-budget.js';
import { runCommandParallel, RUN_FLAGS } from '../commands/run.js';
import { InputError } from '../core/input-error.js';
import { DEFAULT_TECH } from '../sim/tech.js';
import { gemmBytes, type GemmSize } from '../sim/memory-estimate.js';
import { jobBytes } from '../workloads/block-memory.js';
import { resolveRun } from '../workloads/run-resolver.js';

const root = new URL('..', import.meta.url).pathname;
const io = { readFile: () => new Uint8Array(), writeFile: () => {}, version: 'test' };
// One thread unless a case says otherwise: --jobs defaults to the machine's cores, and each adds to the estimate.
const gemm = (o: Record<string, unknown>) => () => gemmCommand(z.object(GEMM_FLAGS).parse({ jobs: 1, ...o }), io);

beforeAll(() => {
  const b = spawnSync(process.execPath, [join(root, 'scripts/build.mjs')], { cwd: root, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(b.stderr);
});

/** The message of what `f` throws, and how long it took to throw it. */
function refusal(f: () => unknown): { error: unknown; ms: number } {
  const t0 = performance.now();
  try {
    f();
  } catch (error) {
    return { error, ms: performance.now() - t0 };
  }
  throw new Error('not refused');
}

describe('memory budget', () => {
  it('refuses gemm 1000000³ at once, naming the sizes and the budget', () => {
    const { error, ms } = refusal(gemm({ m: 1e6, k: 1e6, n: 1e6 }));
    expect(ms).toBeLessThan(100);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^--m --k --n: 1000000×1000000·1000000×1000000 on a 16×16 array needs about [\d.]+ TB of memory, more than the budget of [\d.]+ GB \(half of this machine's [\d.]+ GB\); allowed smaller shapes, or a larger --max-memory/);
  });

  it('refuses 20000³ over an 8 GB budget, and what the engine cannot address at any budget', () => {
    expect(gemm({ m: 20000, k: 20000, n: 20000, maxMemory: '8GB' })).toThrow(/20000×20000·20000×20000 on a 16×16 array needs about 43.2 GB of memory, more than the budget of 8 GB \(--max-memory\)/);
    expect(gemm({ m: 1e6, k: 1e6, n: 1e6, maxMemory: '100000TB' })).toThrow(/too large to simulate \(a matrix of 1000000000000 values, and arrays hold fewer than 2\^32\)/);
    expect(gemm({ m: 30000, k: 30000, n: 1000, maxMemory: '1000GB' })).toThrow(/too large to simulate \(7.0\d GB of WebAssembly kernel memory, and the kernel addresses 4 GB\)/);
    expect(gemm({ m: 64, k: 64, n: 64, maxMemory: '0.5MB' })).toThrow(/64×64·64×64 on a 16×16 array needs about 720 KB of memory, more than the budget of 512 KB \(--max-memory\)/);
    // A second thread shares both operands (8 bytes each) and builds its own words of A (40 bytes each), and its own heap.
    expect(gemm({ m: 20000, k: 20000, n: 20000, maxMemory: '8GB', jobs: 2 })).toThrow(/needs about 64.1 GB of memory/);
  });

  it('refuses an attention block whose largest op needs more than the budget, before building it', async () => {
    const o = z.object(RUN_FLAGS).parse({ model: 'custom', tokens: 16384, dim: 16384, heads: 16, jobs: 1 });
    await expect(runCommandParallel(o, io)).rejects.toThrow(/^--tokens --dim --heads: T=16384 D=16384 H=16 \(largest op qkv 16384×16384·16384×49152\) needs about [\d.]+ [GT]B of memory, more than the budget/);
    await expect(runCommandParallel({ ...o, maxMemory: '100TB' }, io)).rejects.toThrow(/^--tokens --dim --heads: .*: too large to simulate \(11 GB of WebAssembly kernel memory, and the kernel addresses 4 GB\); allowed smaller shapes$/);
  });

  it('reads sizes in MB, GB and TB (binary) and refuses others', () => {
    expect(memoryBudget('512MB').bytes).toBe(512 * 2 ** 20);
    expect(memoryBudget('1.5 gb').bytes).toBe(1.5 * 2 ** 30);
    expect(memoryBudget(undefined).from).toMatch(/^half of this machine's/);
    for (const bad of ['12', '0GB', '-1GB', '1e3MB', 'lots']) expect(() => memoryBudget(bad)).toThrow(/^--max-memory: ".*" is not allowed; allowed a size like 512MB, 16GB or 1.5TB$/);
  });

  it('exits 2 with one line before simulating', () => {
    const r = spawnSync(process.execPath, [join(root, 'dist/cli.js'), 'gemm', '--m', '1000000', '--k', '1000000', '--n', '1000000'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^systolic: --m --k --n: 1000000×1000000·1000000×1000000 .* needs about/);
  });
});

/** Peak resident memory of one CLI run, in bytes (the process's own maximum, read as it exits). */
function peakRss(args: string[]): number {
  const report = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nmaxrss=${process.resourceUsage().maxRSS*1024}\\n`))';
  const r = spawnSync(process.execPath, ['--import', report, join(root, 'dist/cli.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  expect(r.status, r.stderr).toBe(0);
  return Number(/maxrss=(\d+)/.exec(r.stderr)![1]);
}

describe('the estimate bounds the measured peak', () => {
  const MB = 2 ** 20;
  const gemmCase = (m: number, k: number, n: number, dataflow: GemmSize['dataflow'], pe: string, threads = 1) => ({
    args: ['gemm', '--m', `${m}`, '--k', `${k}`, '--n', `${n}`, '--dataflow', dataflow, '--pe', pe, '--jobs', `${threads}`],
    estimate: gemmBytes({ m, k, n, rows: 16, cols: 16, dataflow, engine: 'fast', reference: pe !== 'int8', threads }),
  });
  const runOptions = { model: 'custom', tokens: 512, dim: 256, heads: 4, order: 'after', jobs: 1 } as const;
  const cases = [
    { name: 'gemm 1024×1024·1024×512, int8, OS', baseline: ['gemm', '--m', '8', '--k', '8', '--n', '8', '--jobs', '1'], ...gemmCase(1024, 1024, 512, 'os', 'int8') },
    { name: 'gemm 2048×64·64×2048, fp16, IS', baseline: ['gemm', '--m', '8', '--k', '8', '--n', '8', '--jobs', '1'], ...gemmCase(2048, 64, 2048, 'is', 'fp16') },
    // Its folds on two threads: each builds its own words of A, both operands are shared.
    { name: 'gemm 1024×1024·1024×512, int8, OS, --jobs 2', baseline: ['gemm', '--m', '8', '--k', '8', '--n', '8', '--jobs', '1'], ...gemmCase(1024, 1024, 512, 'os', 'int8', 2) },
    {
      name: 'run T=512 D=256 H=4, dequant-after',
      baseline: ['run', '--model', 'custom', '--tokens', '8', '--dim', '16', '--heads', '2', '--order', 'after', '--jobs', '1'],
      args: ['run', ...Object.entries(runOptions).flatMap(([k, v]) => [`--${k}`, `${v}`])],
      estimate: jobBytes(resolveRun(z.object(RUN_FLAGS).parse(runOptions), { tech: DEFAULT_TECH }, 'test'), 1).bytes,
    },
  ];
  it.each(cases)('$name', ({ baseline, args, estimate }) => {
    const growth = peakRss(args) - peakRss(baseline);
    console.log(`${args.join(' ')}: estimate ${(estimate / MB).toFixed(0)} MB, measured ${(growth / MB).toFixed(0)} MB above a tiny run`);
    expect(estimate).toBeGreaterThanOrEqual(growth);
    expect(estimate).toBeLessThanOrEqual(2 * growth);
  }, 60_000);
});
