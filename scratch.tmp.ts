import { DEFAULT_TECH } from './sim/tech.js';
import { PRESETS } from './workloads/presets.js';
import { syntheticEncoderWeights, syntheticResidual } from './workloads/encoder-weights.js';
import { encoderBlock } from './workloads/encoder-block.js';
import { wideQuantizer, codeOf } from './workloads/quant-model.js';
import { executeOps } from './workloads/execute-ops.js';
import { EXECUTORS } from './workloads/attention-run.js';
import { mapMatrix } from './workloads/tensors.js';
import { ALONE } from './workloads/attention-ops.js';
const shape = PRESETS[process.argv[2] ?? 'deit-tiny']!;
const bits = Number(process.argv[3] ?? 8);
const reparam = process.argv[4] === 'r';
const quant = { wbits: bits, abits: bits, pbits: 8, pquant: 'uniform' as const, zeroPoints: 'asymmetric' as const, calibration: 'minmax' as const, reparam };
const setup = { rows: 16, cols: 16, dataflow: 'os' as const, gating: 'valid' as const, tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16' as const, softmax: 'float' as const };
const x0 = syntheticResidual(shape, 1, 1);
const t0 = performance.now();
const seg = encoderBlock({ shape, at: ALONE, weights: syntheticEncoderWeights(shape, 1, 0), input: { name: 'in', ref: x0 }, quant, layer: 0, last: 'float' });
const q = wideQuantizer(x0, quant);
console.log('build ms', (performance.now() - t0).toFixed(0));
for (const order of ['before', 'after'] as const) {
  const t = performance.now();
  const run = executeOps(seg.ops, EXECUTORS[order], new Map([['in', { kind: 'codes', codes: mapMatrix(x0, (v) => codeOf(q, v)), quantizer: q, stackedHeads: 1 }]]), { model: seg.model, reference: seg.reference, setup });
  console.log(order, (performance.now() - t).toFixed(0), 'ms', 'gaps', run.checks.map((c) => `${c.name}:${c.maxGap}`).join(' '));
  for (const op of run.ops) console.log(op.name.padEnd(10), op.kind.padEnd(7), String(op.macs).padStart(10), op.energyPj.total.toExponential(3), (op.energyPj.edge).toExponential(3), op.accuracy.cosine.toFixed(6), op.accuracy.relL2.toExponential(2));
}
