// Bundles the CLI and the library into dist/ (ESM, Node 20), each with the WebAssembly MAC kernel's bytes inside,
// and the browser bundles of the report and the explorer.
// `--no-kernel` leaves the kernel out: the engines then run their JS loops, whose results must be identical.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';
import { compileMacKernel, embedMacKernel } from './mac-kernel.mjs';

const plugins = process.argv.includes('--no-kernel') ? [] : [embedMacKernel(await compileMacKernel())];
const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning', plugins };
// zod's `z` object carries its ~40 message locales (260 KB minified); every bundle uses its default, English, only.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({ contents: "export { default as en } from './en.js';", loader: 'js' }));
  },
};
// The CLI and its workers carry their packages inside and no whitespace: Node compiles one file instead of zod's
// hundreds of modules, which takes ~40 ms off every command's start (names stay, so stack traces still read).
// Bundled CommonJS packages call require, which an ES module has only through createRequire.
const standalone = {
  ...common,
  packages: undefined,
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [zodEnglishOnly, ...plugins],
  banner: { js: "import { createRequire as __systolicRequire } from 'node:module'; const require = __systolicRequire(import.meta.url);" },
};
await build({ ...standalone, entryPoints: ['cli.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${standalone.banner.js}` } });
// esbuild writes files 0644: `npx systolic` runs the bin directly, so it must stay executable after every rebuild.
chmodSync('dist/cli.js', 0o755);
await build({ ...common, entryPoints: ['index.ts'], outfile: 'dist/index.js' });
await build({ ...common, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js' });
await build({ ...common, entryPoints: ['bench/case.ts'], outfile: 'dist/bench-case.js' });
await build({ ...common, entryPoints: ['bench/memory-case.ts'], outfile: 'dist/bench-memory-case.js' });
// Browser bundles: the report client; the explorer's page and its worker (the simulator, with the kernel).
const browser = { bundle: true, platform: 'browser', format: 'iife', target: 'es2020', minify: true, logLevel: 'warning', plugins: [zodEnglishOnly] };
await build({ ...browser, entryPoints: ['reports/client/main.ts'], outfile: 'dist/report-client.js' });
await build({ ...browser, entryPoints: ['explore/client/main.ts'], outfile: 'dist/explorer-page.js' });
await build({ ...browser, plugins: [zodEnglishOnly, ...plugins], entryPoints: ['explore/worker.ts'], outfile: 'dist/explorer-worker.js' });
await build({ ...standalone, entryPoints: ['commands/sweep-worker.ts'], outfile: 'dist/sweep-worker.js' });
await build({ ...standalone, entryPoints: ['commands/fold-worker.ts'], outfile: 'dist/fold-worker.js' });
