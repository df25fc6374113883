// The quantized model both orders execute, as maps keyed by name: a calibrated quantizer for every tensor that
// ops pass as codes, and the quantized weights (with the float bias) of every linear op. Weight scales are per
// output channel (symmetric uniform, or FrameQuant in frame space); activations per tensor.
import { transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { joinHeads } from './heads.js';
import type { TensorName } from './ops.js';
import { denseWeights, frameQuantize, type FrameQuantLayer } from './quant/framequant.js';
import { fusionFrame } from './quant/fusion-frame.js';
import { probQuantizer, type ProbQuantizer, type ProbQuantKind } from './quant/prob-quantizer.js';
import { calibrateUniform, dequantizeUniform, quantizeUniform, type Calibration, type UniformQuantizer } from './quant/uniform.js';

export const ZERO_POINTS = ['symmetric', 'asymmetric'] as const;
export type ZeroPoints = (typeof ZERO_POINTS)[number];
export const WEIGHT_QUANTS = ['uniform', 'framequant'] as const;
export type WeightQuant = (typeof WEIGHT_QUANTS)[number];

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

/** Uniform codes with a scale and zero point, or a codebook of values (the probabilities' log2, SULQ, uniform). */
export type ActivationQuantizer = UniformQuantizer | ProbQuantizer;

export function isCodebook(q: ActivationQuantizer): q is ProbQuantizer {
  return 'values' in q;
}

/** The code of a real value (activation quantizers are per tensor). */
export function codeOf(q: ActivationQuantizer, v: number): number {
  if (isCodebook(q)) return q.quantize(v);
  const c = Math.round(v / (q.scale[0] as number)) + (q.zero[0] as number);
  return c < q.qmin ? q.qmin : c > q.qmax ? q.qmax : c;
}

/** The real value a code stands for. */
export function valueOf(q: ActivationQuantizer, code: number): number {
  return isCodebook(q) ? (q.values[code] as number) : (q.scale[0] as number) * (code - (q.zero[0] as number));
}

export function asUniform(q: ActivationQuantizer, tensor: TensorName): UniformQuantizer {
  if (isCodebook(q)) throw new Error(`internal: tensor "${tensor}" has a codebook; GEMM outputs requantize to uniform codes`);
  return q;
}

/** One linear layer's quantized weights and its float bias. */
export interface LinearWeights {
  /** Ŵᵀ (in × out) the codes stand for: the dequant-before order's B operand. */
  dense: Matrix;
  bias: Float64Array;
  /** Uniform: codes of Wᵀ (in × out) with per-column scales. */
  uniform?: { quantizer: UniformQuantizer; codes: Matrix };
  /** FrameQuant: frame-space codes, the transform, and the quantizer of the transformed activations x·Tᵀ. */
  frame?: FrameQuantLayer & { act: UniformQuantizer };
}

export interface QuantModel {
  settings: QuantSettings;
  /** Quantizer of every tensor passed between ops as codes (x, q, k, v, o, p). */
  tensors: ReadonlyMap<TensorName, ActivationQuantizer>;
  /** Weights of every linear op, under the op's `weights` name (qkv, proj). */
  weights: ReadonlyMap<string, LinearWeights>;
}

export function quantizerOf(qm: QuantModel, name: TensorName): ActivationQuantizer {
  const q = qm.tensors.get(name);
  if (!q) throw new Error(`internal: the quantized model has no quantizer for tensor "${name}"`);
  return q;
}

export function weightsOf(qm: QuantModel, name: string): LinearWeights {
  const w = qm.weights.get(name);
  if (!w) throw new Error(`internal: the quantized model has no weights "${name}"`);
  return w;
}

/** Per-tensor activation quantizer calibrated on the tensor's float values. */
export function activationQuantizer(m: Matrix, s: QuantSettings): UniformQuantizer {
  return calibrateUniform(m, { bits: s.abits, symmetric: s.zeroPoints === 'symmetric', calibration: s.calibration });
}

/**
 * Quantizes one linear layer: W (out × in) and its bias; `input` is the layer's float input (FrameQuant calibrates
 * the transformed activations on it) and `layer` seeds its frame, as each layer's transformed input has its own range.
 */
export function quantizeLinear(w: Matrix, bias: Float64Array, input: Matrix, layer: number, s: QuantSettings): LinearWeights {
  const weightCalibration = s.calibration === 'percentile' ? 'minmax' : s.calibration;
  if (s.wquant === 'framequant') {
    const frame = fusionFrame(w.cols, s.redundancy ?? 1, layer + 1);
    const fq = frameQuantize(w, frame, s.wbits, weightCalibration === 'mse' ? 'mse' : 'sigma');
    return { dense: denseWeights(fq), bias, frame: { ...fq, act: activationQuantizer(referenceGemm(input, transpose(frame.transform)), s) } };
  }
  const wT = transpose(w);
  const quantizer = calibrateUniform(wT, { bits: s.wbits, symmetric: true, perChannel: true, calibration: weightCalibration });
  const codes = quantizeUniform(quantizer, wT);
  return { dense: dequantizeUniform(quantizer, codes), bias, uniform: { quantizer, codes } };
}

/** The attention block's activation quantizers under `name(x)`…: X, Q, K, V, O per tensor, P a codebook. */
export function attentionTensors(x: Matrix, ref: ReferenceForward, s: QuantSettings, name: (local: TensorName) => TensorName = (n) => n): [TensorName, ActivationQuantizer][] {
  const heads = (f: (h: ReferenceForward['heads'][number]) => Matrix) => joinHeads(ref.heads.map(f), 'stack');
  return [
    [name('x'), activationQuantizer(x, s)],
    [name('q'), activationQuantizer(heads((h) => h.q), s)],
    [name('k'), activationQuantizer(heads((h) => h.k), s)],
    [name('v'), activationQuantizer(heads((h) => h.v), s)],
    [name('o'), activationQuantizer(ref.o, s)],
    [name('p'), probQuantizer(s.pquant, s.pbits, heads((h) => h.p).data)],
  ];
}

/** Bits of the tensors only vector units read (the residual stream, fc1's output before GELU): wide enough for its outlier channels. */
export const WIDE_BITS = 16;

/** A tensor only vector units read: 16-bit codes over its min-max range (16 bits leave no range worth clipping). */
export function wideQuantizer(m: Matrix, s: QuantSettings): UniformQuantizer {
  return calibrateUniform(m, { bits: WIDE_BITS, symmetric: s.zeroPoints === 'symmetric', calibration: 'minmax' });
}

/** Values the GELU output's MSE search measures its error on: a model's MLP has 4·D·T of them per block. */
const GELU_SAMPLE = 2 ** 16;

/**
 * fc2's input, GELU's output: one-sided (≥ −0.17) with a long positive tail. Asymmetric whatever --zero-points says
 * (a symmetric code range would spend half its codes below −0.17) and its range chosen by the MSE search whatever
 * --calibration says (min-max spends the codes on the few largest values).
 */
export function geluOutputQuantizer(m: Matrix, s: QuantSettings): UniformQuantizer {
  return calibrateUniform(m, { bits: s.abits, symmetric: false, calibration: 'mse', sample: GELU_SAMPLE });
}

/** Calibrates every quantizer of the attention block on its own float activations (static calibration on the input). */
export function buildQuantModel(block: AttentionBlock, ref: ReferenceForward, s: QuantSettings): QuantModel {
  const w = block.weights;
  return {
    settings: s,
    tensors: new Map(attentionTensors(block.x, ref, s)),
    weights: new Map([
      ['qkv', quantizeLinear(w.qkvWeight, w.qkvBias, block.x, 0, s)],
      ['proj', quantizeLinear(w.projWeight, w.projBias, ref.o, 1, s)],
    ]),
  };
}
