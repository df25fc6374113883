// The memory system's cost (issue 15: at most 10% extra run time): the ViT-Base QKV GEMM (197×768·768×2304) on a
// 32×32 OS int8 array, with and without a memory system, alternated in one process so both see the same JIT state.
// Prints one JSON line: the median seconds of each and the overhead.
import { peSpecFromName } from '../pe/catalog.js';
import type { MemoryConfig } from '../memory/memory-model.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';

const repeats = Number(process.argv[2] ?? 5);
const spec = peSpecFromName('int8');
const { a, b } = randomOperands(spec, 197, 768, 2304, 7);
const memory: MemoryConfig = { mode: 'tiled', sramKb: { a: 64, b: 64, c: 32 }, banks: 1, bandwidth: 4, dram: 'lpddr4' };
const time = (withMemory: boolean): number => {
  const t0 = performance.now();
  simulateGemm({ a, b, pe: spec, dataflow: 'os', rows: 32, cols: 32, accuracy: false, ...(withMemory && { memory }) });
  return (performance.now() - t0) / 1000;
};
time(false); // warm-up: the first run compiles the engine
const without: number[] = [];
const withMem: number[] = [];
for (let i = 0; i < repeats; i++) {
  without.push(time(false));
  withMem.push(time(true));
}
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
const [plain, mem] = [median(without), median(withMem)];
console.log(JSON.stringify({ gemm: 'vit-base qkv 197x768x2304, 32x32 os int8', repeats, secondsWithout: plain, secondsWith: mem, overhead: mem / plain - 1 }));
