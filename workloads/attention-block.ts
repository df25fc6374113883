// The weights and input of one ViT attention block (timm layout), and its float64 reference forward pass.
//   qkv = X·Wqkvᵀ + b (T×3D);  per head S = Q·Kᵀ/√dh, P = softmax(S), O = P·V;  Y = O·Wprojᵀ + b_proj.
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import type { BlockShape } from './presets.js';
import { deriveSeed, normal, rng } from '../core/random.js';

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

/** Draws of a truncated normal of σ, cut at 2σ (timm's trunc_normal_ initialization of ViT weights). */
export function truncatedNormal(gauss: () => number, sigma: number): () => number {
  return () => {
    for (;;) {
      const g = gauss();
      if (Math.abs(g) <= 2) return sigma * g;
    }
  };
}

/** LayerNorm γ = 1 + 0.1·N(0,1), β = 0.05·N(0,1) with ~2% outlier channels (|γ| 3 to 5, either sign; β ~ N(0,1)). */
export function syntheticNorm(next: () => number, gauss: () => number, D: number): { weight: Float64Array; bias: Float64Array } {
  const weight = Float64Array.from({ length: D }, () => 1 + 0.1 * gauss());
  const bias = Float64Array.from({ length: D }, () => 0.05 * gauss());
  const outliers = Math.max(1, Math.round(0.02 * D));
  for (let i = 0; i < outliers; i++) {
    const c = Math.floor(next() * D);
    weight[c] = (3 + 2 * next()) * (next() < 0.5 ? -1 : 1);
    bias[c] = gauss();
  }
  return { weight, bias };
}

/** Post-LayerNorm tokens n·γ + β, n ~ N(0, 1), appended to `into` from row `from`. */
function postNormTokens(into: Matrix, from: number, gauss: () => number, norm: { weight: Float64Array; bias: Float64Array }): void {
  const D = into.cols;
  for (let t = from; t < into.rows; t++) for (let c = 0; c < D; c++) into.data[t * D + c] = gauss() * (norm.weight[c] as number) + (norm.bias[c] as number);
}

/** Stream of the synthetic inputs of images after the first (--batch): the weights and the first image do not depend on the batch. */
const IMAGES_STREAM = 1;

/**
 * Seeded synthetic block (docs/workloads.md): post-LayerNorm activations X = n·γ + β with n ~ N(0,1) and ~2% outlier
 * channels (large γ), truncated-normal weights σ = 0.02 whose query and key rows share a component, so that
 * softmax rows are peaked with long tails as in trained ViTs. `images` stacks that many inputs along the tokens.
 */
export function syntheticBlock(shape: BlockShape, seed: number, images = 1): AttentionBlock {
  const { tokens: T, dim: D } = shape;
  const next = rng(seed);
  const gauss = normal(next);
  const w = truncatedNormal(gauss, 0.02);
  const norm = syntheticNorm(next, gauss, D);
  const x = matrix(images * T, D);
  postNormTokens({ rows: T, cols: D, data: x.data }, 0, gauss, norm);
  postNormTokens(x, T, normal(rng(deriveSeed(seed, IMAGES_STREAM))), norm);
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
      normWeight: norm.weight,
      normBias: norm.bias,
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

/** The float64 forward pass; with `images` stacked along the tokens, attention runs per image (heads listed image by image). */
export function referenceForward(block: AttentionBlock, images = 1): ReferenceForward {
  const { dim: D, heads: H } = block.shape;
  const dh = D / H;
  const T = block.x.rows / images;
  const w = block.weights;
  const qkv = addBias(referenceGemm(block.x, transpose(w.qkvWeight)), w.qkvBias);
  const o = matrix(block.x.rows, D);
  const heads = [];
  for (let i = 0; i < images; i++) {
    const rows = images === 1 ? qkv : { rows: T, cols: 3 * D, data: qkv.data.subarray(i * T * 3 * D, (i + 1) * T * 3 * D) };
    for (let h = 0; h < H; h++) {
      const q = columns(rows, h * dh, dh);
      const k = columns(rows, D + h * dh, dh);
      const v = columns(rows, 2 * D + h * dh, dh);
      const s = scaled(referenceGemm(q, transpose(k)), 1 / Math.sqrt(dh));
      const p = softmaxRows(s);
      const oh = referenceGemm(p, v);
      for (let t = 0; t < T; t++) for (let c = 0; c < dh; c++) o.data[(i * T + t) * D + h * dh + c] = oh.data[t * dh + c] as number;
      heads.push({ q, k, v, s, p, o: oh });
    }
  }
  const y = addBias(referenceGemm(o, transpose(w.projWeight)), w.projBias);
  return { qkv, heads, o, y };
}
