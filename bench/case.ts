// One benchmark case in its own process (so peak RSS and JIT state are its own): the GEMMs of one attention
// block (qkv, H × qk, H × pv, proj) on one array, dataflow, PE kind and engine. Prints one JSON line.
import { peSpecFromName } from '../pe/catalog.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm, type EngineName } from '../sim/simulate-gemm.js';
import { PRESETS } from '../workloads/presets.js';

const [model, array, dataflow, pe, engine] = process.argv.slice(2) as [string, string, DataflowName, string, EngineName];
const { tokens: T, dim: D, heads: H } = PRESETS[model]!;
const dh = D / H;
const shapes: [number, number, number, number][] = [
  [T, D, 3 * D, 1],
  [T, dh, T, H],
  [T, T, dh, H],
  [T, D, D, 1],
];
const spec = peSpecFromName(pe);
const n = Number(array);
let macs = 0;
let peCycles = 0;
let wall = 0;
for (const [m, k, nn, count] of shapes) {
  const { a, b } = randomOperands(spec, m, k, nn, 7);
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const run = simulateGemm({ a, b, pe: spec, dataflow, rows: n, cols: n, engine, accuracy: false }); // simulation only
    wall += performance.now() - t0;
    macs += run.result.macs;
    peCycles += run.result.cycles * n * n;
  }
}
const seconds = wall / 1000;
console.log(JSON.stringify({ model, array: n, dataflow, pe, engine, macs, peCycles, seconds, macsPerSecond: macs / seconds, peCyclesPerSecond: peCycles / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }));
