// Run options → the job: a ViT workload (block shape, scope, quantization, data) or a SCALE-Sim topology, the array
// setup and the config record its results carry. `systolic run` and every sweep point resolve here, so a sweep point
// is exactly the run with the same options.
import type { Matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';
import type { Tensor } from '../io/safetensors.js';
import type { TopologyLayer } from '../io/topology.js';
import { PE_NAMES } from '../pe/catalog.js';
import { dramPjPerBit } from '../sim/memory-energy.js';
import { DEFAULT_TECH, type Tech } from '../sim/tech.js';
import { memoryConfigOf } from './memory-options.js';
import { AFTER_PES, ORDERS, type AfterPe, type ArraySetup, type Order } from './array-setup.js';
import { PATCH_DIM } from './patches.js';
import { blockShape, DEFAULT_DEPTH, DEPTHS, type BlockShape } from './presets.js';
import type { QuantSettings } from './quant-model.js';
import type { RunJob } from './run-job.js';
import { ARRAY_SIZES_ALLOWED, arrayDims, type RunOptions } from './run-options.js';
import { timmAttentionWeights, timmBlocks, timmDim, timmEncoderWeights, timmVitWeights } from './timm-weights.js';
import type { TopologyJob } from './topology-job.js';
import type { VitJob } from './vit-job.js';

/** The files the options name, already read and parsed (this layer does no I/O). */
export interface RunFiles {
  /** The technology file (default: the built-in 45 nm one). */
  tech?: Tech;
  tensors?: Map<string, Tensor>;
  input?: Matrix;
  /** The layers of --topology's file. */
  topology?: TopologyLayer[];
}

/** Weight bits when --wbits is not given: FrameQuant's frame-space weights are 2-bit, uniform ones 8-bit. */
export const defaultWbits = (wquant: RunOptions['wquant']): number => (wquant === 'framequant' ? 2 : 8);

const isPeName = (pe: string): boolean => (PE_NAMES as readonly string[]).includes(pe);

/** The array and the units of every run. */
function arraySetup(o: RunOptions, tech: Tech): ArraySetup {
  const array = arrayDims(o.array);
  if (!array) throw new InputError(`array: "${String(o.array).slice(0, 100)}" is not allowed; ${ARRAY_SIZES_ALLOWED}`);
  const afterPe = o.pe as AfterPe;
  const memory = memoryConfigOf(o);
  // The DRAM name is checked against the technology file before any op runs.
  if (memory) dramPjPerBit(tech, memory.dram);
  return { rows: o.rows ?? array[0], cols: o.cols ?? array[1], dataflow: o.dataflow, gating: o.gating, micro: o.micro, tech, clockMhz: o.clockMhz ?? tech.clockMhz, floatPe: o.floatPe, softmax: o.softmax, engine: o.engine, afterPe, ...(memory && { memory }) };
}

/** The config fields of the array and its clock every scope records, in this order (results keep their bytes). */
function arrayConfig(o: RunOptions, setup: ArraySetup) {
  return {
    gating: o.gating,
    // Only the pipelined array names itself, so that default results keep their bytes.
    ...(o.micro !== 'simple' && { micro: o.micro }),
    engine: o.engine,
    tech: setup.tech.name,
    clockMhz: setup.clockMhz,
    ...(setup.memory && { memory: setup.memory }),
  };
}

export function resolveRun(o: RunOptions, files: RunFiles, version: string): RunJob {
  const tech = files.tech ?? DEFAULT_TECH;
  const orders: Order[] = o.order === 'both' ? [...ORDERS] : [o.order];
  const setup = arraySetup(o, tech);
  if (o.topology !== undefined) return resolveTopology(o, files, setup, orders, version);
  if (isPeName(o.pe)) throw new InputError(`pe: "${o.pe}" is a PE kind for --topology runs; allowed ${AFTER_PES.join(', ')} for a ViT run`);
  return resolveVit(o, files, setup, orders, version);
}

function resolveTopology(o: RunOptions, files: RunFiles, setup: ArraySetup, orders: Order[], version: string): TopologyJob {
  if (!files.topology) throw new InputError(`topology: the layers of ${o.topology} were not read; pass them as files.topology (io/topology.ts parseTopology)`);
  if (o.pe === 'shift' || o.pe === 'lut') throw new InputError(`pe: "${o.pe}" applies to a ViT's ops; with --topology allowed int (each order's PE) or a PE kind: ${PE_NAMES.join(', ')}`);
  const named = isPeName(o.pe);
  const runs = named ? [{ order: orders.at(-1)!, pe: o.pe }] : orders.map((order) => ({ order, pe: order === 'before' ? o.floatPe : `int${o.abits}` }));
  const config = {
    topology: o.topology,
    topologyFormat: o.topologyFormat,
    layers: files.topology.length,
    rows: setup.rows,
    cols: setup.cols,
    dataflow: o.dataflow,
    ...arrayConfig(o, setup),
    seed: o.seed,
  };
  return { scope: 'topology', layers: files.topology, runs, named, setup, seed: o.seed, config, version };
}

/** The block shape, with the tokens an input file implies (B images of T tokens; a model's input has T − 1 patches per image). */
function shapeOf(o: RunOptions, files: RunFiles): BlockShape {
  const { tensors, input } = files;
  const fileDim = tensors ? timmDim(tensors, o.scope === 'model' ? 0 : o.block) : undefined;
  const dim = o.dim ?? (o.model === undefined || o.model === 'custom' ? fileDim : undefined);
  const shape = blockShape(o.model ?? (dim === undefined ? 'deit-tiny' : undefined), { ...(o.tokens !== undefined && { tokens: o.tokens }), ...(dim !== undefined && { dim }), ...(o.heads !== undefined && { heads: o.heads }) });
  if (input) {
    const model = o.scope === 'model';
    const [cols, extra] = model ? [PATCH_DIM, 1] : [shape.dim, 0];
    const tokens = input.rows / o.batch + extra;
    if (input.cols !== cols || !Number.isInteger(tokens) || tokens <= extra || (o.tokens !== undefined && tokens !== o.tokens)) {
      const per = model ? 'patches per image' : 'tokens';
      throw new InputError(`--input ${o.input}: shape ${input.rows}×${input.cols} does not match the ${model ? 'model' : 'block'}; expected (${o.batch} images × ${per}) × ${cols}`);
    }
    shape.tokens = tokens;
  }
  return shape;
}

function resolveVit(o: RunOptions, files: RunFiles, setup: ArraySetup, orders: Order[], version: string): VitJob {
  const { tensors, input } = files;
  const shape = shapeOf(o, files);
  const scope = o.scope;
  const blocks = o.blocks ?? DEPTHS[o.model ?? ''] ?? (tensors ? timmBlocks(tensors).length : DEFAULT_DEPTH);
  const file = `--weights ${o.weights}`;
  const framequant = o.wquant === 'framequant';
  const quant: QuantSettings = {
    wbits: o.wbits ?? defaultWbits(o.wquant),
    abits: o.abits,
    pbits: o.pbits,
    pquant: o.pquant,
    zeroPoints: o.zeroPoints,
    calibration: o.calibration,
    // The LayerNorms of a block or model absorb the reparameterization for free; attention runs keep their default.
    reparam: o.reparam ?? scope !== 'attention',
    wquant: o.wquant,
    ...(framequant && { redundancy: o.redundancy }),
  };
  // Key order is part of the output (byte-identical results): shape, scope, array, quantization, units, data. An
  // attention run of one image has no scope fields, as before scopes existed.
  const config = {
    model: shape.name,
    tokens: shape.tokens,
    dim: shape.dim,
    heads: shape.heads,
    ...((scope !== 'attention' || o.batch !== 1) && { scope, ...(scope === 'model' && { blocks }), batch: o.batch }),
    rows: setup.rows,
    cols: setup.cols,
    dataflow: o.dataflow,
    ...quant,
    softmax: o.softmax,
    floatPe: o.floatPe,
    pe: o.pe,
    ...arrayConfig(o, setup),
    data: o.weights || o.input ? { weights: o.weights ?? 'synthetic', ...(scope !== 'model' && { block: o.block }), input: o.input ?? 'synthetic', seed: o.seed } : { synthetic: true, seed: o.seed },
  };
  const base = { shape, images: o.batch, orders, quant, setup, seed: o.seed, ...(input && { input }), config, version };
  if (scope === 'model') return { ...base, scope, blocks, ...(tensors && { weights: timmVitWeights(tensors, shape, blocks, file) }) };
  if (scope === 'block') return { ...base, scope, block: o.block, ...(tensors && { weights: timmEncoderWeights(tensors, o.block, shape.dim, file) }) };
  return { ...base, scope, ...(tensors && { weights: timmAttentionWeights(tensors, o.block, shape.dim, file) }) };
}
