// FrameQuant's transform (arXiv 2403.06082, docs/workloads.md): T = F·H·S, a p×d matrix whose rows are the frame vectors.
//   S: seeded random ±1 diagonal (spreads outlier channels);
//   H: normalized Hadamard of the power-of-two factor of d, Kronecker with an orthonormal DCT-II of its odd factor
//      (d = 192, 384, 768 are not powers of two; the product is still orthogonal and mixes every channel);
//   F: a tight fusion frame of k subspaces of dimension l = d/m in R^d: W_j = u_j ⊗ R^l, where u_1..u_k (k ≥ m)
//      are the rows of a k×m matrix G with orthonormal columns (the DCT-II of size k without its constant column).
// Σ_j P_j = GᵀG ⊗ I_l = I, so T is a Parseval frame: TᵀT = I_d, and x·Tᵀ·(W·Tᵀ)ᵀ = x·Wᵀ.
import { InputError } from '../../core/input-error.js';
import { matrix, type Matrix } from '../../core/matrix.js';
import { rng } from '../../core/random.js';

/** Blocks m of R^d the fusion frame works on: the subspaces have dimension d/m; redundancy steps are 1/m. */
export const FRAME_BLOCKS = 8;

export interface FusionFrame {
  dim: number;
  /** Frame vectors p = k·l. */
  size: number;
  subspaces: number;
  subspaceDim: number;
  /** p/d as built (the requested redundancy rounded up to a step of 1/FRAME_BLOCKS). */
  redundancy: number;
  /** T, p×d (row-major): row i is frame vector i. */
  transform: Matrix;
}

/** Orthonormal DCT-II of size n: entry [v][t] = √(α_v/n)·cos(π(2t+1)v/2n), row 0 constant. */
function dct(n: number): Matrix {
  const c = matrix(n, n);
  for (let v = 0; v < n; v++) {
    const norm = Math.sqrt((v === 0 ? 1 : 2) / n);
    for (let t = 0; t < n; t++) c.data[v * n + t] = norm * Math.cos((Math.PI * (2 * t + 1) * v) / (2 * n));
  }
  return c;
}

function popcount(x: number): number {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** The orthogonal mixing H (d×d): Sylvester Hadamard of 2^a (entries ±2^(−a/2)) ⊗ DCT-II of the odd factor of d. */
function mixing(d: number): Matrix {
  let pow2 = 1;
  while (d % (pow2 * 2) === 0) pow2 *= 2;
  const odd = d / pow2;
  const c = dct(odd);
  const h = matrix(d, d);
  const hNorm = 1 / Math.sqrt(pow2);
  for (let u = 0; u < pow2; u++) {
    for (let u2 = 0; u2 < pow2; u2++) {
      const hv = popcount(u & u2) % 2 === 0 ? hNorm : -hNorm;
      for (let v = 0; v < odd; v++) for (let v2 = 0; v2 < odd; v2++) h.data[(u * odd + v) * d + u2 * odd + v2] = hv * (c.data[v * odd + v2] as number);
    }
  }
  return h;
}

/** The k×m matrix G whose rows u_j span the subspaces: I for k = m, else DCT-II(k) columns 1..m (orthonormal). */
function subspaceDirections(k: number, m: number): Matrix {
  if (k === m) {
    const g = matrix(m, m);
    for (let i = 0; i < m; i++) g.data[i * m + i] = 1;
    return g;
  }
  // Rows of the DCT are orthonormal, so its columns are too; dropping the constant column leaves m of them.
  const c = dct(k);
  const g = matrix(k, m);
  for (let j = 0; j < k; j++) for (let i = 0; i < m; i++) g.data[j * m + i] = c.data[(i + 1) * k + j] as number;
  return g;
}

export function fusionFrame(dim: number, redundancy: number, seed: number): FusionFrame {
  if (!Number.isInteger(dim) || dim < FRAME_BLOCKS || dim % FRAME_BLOCKS !== 0) {
    throw new InputError(`framequant: dim ${dim} is not allowed; the fusion frame needs a multiple of ${FRAME_BLOCKS}`);
  }
  if (!(redundancy >= 1 && redundancy <= 2)) throw new InputError(`--redundancy: ${redundancy} is not allowed; allowed 1.0 to 2.0`);
  const m = FRAME_BLOCKS;
  const l = dim / m;
  // Round the subspace count up, tolerating the float error of e.g. 1.1·8.
  const k = Math.ceil(redundancy * m - 1e-9);
  const g = subspaceDirections(k, m);
  const h = mixing(dim);
  const next = rng(seed);
  const signs = Float64Array.from({ length: dim }, () => (next() < 0.5 ? -1 : 1));
  // T[(j,t), c] = Σ_i G[j,i]·H[(i,t), c]·S[c]
  const p = k * l;
  const t = matrix(p, dim);
  for (let j = 0; j < k; j++) {
    for (let s = 0; s < l; s++) {
      const row = t.data.subarray((j * l + s) * dim, (j * l + s + 1) * dim);
      for (let i = 0; i < m; i++) {
        const gji = g.data[j * m + i] as number;
        if (gji === 0) continue;
        const hRow = (i * l + s) * dim;
        for (let c = 0; c < dim; c++) row[c]! += gji * (h.data[hRow + c] as number);
      }
      for (let c = 0; c < dim; c++) row[c]! *= signs[c] as number;
    }
  }
  return { dim, size: p, subspaces: k, subspaceDim: l, redundancy: p / dim, transform: t };
}

/** The frame operator TᵀT (d×d); the identity for a Parseval frame. */
export function frameOperator(frame: FusionFrame): Matrix {
  const { transform: t, dim: d, size: p } = frame;
  const s = matrix(d, d);
  for (let i = 0; i < p; i++) {
    const row = t.data.subarray(i * d, (i + 1) * d);
    for (let a = 0; a < d; a++) {
      const ra = row[a] as number;
      for (let b = 0; b < d; b++) s.data[a * d + b]! += ra * (row[b] as number);
    }
  }
  return s;
}
