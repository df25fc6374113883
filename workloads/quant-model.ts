// The quantized attention block both orders execute: calibrated quantizers for every tensor and the fixed
// weight codes. Weight scales are per output channel (symmetric uniform, or FrameQuant in frame space);
// activations per tensor.
import { transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { denseWeights, frameQuantize, type FrameQuantLayer } from './quant/framequant.js';
import { fusionFrame } from './quant/fusion-frame.js';
import { probQuantizer, type ProbQuantizer, type ProbQuantKind } from './quant/prob-quantizer.js';
import { calibrateUniform, dequantizeUniform, quantizeUniform, type Calibration, type UniformQuantizer } from './quant/uniform.js';

export type ZeroPoints = 'symmetric' | 'asymmetric';
export const ZERO_POINTS: readonly ZeroPoints[] = ['symmetric', 'asymmetric'];
export type WeightQuant = 'uniform' | 'framequant';
export const WEIGHT_QUANTS: readonly WeightQuant[] = ['uniform', 'framequant'];

export interface QuantSettings {
  wbits: number;
  abits: number;
  pbits: number;
  pquant: ProbQuantKind;
  zeroPoints: ZeroPoints;
  calibration: Calibration;
  /** I&S-ViT channel→layer reparameterization of the block input before quantizing (workloads/reparam.ts). */
  reparam?: boolean;
  /** Weights of the linear layers: uniform per channel, or FrameQuant (frame space, redundancy p/d). */
  wquant?: WeightQuant;
  redundancy?: number;
}

/** One linear layer's quantized weights. */
export interface LinearWeights {
  /** Ŵᵀ (in × out) the codes stand for: the dequant-before order's B operand. */
  dense: Matrix;
  /** Uniform: codes of Wᵀ (in × out) with per-column scales. */
  uniform?: { quantizer: UniformQuantizer; codes: Matrix };
  /** FrameQuant: frame-space codes, the transform, and the quantizer of the transformed activations x·Tᵀ. */
  frame?: FrameQuantLayer & { act: UniformQuantizer };
}

export interface QuantModel {
  settings: QuantSettings;
  x: UniformQuantizer;
  q: UniformQuantizer;
  k: UniformQuantizer;
  v: UniformQuantizer;
  o: UniformQuantizer;
  p: ProbQuantizer;
  qkvWeights: LinearWeights;
  projWeights: LinearWeights;
}

function stack(ms: Matrix[]): Matrix {
  const rows = ms.reduce((n, m) => n + m.rows, 0);
  const data = new Float64Array(rows * ms[0]!.cols);
  let at = 0;
  for (const m of ms) {
    data.set(m.data, at);
    at += m.data.length;
  }
  return { rows, cols: ms[0]!.cols, data };
}

/** Calibrates every quantizer on the block's own float activations (static calibration on the input). */
export function buildQuantModel(block: AttentionBlock, ref: ReferenceForward, s: QuantSettings): QuantModel {
  const act = (m: Matrix) => calibrateUniform(m, { bits: s.abits, symmetric: s.zeroPoints === 'symmetric', calibration: s.calibration });
  const weightCalibration = s.calibration === 'percentile' ? 'minmax' : s.calibration;
  // Each layer has its own frame (seeded by the layer), as its transformed input has its own range.
  const weights = (w: Matrix, input: Matrix, layer: number): LinearWeights => {
    if (s.wquant === 'framequant') {
      const frame = fusionFrame(w.cols, s.redundancy ?? 1, layer + 1);
      const fq = frameQuantize(w, frame, s.wbits, weightCalibration === 'mse' ? 'mse' : 'sigma');
      return { dense: denseWeights(fq), frame: { ...fq, act: act(referenceGemm(input, transpose(frame.transform))) } };
    }
    const wT = transpose(w);
    const quantizer = calibrateUniform(wT, { bits: s.wbits, symmetric: true, perChannel: true, calibration: weightCalibration });
    const codes = quantizeUniform(quantizer, wT);
    return { dense: dequantizeUniform(quantizer, codes), uniform: { quantizer, codes } };
  };
  const probs = stack(ref.heads.map((h) => h.p)).data;
  return {
    settings: s,
    x: act(block.x),
    q: act(stack(ref.heads.map((h) => h.q))),
    k: act(stack(ref.heads.map((h) => h.k))),
    v: act(stack(ref.heads.map((h) => h.v))),
    o: act(ref.o),
    p: probQuantizer(s.pquant, s.pbits, probs),
    qkvWeights: weights(block.weights.qkvWeight, block.x, 0),
    projWeights: weights(block.weights.projWeight, ref.o, 1),
  };
}
