// The WebAssembly MAC kernel as bytes: kernel/mac.ts compiled in memory, and the plugins that put those bytes in
// place of dataflow/mac-kernel-bytes.ts (esbuild for the bundles in dist/, vite for tests run from source).
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STUB = /[\\/]dataflow[\\/]mac-kernel-bytes\.ts$/;

/** kernel/mac.ts compiled with SIMD (four PEs per step) and no runtime (the host lays out its memory). */
export async function compileMacKernel() {
  let wasm;
  const result = await asc.main(['--baseDir', ROOT, 'kernel/mac.ts', '-O3', '--runtime', 'stub', '--noAssert', '--enable', 'simd', '-o', 'mac-kernel.wasm'], {
    writeFile: (_name, contents) => {
      wasm = contents;
    },
  });
  if (result.error) throw new Error(`kernel/mac.ts: ${result.stderr.toString()}`, { cause: result.error });
  return wasm;
}

/** esbuild: the stub's default export becomes the kernel's bytes (binary loader: a Uint8Array). */
export function embedMacKernel(wasm) {
  return {
    name: 'mac-kernel',
    setup(build) {
      build.onLoad({ filter: STUB }, () => ({ contents: wasm, loader: 'binary' }));
    },
  };
}

/** vite (vitest): the same substitution, compiled once per test run when a test first imports the engines. */
export function macKernelForVite() {
  let source;
  return {
    name: 'mac-kernel',
    async load(id) {
      if (!STUB.test(id)) return undefined;
      source ??= compileMacKernel().then((wasm) => `export default Uint8Array.from(atob('${Buffer.from(wasm).toString('base64')}'), (c) => c.charCodeAt(0));`);
      return source;
    },
  };
}
