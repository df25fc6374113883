// Bundles the CLI and the library into dist/ (ESM, Node 20).
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' };
await build({ ...common, entryPoints: ['cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } });
await build({ ...common, entryPoints: ['index.ts'], outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' });
await build({ ...common, entryPoints: ['bench/case.ts'], outfile: 'dist/bench-case.js' });
