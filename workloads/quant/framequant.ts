// FrameQuant weights (arXiv 2403.06082): W (out×d) is moved to frame space, W_f = W·Tᵀ (out×p), and each row is
// quantized to b bits with levels symmetric about zero and the outer levels at ±c·σ of the row (values beyond clip):
//   ŵ_f = s·(q − z), q ∈ 0..2^b−1, z = (2^b − 1)/2, s = 2cσ/(2^b − 1);
// c = 2 as in the paper (clip `sigma`), or the c of a per-row squared-error search (clip `mse`, like the uniform
// quantizer's MSE calibration).
// The layer then runs on transformed activations: y = (x·Tᵀ)·Ŵ_fᵀ; dense weights for float PEs are Ŵ = Ŵ_f·T.
import { matrix, transpose, type Matrix } from '../../core/matrix.js';
import { referenceGemm } from '../../sim/reference-gemm.js';
import type { FusionFrame } from './fusion-frame.js';
import { calibrateUniform, quantizeUniform, type UniformQuantizer } from './uniform.js';

/** The transform runs on the array as int8 codes (per frame vector scales). */
export const TRANSFORM_BITS = 8;
/** Clipping range of a frame-space weight row, in standard deviations (FrameQuant's rule). */
export const CLIP_SIGMAS = 2;
/** Clip multiples the MSE search tries: 1.0σ to 3.0σ in steps of 0.05σ. */
const MSE_CLIPS = Array.from({ length: 41 }, (_, i) => 1 + i * 0.05);

export type FrameClip = 'sigma' | 'mse';

export interface FrameQuantLayer {
  frame: FusionFrame;
  bits: number;
  /** Codes of W_fᵀ as the array's B operand (p × out), unsigned 0..2^b−1. */
  codes: Matrix;
  /** One scale per output channel. */
  scale: Float64Array;
  /** The half-integer zero point (2^b − 1)/2 shared by every row. */
  zero: number;
  /** Tᵀ (d × p) as signed codes with one scale per frame vector: the transform GEMM's B operand. */
  transform: UniformQuantizer;
  transformCodes: Matrix;
}

const code = (v: number, s: number, zero: number, levels: number) => {
  const q = Math.round(v / s + zero);
  return q < 0 ? 0 : q > levels ? levels : q;
};

export function frameQuantize(w: Matrix, frame: FusionFrame, bits: number, clip: FrameClip = 'sigma'): FrameQuantLayer {
  const wf = referenceGemm(w, transpose(frame.transform));
  const levels = 2 ** bits - 1;
  const zero = levels / 2;
  const scale = new Float64Array(wf.rows);
  const codes = matrix(wf.cols, wf.rows);
  for (let o = 0; o < wf.rows; o++) {
    const row = wf.data.subarray(o * wf.cols, (o + 1) * wf.cols);
    let sq = 0;
    for (const v of row) sq += v * v;
    const sigma = Math.sqrt(sq / row.length);
    const scaleAt = (c: number) => (2 * c * sigma) / levels;
    let s = scaleAt(CLIP_SIGMAS);
    if (clip === 'mse') {
      let best = Infinity;
      for (const c of MSE_CLIPS) {
        const t = scaleAt(c);
        let err = 0;
        for (const v of row) err += (v - t * (code(v, t, zero, levels) - zero)) ** 2;
        if (err < best) [best, s] = [err, t];
      }
    }
    // An all-zero row quantizes with scale 1 (every code at the level nearest zero).
    if (!(s > 0)) s = 1;
    scale[o] = s;
    for (let i = 0; i < row.length; i++) codes.data[i * wf.rows + o] = code(row[i] as number, s, zero, levels);
  }
  const tT = transpose(frame.transform);
  const transform = calibrateUniform(tT, { bits: TRANSFORM_BITS, symmetric: true, perChannel: true });
  return { frame, bits, codes, scale, zero, transform, transformCodes: quantizeUniform(transform, tT) };
}

/** Ŵ_fᵀ (p × out), the frame-space weights the codes stand for. */
export function frameWeights(layer: FrameQuantLayer): Matrix {
  const { codes, scale, zero } = layer;
  const out = matrix(codes.rows, codes.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = (scale[i % codes.cols] as number) * ((codes.data[i] as number) - zero);
  return out;
}

/** Dense Ŵᵀ (d × out) = Tᵀ·Ŵ_fᵀ: what the dequant-before order multiplies with. */
export function denseWeights(layer: FrameQuantLayer): Matrix {
  return referenceGemm(transpose(layer.frame.transform), frameWeights(layer));
}
