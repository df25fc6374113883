import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { macKernelForVite } from './scripts/mac-kernel.mjs';

// End-to-end tests: they run the bundles in dist/ (built once, by test/build-dist.ts, before any worker starts) or
// external tools (verilator, yosys, chromium). Everything else is a unit test on the sources: `npm run test:unit`.
const E2E = ['test/cli.test.ts', 'test/compare.test.ts', 'test/memory-cli.test.ts', 'test/output-files.test.ts', 'test/library.test.ts', 'test/memory-budget.test.ts', 'test/progress.test.ts', 'test/sweep.test.ts', 'test/sweep-resume.test.ts', 'test/sweep-options.test.ts', 'test/sweep-formats.test.ts', 'test/merge.test.ts', 'test/shard-auto.test.ts', 'test/docs-runnable.test.ts', 'test/report-browser.test.ts', 'test/explorer-browser.test.ts', 'test/calibrate.test.ts', 'test/rtl-verilator.test.ts', 'test/fold-jobs.test.ts'];

export default defineConfig({
  // Tests run the engines from source with the kernel compiled in, as the bundles have it.
  plugins: [macKernelForVite()],
  test: {
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
    // A worker per core, not vitest's cores − 1: end-to-end tests wait on child processes (the CLI, verilator, yosys).
    maxWorkers: availableParallelism(),
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E } },
      { extends: true, test: { name: 'e2e', include: E2E, globalSetup: ['test/build-dist.ts'] } },
    ],
  },
});
