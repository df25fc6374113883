// The options of one attention run (`systolic run`, and each point of a sweep): one zod schema per option with its
// range, default and help. The flags, the config-file fields and the RunOptions type are all derived from them.
import { z } from 'zod';
import { GATINGS } from '../dataflow/array-run.js';
import { DATAFLOWS, MAX_ARRAY_DIM } from '../dataflow/fold-plan.js';
import { MICROS } from '../dataflow/micro.js';
import { FLOAT_FORMAT_NAMES } from '../pe/float-format.js';
import { ENGINES } from '../sim/simulate-gemm.js';
import { TOPOLOGY_FORMATS } from '../io/topology.js';
import { PE_NAMES } from '../pe/catalog.js';
import { AFTER_PES, ORDERS } from './array-setup.js';
import { MEMORY_OPTIONS } from './memory-options.js';
import { integers, option, SEED } from './option-info.js';
import { PRESETS } from './presets.js';
import { PROB_QUANTS } from './quant/prob-quantizer.js';
import { CALIBRATIONS } from './quant/uniform.js';
import { WEIGHT_QUANTS, ZERO_POINTS } from './quant-model.js';
import { SOFTMAXES } from './softmax.js';
import { SCOPES } from './vit-job.js';

const SIDE = integers(1, MAX_ARRAY_DIM);
const SHAPE = integers(1, 16384);
const BITS = integers(2, 8);

export const ARRAY_SIZES_ALLOWED = `allowed N or RxC with sizes 1..${MAX_ARRAY_DIM}`;

/** An array size, N (N×N) or RxC, as [rows, cols]; undefined when it is neither. */
export function arrayDims(size: number | string): [number, number] | undefined {
  const m = /^(\d+)(?:x(\d+))?$/.exec(String(size).trim());
  const dims: [number, number] | undefined = m ? [Number(m[1]), Number(m[2] ?? m[1])] : undefined;
  return dims?.every((d) => SIDE.safeParse(d).success) ? dims : undefined;
}

/** --rows and --cols; `side` makes a fresh schema for each (optional, or with a command's default size). */
export function arraySides<S extends z.ZodType<number | undefined>>(side: (s: typeof SIDE) => S, note = '') {
  return {
    rows: option(side(SIDE), { arg: 'n', help: `array rows R${note}` }),
    cols: option(side(SIDE), { arg: 'n', help: `array columns C${note}` }),
  };
}

/** The array every simulating command runs on, beyond its size. */
export const ARRAY_OPTIONS = {
  dataflow: option(z.enum(DATAFLOWS).default('os'), { arg: 'df', help: 'dataflow' }),
  gating: option(z.enum(GATINGS).default('valid'), { arg: 'mode', help: 'clock gating of idle registers (zero: also isolate the multiplier and adder on a zero operand)' }),
  micro: option(z.enum(MICROS).default('simple'), { arg: 'm', help: 'microarchitecture: simple, or pipelined (double-buffered stationary registers: folds overlap)' }),
  tech: option(z.string().min(1).optional(), { arg: 'file.json', help: 'technology file (default: built-in 45 nm)' }),
  clockMhz: option(z.number().positive().optional(), { arg: 'f', help: 'clock frequency for power (default from the technology file)' }),
  engine: option(z.enum(ENGINES).default('fast'), { arg: 'e', help: 'fast: counters from the operand streams; reference: steps every register' }),
  ...MEMORY_OPTIONS,
};

/** The block and the array it runs on (the first half of `run --help`). */
export const BLOCK_ARRAY_OPTIONS = {
  // The preset check names the presets and the custom-shape flags, so the flag leaves it to blockShape.
  model: option(z.enum(['custom', ...Object.keys(PRESETS)]).optional(), { arg: 'name', help: `preset: ${Object.keys(PRESETS).join(', ')} (default deit-tiny; or --dim --heads)`, anyText: true }),
  tokens: option(SHAPE.optional(), { arg: 'n', help: 'tokens (default 197)' }),
  dim: option(SHAPE.optional(), { arg: 'n', help: 'embedding dim D' }),
  heads: option(SHAPE.optional(), { arg: 'n', help: 'heads H (must divide D)' }),
  scope: option(z.enum(SCOPES).default('attention'), { arg: 'scope', help: 'attention: the attention part of one encoder block; block: the whole block (LayerNorms, attention, MLP, residual adds); model: patch embedding, --blocks blocks, final norm and classifier head' }),
  blocks: option(integers(1, 256).optional(), { arg: 'n', help: "encoder blocks of --scope model (default: the preset's depth, 12 for DeiT and ViT-Base, 24 for ViT-Large; else the blocks in --weights, or 12)" }),
  batch: option(integers(1, 256).default(1), { arg: 'B', help: 'images per run, stacked along the tokens of linear ops (attention stays per image)' }),
  topology: option(z.string().min(1).optional(), { arg: 'file.csv', help: "a SCALE-Sim topology file instead of a ViT: every layer's GEMM on the array with seeded random operands of --pe (int8, fp16, ...; default each order's PE)" }),
  topologyFormat: option(z.enum(TOPOLOGY_FORMATS).default('conv'), { arg: 'f', help: "--topology rows: conv (name, IFMAP h, IFMAP w, filter h, filter w, channels, num filters, stride) or gemm (name, M, N, K), as SCALE-Sim's -i gemm" }),
  // A flag gives text (`8`, `8x32`), a config file a number or text: the resolver reads both with arrayDims.
  array: option(z.union([SIDE, z.string().refine((s) => arrayDims(s) !== undefined, ARRAY_SIZES_ALLOWED)]).default(16), { arg: 'n|RxC', help: 'array size: N (N×N) or RxC' }),
  ...arraySides((s) => s.optional(), ' (default: --array)'),
  ...ARRAY_OPTIONS,
};

/** The orders, the quantization and the data (the second half of `run --help`). */
export const QUANT_DATA_OPTIONS = {
  order: option(z.enum([...ORDERS, 'both']).default('both'), { arg: 'order', help: 'dequantize before or after the matrix ops' }),
  wbits: option(BITS.optional(), { arg: 'n', help: 'weight bits (default 8; 2 with --wquant framequant)' }),
  abits: option(BITS.default(8), { arg: 'n', help: 'activation bits' }),
  pbits: option(BITS.default(8), { arg: 'n', help: 'attention-probability bits' }),
  pquant: option(z.enum(PROB_QUANTS).default('uniform'), { arg: 'q', help: 'probability quantizer' }),
  softmax: option(z.enum(SOFTMAXES).default('float'), { arg: 's', help: 'softmax unit' }),
  zeroPoints: option(z.enum(ZERO_POINTS).default('asymmetric'), { arg: 'z', help: 'activation zero points' }),
  calibration: option(z.enum(CALIBRATIONS).default('minmax'), { arg: 'c', help: 'activation range calibration' }),
  reparam: option(z.boolean().optional(), { help: 'I&S-ViT channel→layer reparameterization of every LayerNorm output and the linear layer reading it (lossless in float; default on for --scope block and model, off for attention)', negatable: true }),
  wquant: option(z.enum(WEIGHT_QUANTS).default('uniform'), { arg: 'q', help: 'linear-layer weights: uniform per channel, or FrameQuant (frame space, extra transform GEMM)' }),
  redundancy: option(z.number().min(1).max(2).default(1.1), { arg: 'r', help: 'FrameQuant frame redundancy p/d, 1.0 to 2.0 (rounded up to a step of 1/8: 1.1 → 1.125)' }),
  pe: option(z.enum([...AFTER_PES, ...PE_NAMES]).default('int'), { arg: 'kind', help: `dequant-after PEs: int; shift for P·V (needs --pquant log2 or sulq); lut tables (codes ≤ 4 bits). With --topology: the PE of every layer (${PE_NAMES.join(', ')})` }),
  floatPe: option(z.enum(FLOAT_FORMAT_NAMES).default('fp16'), { arg: 'f', help: 'float PE of the before order' }),
  weights: option(z.string().min(1).optional(), { arg: 'file.safetensors', help: 'timm weights (blocks.{i}.attn.*, norm1/norm2.*, mlp.fc1/fc2.*; with --scope model also patch_embed.proj.*, cls_token, pos_embed, norm.*, head.*)' }),
  block: option(integers(0, 1000).default(0), { arg: 'i', help: 'block index in --weights (--scope attention and block)' }),
  input: option(z.string().min(1).optional(), { arg: 'file.npy', help: 'input activations: (batch·tokens) × dim, the block input (post-LayerNorm for attention, the residual stream for block); with --scope model the image patches, (batch·(tokens − 1)) × 768' }),
  seed: option(SEED.default(1), { arg: 'n', help: 'seed of the synthetic block' }),
};

export const RUN_OPTIONS = { ...BLOCK_ARRAY_OPTIONS, ...QUANT_DATA_OPTIONS };
export const runOptionsSchema = z.strictObject(RUN_OPTIONS);
export type RunOptions = z.output<typeof runOptionsSchema>;
