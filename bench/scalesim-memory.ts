// `npx tsx bench/scalesim-memory.ts`: wall time of `--memory scalesim`'s accounting on ViT-Base QKV (197×768 ·
// 768×2304) on 32×32 OS, whose array simulation takes about 0.7 s; the budget is 10% of that (docs/memory.md).
import { planFolds } from '../dataflow/fold-plan.js';
import type { Bandwidth, MemoryConfig } from '../memory/memory-model.js';
import { scalesimMemory } from '../memory/scalesim.js';

const plan = planFolds('os', 197, 768, 2304, 32, 32);
const RUNS = 5;
for (const bandwidth of ['calc', 4, 10] as Bandwidth[]) {
  for (const sramKb of [{ a: 1, b: 1, c: 1 }, { a: 64, b: 64, c: 32 }, { a: 256, b: 256, c: 256 }]) {
    const config: MemoryConfig = { mode: 'scalesim', sramKb, banks: 1, bandwidth, dram: 'lpddr4' };
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      scalesimMemory(plan, config, { aBits: 8, bBits: 8, accBits: 32 });
      times.push(performance.now() - start);
    }
    const sorted = times.sort((x, y) => x - y);
    console.log(`bandwidth ${bandwidth}, kB ${sramKb.a}/${sramKb.b}/${sramKb.c}: median ${(sorted[RUNS >> 1] as number).toFixed(1)} ms, best ${(sorted[0] as number).toFixed(1)} ms`);
  }
}
