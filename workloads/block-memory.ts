// The memory an attention job needs at its peak, from its shapes before anything is built: its largest GEMM
// (sim/memory-estimate.ts) on top of what the block keeps while its ops run. An upper bound within about 2× of the
// measured peak (test/memory-budget.test.ts). Bytes per element, as float64 copies:
//   D×D weights: 16 (weights, transposes, codes, dequantized and FrameQuant weights)                        128
//   T×D activations: 32 (inputs, codes and outputs of each op, the reference forward, per-head slices)      256
//   H·T×T scores and probabilities: 8 (reference, simulated, stacked for the accuracy figures)              64
// plus V8's slack for the many short-lived matrices of a block, SLACK (96 MB).
import { gemmBeyondEngine, gemmBytes } from '../sim/memory-estimate.js';
import type { AttentionJob } from './attention-job.js';
import { FRAME_BLOCKS } from './quant/fusion-frame.js';

export interface BlockGemm {
  name: string;
  m: number;
  k: number;
  n: number;
}

const SLACK = 96 * 2 ** 20;

/** The GEMM shapes of the block's ops (one head of qk and pv); FrameQuant's p is at most r·D plus one step of D/8. */
export function blockGemms(job: Pick<AttentionJob, 'shape' | 'quant'>): BlockGemm[] {
  const { tokens: T, dim: D, heads: H } = job.shape;
  const dh = D / H;
  const heads = [
    { name: 'qk', m: T, k: dh, n: T },
    { name: 'pv', m: T, k: T, n: dh },
  ];
  if (job.quant.wquant !== 'framequant') return [{ name: 'qkv', m: T, k: D, n: 3 * D }, ...heads, { name: 'proj', m: T, k: D, n: D }];
  const p = Math.ceil(Math.min(2, (job.quant.redundancy ?? 2) + 1 / FRAME_BLOCKS) * D);
  return [
    { name: 'qkv-frame', m: T, k: D, n: p },
    { name: 'qkv', m: T, k: p, n: 3 * D },
    ...heads,
    { name: 'proj-frame', m: T, k: D, n: p },
    { name: 'proj', m: T, k: p, n: D },
  ];
}

/** Peak bytes of the job with `copies` orders built side by side (each worker thread builds its own block), its
 * largest GEMM, and why the engine cannot hold one of its GEMMs at any budget, if it cannot. */
export function jobBytes(job: Pick<AttentionJob, 'shape' | 'quant' | 'setup'>, copies: number): { bytes: number; largest: BlockGemm; beyondEngine: string | undefined } {
  const { tokens: T, dim: D, heads: H } = job.shape;
  const { rows, cols, dataflow, engine = 'fast' } = job.setup;
  // Attention ops skip simulateGemm's reference product: the block has its own float64 reference.
  const sized = blockGemms(job).map((g) => {
    const size = { ...g, rows, cols, dataflow, engine, reference: false };
    return { g, bytes: gemmBytes(size), beyond: gemmBeyondEngine(size) };
  });
  const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const block = 128 * D * D + 256 * T * D + 64 * H * T * T + SLACK;
  return { bytes: copies * (block + largest.bytes), largest: largest.g, beyondEngine: sized.find((s) => s.beyond)?.beyond };
}
