import { PRESETS } from './workloads/presets.js';
import { syntheticEncoderWeights, syntheticResidual } from './workloads/encoder-weights.js';
import { encoderBlock } from './workloads/encoder-block.js';
import { calibrateUniform, quantizeUniform, dequantizeUniform } from './workloads/quant/uniform.js';
import { accuracyOf } from './sim/accuracy.js';
import { ALONE } from './workloads/attention-ops.js';
const shape = PRESETS[process.argv[2] ?? 'deit-tiny']!;
for (const reparam of [false, true]) {
const quant = { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform' as const, zeroPoints: 'asymmetric' as const, calibration: 'minmax' as const, reparam };
const seg = encoderBlock({ shape, at: ALONE, weights: syntheticEncoderWeights(shape, 1, 0), input: { name: 'in', ref: syntheticResidual(shape, 1, 1) }, quant, layer: 0, last: 'float' });
for (const t of reparam ? ['x', 'h'] : ['x', 'h', 'g', 'f', 'r']) {
  const m = seg.reference.get(t)!;
  let lo = Infinity, hi = -Infinity; for (const v of m.data) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
  const sorted = Float64Array.from(m.data).sort();
  const pct = (p: number) => sorted[Math.round(p / 100 * (sorted.length - 1))]!.toFixed(3);
  console.log(`${reparam ? 'reparam ' : ''}${t}: min ${lo.toFixed(3)} p1 ${pct(1)} p50 ${pct(50)} p99 ${pct(99)} p99.9 ${pct(99.9)} max ${hi.toFixed(3)}`);
  for (const bits of [8, 4]) {
    const row: string[] = [];
    for (const symmetric of [false, true]) for (const calibration of ['minmax', 'percentile', 'mse'] as const) {
      const q = calibrateUniform(m, { bits, symmetric, calibration });
      row.push(`${symmetric ? 'sym' : 'asym'}-${calibration} ${accuracyOf(dequantizeUniform(q, quantizeUniform(q, m)).data, m.data).relL2.toExponential(2)}`);
    }
    console.log(`  ${bits}b: ${row.join(', ')}`);
  }
}
}
