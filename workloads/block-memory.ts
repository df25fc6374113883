// The memory a job needs at its peak, from its shapes before anything is built: its largest GEMM
// (sim/memory-estimate.ts) on top of what the block keeps while its ops run (a model keeps one block at a time). An
// upper bound within about 2× of the measured peak (test/memory-budget.test.ts). Bytes per element, as float64 copies:
//   D×D weights: 16 (weights, transposes, codes, dequantized and FrameQuant weights)                        128
//     (an encoder block's MLP has three times the attention's weights)                                     384
//   T×D activations: 32 (inputs, codes and outputs of each op, the reference forward, per-head slices)      256
//     (an encoder block adds the MLP's T×4D and the residual stream)                                       512
//   H·T×T scores and probabilities: 8 (reference, simulated, stacked for the accuracy figures)              64
// plus V8's slack for the many short-lived matrices of a block, SLACK (96 MB). T counts every image of a batch.
// A topology keeps nothing but its results: its largest GEMM.
import { gemmBeyondEngine, gemmBytes } from '../sim/memory-estimate.js';
import { CLASSES } from './vit-model.js';
import { MLP_RATIO } from './encoder-weights.js';
import { PATCH_DIM } from './patches.js';
import type { RunJob } from './run-job.js';
import type { VitJob } from './vit-job.js';
import { FRAME_BLOCKS } from './quant/fusion-frame.js';

export interface BlockGemm {
  name: string;
  m: number;
  k: number;
  n: number;
}

const SLACK = 96 * 2 ** 20;

type Shapes = Pick<VitJob, 'shape' | 'quant' | 'images' | 'scope'>;

/** The GEMM shapes of the job's ops (one image and head of qk and pv); FrameQuant's p is at most r·D plus one step of D/8. */
export function blockGemms(job: Shapes): BlockGemm[] {
  const { tokens, dim: D, heads: H } = job.shape;
  const [T, M] = [tokens, job.images * tokens];
  const dh = D / H;
  const heads = [
    { name: 'qk', m: T, k: dh, n: T },
    { name: 'pv', m: T, k: T, n: dh },
  ];
  const framed = job.quant.wquant === 'framequant';
  const p = Math.ceil(Math.min(2, (job.quant.redundancy ?? 2) + 1 / FRAME_BLOCKS) * D);
  // A linear layer, after its FrameQuant transform GEMM when the weights are in frame space.
  const linear = (name: string, m: number, k: number, n: number): BlockGemm[] => (framed ? [{ name: `${name}-frame`, m, k, n: p }, { name, m, k: p, n }] : [{ name, m, k, n }]);
  const attention = [...linear('qkv', M, D, 3 * D), ...heads, ...linear('proj', M, D, D)];
  if (job.scope === 'attention') return attention;
  const block = [...attention, ...linear('fc1', M, D, MLP_RATIO * D), ...linear('fc2', M, MLP_RATIO * D, D)];
  if (job.scope === 'block') return block;
  return [...linear('patch_embed', job.images * (T - 1), PATCH_DIM, D), ...block, ...linear('head', job.images, D, CLASSES)];
}

/** Peak bytes of the job with its GEMMs' folds split over `threads` (--jobs), its largest GEMM, and why the engine
 * cannot hold one of its GEMMs at any budget, if it cannot. */
export function jobBytes(job: RunJob, threads: number): { bytes: number; largest: BlockGemm; beyondEngine: string | undefined } {
  const { rows, cols, dataflow, engine = 'fast' } = job.setup;
  // ViT ops skip simulateGemm's reference product (the workload has its own float64 reference); topology layers do not.
  const gemms = job.scope === 'topology' ? job.layers : blockGemms(job);
  const sized = gemms.map((g) => {
    const size = { ...g, rows, cols, dataflow, engine, reference: job.scope === 'topology', threads };
    return { g, bytes: gemmBytes(size), beyond: gemmBeyondEngine(size) };
  });
  const largest = sized.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const block = job.scope === 'topology' ? 0 : blockBytes(job);
  return { bytes: block + largest.bytes, largest: largest.g, beyondEngine: sized.find((s) => s.beyond)?.beyond };
}

/** The shape a memory message names: the block's T, D, H (and batch), or the topology file. */
export function jobShape(job: RunJob): string {
  if (job.scope === 'topology') return `topology ${String(job.config['topology'])}`;
  const { tokens: T, dim: D, heads: H } = job.shape;
  return `T=${T} D=${D} H=${H}${job.images > 1 ? ` batch ${job.images}` : ''}`;
}

function blockBytes(job: Shapes): number {
  const { tokens: T, dim: D, heads: H } = job.shape;
  const encoder = job.scope !== 'attention';
  return (encoder ? 384 : 128) * D * D + (encoder ? 512 : 256) * job.images * T * D + 64 * job.images * H * T * T + SLACK;
}
