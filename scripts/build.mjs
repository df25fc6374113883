// Bundles the CLI and the library into dist/ (ESM, Node 20) and compiles the WebAssembly MAC kernel.
import asc from 'assemblyscript/asc';
import { build } from 'esbuild';

// SIMD (four PEs per step) and no runtime: the kernel allocates nothing, the host lays out its memory.
const kernel = await asc.main(['kernel/mac.ts', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '-o', 'dist/mac-kernel.wasm']);
if (kernel.error) {
  console.error(kernel.stderr.toString());
  throw kernel.error;
}

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' };
await build({ ...common, entryPoints: ['cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
await build({ ...common, entryPoints: ['index.ts'], outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' });
await build({ ...common, entryPoints: ['bench/case.ts'], outfile: 'dist/bench-case.js' });
await build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, logLevel: 'warning', entryPoints: ['reports/client/main.ts'], outfile: 'dist/report-client.js' });
await build({ ...common, entryPoints: ['commands/sweep-worker.ts'], outfile: 'dist/sweep-worker.js' });
