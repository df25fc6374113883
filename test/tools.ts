// Tests that need an external tool (verilator, yosys, iverilog, chromium, the OSU cells): skipped with the reason
// when one is missing locally, failing with the reason under CI=true, where .ci/run installs them all; so a CI run
// cannot pass with them silently skipped.
import { beforeAll, describe } from 'vitest';

const ci = process.env['CI'] === 'true';

/** describe(name, body) for tests that need the tools in `missing` (empty when all are there); `install` says how. */
export function describeWithTools(name: string, missing: string[], install: string, body: () => void): void {
  const why = `${missing.join(', ')} missing (${install})`;
  if (missing.length === 0) {
    describe(name, body);
  } else if (!ci) {
    console.warn(`${name}: skipped, ${why}`);
    describe.skip(`${name} [skipped: ${why}]`, body);
  } else {
    describe(name, () => {
      beforeAll(() => {
        throw new Error(`${why}; CI=true requires it`);
      });
      body();
    });
  }
}
