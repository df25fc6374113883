// The weights and input of one ViT attention block (timm layout), and its float64 reference forward pass.
//   qkv = X·Wqkvᵀ + b (T×3D);  per head S = Q·Kᵀ/√dh, P = softmax(S), O = P·V;  Y = O·Wprojᵀ + b_proj.
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import type { BlockShape } from './presets.js';
import { normal, rng } from '../core/random.js';

const QK_GAIN = 3.5;

export interface AttentionWeights {
  /** timm: blocks.{i}.attn.qkv.weight [3D × D], .bias [3D]; attn.proj.weight [D × D], .bias [D]; norm1 γ, β [D]. */
  qkvWeight: Matrix;
  qkvBias: Float64Array;
  projWeight: Matrix;
  projBias: Float64Array;
  normWeight: Float64Array;
  normBias: Float64Array;
}

export interface AttentionBlock {
  shape: BlockShape;
  x: Matrix;
  weights: AttentionWeights;
}

/**
 * Seeded synthetic block (docs/workloads.md): post-LayerNorm activations X = n·γ + β with n ~ N(0,1) and ~2% outlier
 * channels (large γ), truncated-normal weights σ = 0.02 whose query and key rows share a component, so that
 * softmax rows are peaked with long tails as in trained ViTs.
 */
export function syntheticBlock(shape: BlockShape, seed: number): AttentionBlock {
  const { tokens: T, dim: D } = shape;
  const next = rng(seed);
  const gauss = normal(next);
  const truncated = (sigma: number) => () => {
    for (;;) {
      const g = gauss();
      if (Math.abs(g) <= 2) return sigma * g;
    }
  };
  const w = truncated(0.02);
  const normWeight = Float64Array.from({ length: D }, () => 1 + 0.1 * gauss());
  const normBias = Float64Array.from({ length: D }, () => 0.05 * gauss());
  const outliers = Math.max(1, Math.round(0.02 * D));
  for (let i = 0; i < outliers; i++) {
    const c = Math.floor(next() * D);
    normWeight[c] = (3 + 2 * next()) * (next() < 0.5 ? -1 : 1);
    normBias[c] = gauss();
  }
  const x = matrix(T, D);
  for (let t = 0; t < T; t++) for (let c = 0; c < D; c++) x.data[t * D + c] = gauss() * (normWeight[c] as number) + (normBias[c] as number);
  const qkvWeight = matrix(3 * D, D);
  for (let i = 0; i < qkvWeight.data.length; i++) qkvWeight.data[i] = w();
  // Trained heads have larger query/key gains than σ = 0.02 and keys aligned with queries, so tokens attend to
  // similar tokens and rows are peaked with long tails: queries ×QK_GAIN, keys = 0.9·query + 0.44·noise.
  for (let r = 0; r < D; r++) {
    for (let c = 0; c < D; c++) {
      const q = (qkvWeight.data[r * D + c] as number) * QK_GAIN;
      const k = (D + r) * D + c;
      qkvWeight.data[r * D + c] = q;
      qkvWeight.data[k] = 0.9 * q + 0.44 * QK_GAIN * (qkvWeight.data[k] as number);
    }
  }
  const projWeight = matrix(D, D);
  for (let i = 0; i < projWeight.data.length; i++) projWeight.data[i] = w();
  return {
    shape,
    x,
    weights: {
      qkvWeight,
      qkvBias: Float64Array.from({ length: 3 * D }, w),
      projWeight,
      projBias: Float64Array.from({ length: D }, w),
      normWeight,
      normBias,
    },
  };
}

/** Columns [from, from + width) of a matrix. */
export function columns(m: Matrix, from: number, width: number): Matrix {
  const out = matrix(m.rows, width);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < width; c++) out.data[r * width + c] = m.data[r * m.cols + from + c] as number;
  return out;
}

export function addBias(m: Matrix, bias: Float64Array): Matrix {
  const out = matrix(m.rows, m.cols, m.data);
  for (let i = 0; i < out.data.length; i++) out.data[i]! += bias[i % m.cols] as number;
  return out;
}

export function softmaxRows(s: Matrix): Matrix {
  const out = matrix(s.rows, s.cols);
  for (let r = 0; r < s.rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < s.cols; c++) max = Math.max(max, s.data[r * s.cols + c] as number);
    let sum = 0;
    for (let c = 0; c < s.cols; c++) sum += out.data[r * s.cols + c] = Math.exp((s.data[r * s.cols + c] as number) - max);
    for (let c = 0; c < s.cols; c++) out.data[r * s.cols + c]! /= sum;
  }
  return out;
}

export function scaled(m: Matrix, f: number): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map((v) => v * f) };
}

export interface ReferenceForward {
  qkv: Matrix;
  heads: { q: Matrix; k: Matrix; v: Matrix; s: Matrix; p: Matrix; o: Matrix }[];
  o: Matrix;
  y: Matrix;
}

export function referenceForward(block: AttentionBlock): ReferenceForward {
  const { dim: D, heads: H } = block.shape;
  const dh = D / H;
  const w = block.weights;
  const qkv = addBias(referenceGemm(block.x, transpose(w.qkvWeight)), w.qkvBias);
  const o = matrix(block.x.rows, D);
  const heads = [];
  for (let h = 0; h < H; h++) {
    const q = columns(qkv, h * dh, dh);
    const k = columns(qkv, D + h * dh, dh);
    const v = columns(qkv, 2 * D + h * dh, dh);
    const s = scaled(referenceGemm(q, transpose(k)), 1 / Math.sqrt(dh));
    const p = softmaxRows(s);
    const oh = referenceGemm(p, v);
    for (let t = 0; t < o.rows; t++) for (let c = 0; c < dh; c++) o.data[t * D + h * dh + c] = oh.data[t * dh + c] as number;
    heads.push({ q, k, v, s, p, o: oh });
  }
  const y = addBias(referenceGemm(o, transpose(w.projWeight)), w.projBias);
  return { qkv, heads, o, y };
}
