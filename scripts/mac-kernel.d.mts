import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vitest/config';
export declare function compileMacKernel(): Promise<Uint8Array<ArrayBuffer>>;
export declare function embedMacKernel(wasm: Uint8Array): EsbuildPlugin;
export declare function macKernelForVite(): VitePlugin;
