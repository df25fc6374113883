// The compiled MAC kernel: none in the source, so the engines use their JS loops; scripts/mac-kernel.mjs puts
// kernel/mac.ts compiled here in every bundle (scripts/build.mjs) and in the test run (vitest.config.ts).
const bytes: Uint8Array<ArrayBuffer> | undefined = undefined;
export default bytes;
