// The class token and the position embedding (timm's cls_token, pos_embed): each image's patch embeddings get a class
// token row in front and the position embedding added, making the residual stream's first tensor. fp32 adds in the
// dequant-before order; in the dequant-after order the embeddings are rounded onto the input's grid offline and added
// as integers. The class-token row is a constant (cls_token + pos_embed[0]) written once per image.
import { matrix, type Matrix } from '../core/matrix.js';
import type { UnitInput, UnitOutput, VectorFunction, VectorUnit } from './vector-unit.js';

/** cls_token [D] and pos_embed [T × D] of a ViT. */
export interface Embeddings {
  classToken: Float64Array;
  position: Matrix;
}

/** Float64: patches (B·P × D) → the residual stream (B·T × D), T = P + 1. */
export function embed(patches: Matrix, e: Embeddings, map: (v: number) => number = (v) => v, add = (a: number, b: number) => a + b): Matrix {
  const t = e.position.rows;
  const d = patches.cols;
  const images = patches.rows / (t - 1);
  const out = matrix(images * t, d);
  for (let i = 0; i < images; i++) {
    for (let c = 0; c < d; c++) out.data[i * t * d + c] = map(add(e.classToken[c] as number, e.position.data[c] as number));
    for (let p = 1; p < t; p++) {
      for (let c = 0; c < d; c++) out.data[(i * t + p) * d + c] = add(patches.data[(i * (t - 1) + p - 1) * d + c] as number, map(e.position.data[p * d + c] as number));
    }
  }
  return out;
}

const f32 = Math.fround;

export function positionEmbeddingUnit(e: Embeddings): VectorUnit {
  const fp32: VectorFunction = {
    input: { kind: 'float' },
    apply: ([x]): UnitOutput => ({ out: embed(x!.x, e, f32, (a, b) => f32(a + b)), counts: { fp32Add: x!.x.data.length } }),
  };
  const int: VectorFunction = {
    input: { kind: 'int' },
    apply: ([x]: UnitInput[]): UnitOutput => ({ out: embed(x!.x, e, (v) => Math.round(v / x!.scale)), integer: { scale: () => x!.scale }, counts: { int32Add: x!.x.data.length } }),
  };
  return { implementation: (_setup, order) => (order === 'before' ? fp32 : int) };
}
