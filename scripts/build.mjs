// Bundles the CLI and the library into dist/ (ESM, Node 20), each with the WebAssembly MAC kernel's bytes inside.
// `--no-kernel` leaves the kernel out: the engines then run their JS loops, whose results must be identical.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';
import { compileMacKernel, embedMacKernel } from './mac-kernel.mjs';

const plugins = process.argv.includes('--no-kernel') ? [] : [embedMacKernel(await compileMacKernel())];
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', plugins };
await build({ ...common, entryPoints: ['cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
// esbuild writes files 0644: `npx systolic` runs the bin directly, so it must stay executable after every rebuild.
chmodSync('dist/cli.js', 0o755);
await build({ ...common, entryPoints: ['index.ts'], outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' });
await build({ ...common, entryPoints: ['bench/case.ts'], outfile: 'dist/bench-case.js' });
await build({ bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, logLevel: 'warning', entryPoints: ['reports/client/main.ts'], outfile: 'dist/report-client.js' });
await build({ ...common, entryPoints: ['commands/sweep-worker.ts'], outfile: 'dist/sweep-worker.js' });
