// Calibration operand streams for one PE: a 1×K row of A and a K×1 column of B, run through the simulator as a
// 1×1 output-stationary array, so the PE sees (a_k, b_k) for k = 0..K−1 — the same sequence the netlist gets.
import type { PeSpec } from '../pe/pe-model.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { randomOperands } from '../sim/random-operands.js';
import { normal, rng } from '../core/random.js';

export const STREAMS = ['random', 'vit', 'sparse'] as const;
export type StreamName = (typeof STREAMS)[number];

/** Smallest non-zero float magnitude in a stream: keeps fp16 words normal (the float netlist flushes subnormals). */
export const MIN_FLOAT_MAGNITUDE = 2 ** -10;
/** ViT-like: this fraction of elements are outliers (LLM.int8-style heavy tails in ViT activations). */
const OUTLIER_FRACTION = 0.02;

function seedOf(stream: StreamName, seed: number): number {
  return (seed * 31 + STREAMS.indexOf(stream) * 7919) >>> 0;
}

/** Values a PE of `spec` accepts: ints in range; floats with no subnormal, inf or NaN in any format used. */
function clampValue(spec: PeSpec, x: number): number {
  if (spec.kind === 'int') {
    const lo = spec.aSigned ? -(2 ** (spec.aBits - 1)) : 0;
    const hi = spec.aSigned ? 2 ** (spec.aBits - 1) - 1 : 2 ** spec.aBits - 1;
    return Math.min(hi, Math.max(lo, Math.round(x)));
  }
  if (x === 0) return 0;
  return Math.abs(x) < MIN_FLOAT_MAGNITUDE ? Math.sign(x) * MIN_FLOAT_MAGNITUDE : x;
}

/**
 * random: int codes uniform over their range, floats uniform in [−1, 1) (the simulator's random operands);
 * vit: roughly normal (σ = a quarter of the int range, 0.5 for floats) with 2% outliers at 4σ..8σ (clamped to the int range);
 * sparse: the random stream with each A element zero with probability 1/2 (post-ReLU / softmax-like activations).
 */
export function calibrationStream(spec: PeSpec, stream: StreamName, k: number, seed: number): { a: Matrix; b: Matrix } {
  if (spec.kind !== 'int' && spec.kind !== 'float') throw new Error(`calibrationStream: ${spec.kind} PEs are not calibrated; allowed int, float`);
  if (spec.kind === 'int' && (spec.aBits !== spec.bBits || spec.aSigned !== spec.bSigned)) {
    throw new Error('calibrationStream: int PEs with different A and B widths or signedness are not calibrated');
  }
  const s = seedOf(stream, seed);
  let a: Matrix;
  let b: Matrix;
  if (stream === 'vit') {
    const next = rng(s);
    const gauss = normal(next);
    const sigma = spec.kind === 'int' ? 2 ** (spec.aBits - 1) / 4 : 0.5;
    const center = spec.kind === 'int' && !spec.aSigned ? 2 ** (spec.aBits - 1) : 0;
    const draw = () => {
      const g = gauss();
      const outlier = next() < OUTLIER_FRACTION ? (4 + 4 * next()) * Math.sign(g || 1) : g;
      return clampValue(spec, center + sigma * outlier);
    };
    a = matrix(1, k);
    b = matrix(k, 1);
    for (let i = 0; i < k; i++) a.data[i] = draw();
    for (let i = 0; i < k; i++) b.data[i] = draw();
  } else {
    ({ a, b } = randomOperands(spec, 1, k, 1, s));
    for (let i = 0; i < k; i++) {
      a.data[i] = clampValue(spec, a.data[i] as number);
      b.data[i] = clampValue(spec, b.data[i] as number);
    }
    if (stream === 'sparse') {
      const next = rng(s ^ 0x5a5a5a5a);
      for (let i = 0; i < k; i++) if (next() < 0.5) a.data[i] = 0;
    }
  }
  return { a, b };
}
