// The quantized attention block both orders execute: calibrated quantizers for every tensor and the fixed
// weight codes. Weight scales are per output channel (symmetric); activations per tensor.
import { transpose, type Matrix } from '../sim/matrix.js';
import type { AttentionBlock, ReferenceForward } from './attention-block.js';
import { probQuantizer, type ProbQuantizer, type ProbQuantKind } from './quant/prob-quantizer.js';
import { calibrateUniform, quantizeUniform, type Calibration, type UniformQuantizer } from './quant/uniform.js';

export type ZeroPoints = 'symmetric' | 'asymmetric';
export const ZERO_POINTS: readonly ZeroPoints[] = ['symmetric', 'asymmetric'];

export interface QuantSettings {
  wbits: number;
  abits: number;
  pbits: number;
  pquant: ProbQuantKind;
  zeroPoints: ZeroPoints;
  calibration: Calibration;
  /** I&S-ViT channel→layer reparameterization of the block input before quantizing (workloads/reparam.ts). */
  reparam?: boolean;
}

export interface QuantModel {
  settings: QuantSettings;
  x: UniformQuantizer;
  q: UniformQuantizer;
  k: UniformQuantizer;
  v: UniformQuantizer;
  o: UniformQuantizer;
  p: ProbQuantizer;
  wqkv: UniformQuantizer;
  wproj: UniformQuantizer;
  /** Weight codes as the array's B operands: Wᵀ (in × out), per-column scales. */
  wqkvCodes: Matrix;
  wprojCodes: Matrix;
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
  const weight = (w: Matrix) => calibrateUniform(w, { bits: s.wbits, symmetric: true, perChannel: true, calibration: s.calibration === 'percentile' ? 'minmax' : s.calibration });
  const wqkvT = transpose(block.weights.qkvWeight);
  const wprojT = transpose(block.weights.projWeight);
  const wqkv = weight(wqkvT);
  const wproj = weight(wprojT);
  const probs = stack(ref.heads.map((h) => h.p)).data;
  return {
    settings: s,
    x: act(block.x),
    q: act(stack(ref.heads.map((h) => h.q))),
    k: act(stack(ref.heads.map((h) => h.k))),
    v: act(stack(ref.heads.map((h) => h.v))),
    o: act(ref.o),
    p: probQuantizer(s.pquant, s.pbits, probs),
    wqkv,
    wproj,
    wqkvCodes: quantizeUniform(wqkv, wqkvT),
    wprojCodes: quantizeUniform(wproj, wprojT),
  };
}
