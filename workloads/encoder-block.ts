// One ViT encoder block as a segment of a workload (docs/workloads.md): its float64 forward pass, the quantized
// model calibrated on it, and its op list
//   ln1 → qkv → qk → softmax → pv → proj → residual1 (+ input) → ln2 → fc1 → gelu → fc2 → residual2 (+ residual1).
// The residual stream, proj's and fc2's outputs and fc1's output before GELU are 16-bit codes only vector units
// read; the array reads abits codes.
import { transpose, type Matrix } from '../core/matrix.js';
import { untimed, type Phase } from '../core/phase.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { addBias, referenceForward } from './attention-block.js';
import { attentionOps, attentionReference, type Placement } from './attention-ops.js';
import type { EncoderWeights } from './encoder-weights.js';
import { geluMatrix, GELU } from './gelu.js';
import { layerNorm, layerNormUnit } from './layer-norm.js';
import type { OpDescriptor, TensorName } from './ops.js';
import type { BlockShape } from './presets.js';
import { activationQuantizer, attentionTensors, geluOutputQuantizer, quantizeLinear, wideQuantizer, type ActivationQuantizer, type QuantModel, type QuantSettings } from './quant-model.js';
import { reparameterizePair } from './reparam.js';
import { RESIDUAL_ADD } from './residual-add.js';

/** Ops with their quantized model and the float64 values of the tensors they write, run as one piece of a workload. */
export interface Segment {
  ops: OpDescriptor[];
  model: QuantModel;
  reference: Map<TensorName, Matrix>;
  /** The segment's last tensor and its float64 value: the next segment's input. */
  output: { name: TensorName; ref: Matrix };
}

export const addMatrices = (a: Matrix, b: Matrix): Matrix => ({ rows: a.rows, cols: a.cols, data: a.data.map((v, i) => v + (b.data[i] as number)) });

export interface EncoderArgs {
  shape: BlockShape;
  at: Placement;
  weights: EncoderWeights;
  /** The residual stream entering the block (codes of a wide quantizer) and its float64 value. */
  input: { name: TensorName; ref: Matrix };
  quant: QuantSettings;
  /** Seeds the FrameQuant frames of the block's four linear layers (layer … layer + 3). */
  layer: number;
  /** The block's output: residual-stream codes for the next block, or the workload's float output. */
  last: 'codes' | 'float';
  /** Times the forward pass and the quantization (--profile). */
  phase?: Phase;
}

/**
 * The block's float64 forward pass (reparameterizing norm1 → qkv and norm2 → fc1 on their float outputs with
 * --reparam, losslessly), its quantizers calibrated on it, its weights quantized, and its op list.
 */
export function encoderBlock(a: EncoderArgs): Segment {
  const { shape, at, quant } = a;
  const n = at.name;
  const phase = a.phase ?? untimed;
  let w = a.weights;
  const forward = phase('float64 reference', () => {
    let x = layerNorm(a.input.ref, { weight: w.normWeight, bias: w.normBias });
    if (quant.reparam) {
      const r = phase('quantization', () => reparameterizePair(x, { norm: { weight: w.normWeight, bias: w.normBias }, weight: w.qkvWeight, bias: w.qkvBias }, quant.abits, quant.calibration));
      x = r.x;
      w = { ...w, normWeight: r.pair.norm.weight, normBias: r.pair.norm.bias, qkvWeight: r.pair.weight, qkvBias: r.pair.bias };
    }
    const attention = referenceForward({ shape, x, weights: w }, at.images);
    const r1 = addMatrices(a.input.ref, attention.y);
    let h = layerNorm(r1, { weight: w.norm2Weight, bias: w.norm2Bias });
    if (quant.reparam) {
      const r = phase('quantization', () => reparameterizePair(h, { norm: { weight: w.norm2Weight, bias: w.norm2Bias }, weight: w.fc1Weight, bias: w.fc1Bias }, quant.abits, quant.calibration));
      h = r.x;
      w = { ...w, norm2Weight: r.pair.norm.weight, norm2Bias: r.pair.norm.bias, fc1Weight: r.pair.weight, fc1Bias: r.pair.bias };
    }
    const f = addBias(referenceGemm(h, transpose(w.fc1Weight)), w.fc1Bias);
    const g = geluMatrix(f);
    const m = addBias(referenceGemm(g, transpose(w.fc2Weight)), w.fc2Bias);
    return { x, attention, r1, h, f, g, m, out: addMatrices(r1, m) };
  });
  const { x, attention, r1, h, f, g, m, out } = forward;
  const tensors = phase('quantization', (): [TensorName, ActivationQuantizer][] => [
    ...attentionTensors(x, attention, quant, n),
    [n('a'), wideQuantizer(attention.y, quant)],
    [n('r'), wideQuantizer(r1, quant)],
    [n('h'), activationQuantizer(h, quant)],
    [n('f'), wideQuantizer(f, quant)],
    [n('g'), geluOutputQuantizer(g, quant)],
    [n('m'), wideQuantizer(m, quant)],
    ...(a.last === 'codes' ? [[n('out'), wideQuantizer(out, quant)] as [TensorName, ActivationQuantizer]] : []),
  ]);
  const model: QuantModel = {
    settings: quant,
    tensors: new Map(tensors),
    weights: phase(
      'quantization',
      () =>
        new Map([
          [n('qkv'), quantizeLinear(w.qkvWeight, w.qkvBias, x, a.layer, quant)],
          [n('proj'), quantizeLinear(w.projWeight, w.projBias, attention.o, a.layer + 1, quant)],
          [n('fc1'), quantizeLinear(w.fc1Weight, w.fc1Bias, h, a.layer + 2, quant)],
          [n('fc2'), quantizeLinear(w.fc2Weight, w.fc2Bias, g, a.layer + 3, quant)],
        ]),
    ),
  };
  const reference = new Map([...attentionReference({ shape, x, weights: w }, attention, n, 'a'), [n('r'), r1], [n('h'), h], [n('f'), f], [n('g'), g], [n('m'), m], [n('out'), out]]);
  const codes = (tensor: string) => ({ tensor: n(tensor), as: 'codes' as const });
  const ops: OpDescriptor[] = [
    { kind: 'vector', name: n('ln1'), group: 'norm', unit: layerNormUnit({ weight: w.normWeight, bias: w.normBias }), inputs: [a.input.name], output: codes('x') },
    ...attentionOps(shape, at, codes('a')),
    { kind: 'vector', name: n('residual1'), group: 'other', unit: RESIDUAL_ADD, inputs: [a.input.name, n('a')], output: codes('r') },
    { kind: 'vector', name: n('ln2'), group: 'norm', unit: layerNormUnit({ weight: w.norm2Weight, bias: w.norm2Bias }), inputs: [n('r')], output: codes('h') },
    { kind: 'linear', name: n('fc1'), group: 'mlp', input: n('h'), weights: n('fc1'), output: codes('f') },
    { kind: 'vector', name: n('gelu'), group: 'mlp', unit: GELU, inputs: [n('f')], output: codes('g') },
    { kind: 'linear', name: n('fc2'), group: 'mlp', input: n('g'), weights: n('fc2'), output: codes('m') },
    { kind: 'vector', name: n('residual2'), group: 'other', unit: RESIDUAL_ADD, inputs: [n('r'), n('m')], output: { tensor: n('out'), as: a.last } },
  ];
  return { ops, model, reference, output: { name: n('out'), ref: out } };
}
