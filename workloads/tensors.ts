// The tensors ops pass to each other while a list runs, by name: codes of a quantizer, accumulators of a GEMM
// with their real scale, or the float output.
import type { Matrix } from '../core/matrix.js';
import { columns } from './attention-block.js';
import type { OpOutput, TensorName } from './ops.js';
import { quantizerOf, type ActivationQuantizer, type QuantModel } from './quant-model.js';

/** `stackedHeads`: how many heads the rows hold one below the other (S, P), else 1 (heads are column groups). */
export type Tensor =
  | { kind: 'codes'; codes: Matrix; quantizer: ActivationQuantizer; stackedHeads: number }
  /** Accumulators in units of `scale`: fp32 values in the before order, integers in the after order. */
  | { kind: 'accumulators'; acc: Matrix; scale: number; stackedHeads: number }
  | { kind: 'float'; values: Matrix };

export type Tensors = Map<TensorName, Tensor>;
export type CodesTensor = Extract<Tensor, { kind: 'codes' }>;

export function tensorOf<K extends Tensor['kind']>(tensors: Tensors, name: TensorName, kind: K): Extract<Tensor, { kind: K }> {
  const t = tensors.get(name);
  if (t?.kind !== kind) throw new Error(`internal: tensor "${name}" is ${t ? t.kind : 'missing'}, not ${kind}`);
  return t as Extract<Tensor, { kind: K }>;
}

/** f of every element, in a plain loop: ~6% less CPU than Float64Array.prototype.map (its species lookup and three-argument calls). */
export function mapMatrix(m: Matrix, f: (v: number, i: number) => number): Matrix {
  const { data } = m;
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f(data[i] as number, i);
  return { rows: m.rows, cols: m.cols, data: out };
}

/** Each image's class token: the first of every `tokens` rows. */
export function classTokens(m: Matrix, tokens: number): Matrix {
  const rows = m.rows / tokens;
  const out = { rows, cols: m.cols, data: new Float64Array(rows * m.cols) };
  for (let r = 0; r < rows; r++) out.data.set(m.data.subarray(r * tokens * m.cols, (r * tokens + 1) * m.cols), r * m.cols);
  return out;
}

type CodesOutput = Extract<OpOutput, { as: 'codes' }>;
const partsOf = (output: CodesOutput) => output.parts ?? [output.tensor];

/** The quantizer of each column of a codes output: the columns split evenly among its parts (qkv → q, k, v). */
export function columnQuantizers(output: CodesOutput, cols: number, model: QuantModel): (c: number) => ActivationQuantizer {
  const quantizers = partsOf(output).map((name) => quantizerOf(model, name));
  const width = cols / quantizers.length;
  return (c) => quantizers[Math.floor(c / width)]!;
}

/** A codes output as the tensors the next ops read: one per part, its columns. */
export function codeParts(output: CodesOutput, codes: Matrix, stackedHeads: number, model: QuantModel): [TensorName, Tensor][] {
  const parts = partsOf(output);
  const width = codes.cols / parts.length;
  return parts.map((name, i) => [name, { kind: 'codes', codes: columns(codes, i * width, width), quantizer: quantizerOf(model, name), stackedHeads }]);
}
