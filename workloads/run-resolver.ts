// Run options → the attention job: block shape, quantization, array setup and the config record its results carry.
// `systolic run` and every sweep point resolve here, so a sweep point is exactly the run with the same options.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import type { Tensor } from '../io/safetensors.js';
import { DEFAULT_TECH, type Tech } from '../sim/tech.js';
import type { AttentionJob } from './attention-job.js';
import { ORDERS } from './attention-run.js';
import { blockShape } from './presets.js';
import type { QuantSettings } from './quant-model.js';
import { ARRAY_SIZES_ALLOWED, arrayDims, type RunOptions } from './run-options.js';
import { timmAttentionWeights, timmDim } from './timm-weights.js';

/** The files the options name, already read and parsed (this layer does no I/O). */
export interface RunFiles {
  /** The technology file (default: the built-in 45 nm one). */
  tech?: Tech;
  tensors?: Map<string, Tensor>;
  input?: Matrix;
}

/** Weight bits when --wbits is not given: FrameQuant's frame-space weights are 2-bit, uniform ones 8-bit. */
export const defaultWbits = (wquant: RunOptions['wquant']): number => (wquant === 'framequant' ? 2 : 8);

export function resolveRun(o: RunOptions, files: RunFiles, version: string): AttentionJob {
  const { tech = DEFAULT_TECH, tensors, input } = files;
  const fileDim = tensors ? timmDim(tensors, o.block) : undefined;
  const dim = o.dim ?? (o.model === undefined || o.model === 'custom' ? fileDim : undefined);
  const shape = blockShape(o.model ?? (dim === undefined ? 'deit-tiny' : undefined), { ...(o.tokens !== undefined && { tokens: o.tokens }), ...(dim !== undefined && { dim }), ...(o.heads !== undefined && { heads: o.heads }) });
  const weights = tensors ? timmAttentionWeights(tensors, o.block, shape.dim, `--weights ${o.weights}`) : undefined;
  if (input) {
    if (input.cols !== shape.dim || (o.tokens !== undefined && input.rows !== o.tokens)) {
      throw new InputError(`--input ${o.input}: shape ${input.rows}×${input.cols} does not match the block; expected tokens × ${shape.dim}`);
    }
    shape.tokens = input.rows;
  }
  const array = arrayDims(o.array);
  if (!array) throw new InputError(`array: "${String(o.array).slice(0, 100)}" is not allowed; ${ARRAY_SIZES_ALLOWED}`);
  const rows = o.rows ?? array[0];
  const cols = o.cols ?? array[1];
  const clockMhz = o.clockMhz ?? tech.clockMhz;
  const framequant = o.wquant === 'framequant';
  const quant: QuantSettings = {
    wbits: o.wbits ?? defaultWbits(o.wquant),
    abits: o.abits,
    pbits: o.pbits,
    pquant: o.pquant,
    zeroPoints: o.zeroPoints,
    calibration: o.calibration,
    reparam: o.reparam ?? false,
    wquant: o.wquant,
    ...(framequant && { redundancy: o.redundancy }),
  };
  // Key order is part of the output (byte-identical results): shape, array, quantization, units, data.
  const config = {
    model: shape.name,
    tokens: shape.tokens,
    dim: shape.dim,
    heads: shape.heads,
    rows,
    cols,
    dataflow: o.dataflow,
    ...quant,
    softmax: o.softmax,
    floatPe: o.floatPe,
    pe: o.pe,
    gating: o.gating,
    engine: o.engine,
    tech: tech.name,
    clockMhz,
    data: o.weights || o.input ? { weights: o.weights ?? 'synthetic', block: o.block, input: o.input ?? 'synthetic', seed: o.seed } : { synthetic: true, seed: o.seed },
  };
  return {
    shape,
    orders: o.order === 'both' ? [...ORDERS] : [o.order],
    quant,
    setup: { rows, cols, dataflow: o.dataflow, gating: o.gating, tech, clockMhz, floatPe: o.floatPe, softmax: o.softmax, engine: o.engine, afterPe: o.pe },
    seed: o.seed,
    ...(weights && { weights }),
    ...(input && { input }),
    config,
    version,
  };
}
