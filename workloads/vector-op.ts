// A vector op: its unit runs beside the idle array, with lanes = array columns (one output element per lane per
// cycle), on a GEMM's accumulators or on codes, and its output is quantized to codes (or dequantized, at the end).
// Alike in both orders but for the conversions of what the unit receives and of what it returns.
import type { Matrix } from '../core/matrix.js';
import { addCounts, type EdgeCounts } from '../sim/edge-units.js';
import { chargeEdge } from '../sim/merge-ops.js';
import { idleArray, opResult } from '../sim/op-result.js';
import { sramEnergyPj } from '../sim/power-model.js';
import type { Order } from './array-setup.js';
import type { OpStep, RunContext } from './executor.js';
import type { VectorOp } from './ops.js';
import { asUniform, codeOf, isCodebook, quantizerOf, valueOf } from './quant-model.js';
import { requantCost, requantize } from './requantize.js';
import { classTokens, codeParts, mapMatrix, type Tensor } from './tensors.js';
import type { UnitInput, UnitOutput, VectorFunction } from './vector-unit.js';

/** Bits of an accumulator word the unit reads from SRAM, and of a float word it writes. */
const WORD_BITS = 32;

interface Received {
  input: UnitInput;
  stackedHeads: number;
  elements: number;
  bits: number;
}

/** What the unit receives of a tensor: accumulators as fp32 values (before) or integers (after), codes as their values (float unit) or as code − zero (integer unit). */
function receive(name: string, tensor: Tensor | undefined, unit: VectorFunction, order: Order, counts: EdgeCounts, every?: number): Received {
  if (tensor?.kind === 'accumulators') {
    const elements = tensor.acc.data.length;
    const received = { stackedHeads: tensor.stackedHeads, elements, bits: WORD_BITS };
    if (unit.input.kind === 'int' && order === 'before') {
      const step = unit.input.step;
      if (step === undefined) throw new Error(`internal: the integer unit of ${name} reads accumulators but has no grid step`);
      addCounts(counts, { floatToInt: elements });
      return { ...received, input: { x: mapMatrix(tensor.acc, (v) => Math.round(v / step)), scale: step * tensor.scale } };
    }
    if (unit.input.kind === 'float' && order === 'after') addCounts(counts, { intToFloat: elements });
    return { ...received, input: { x: tensor.acc, scale: tensor.scale } };
  }
  if (tensor?.kind !== 'codes' || isCodebook(tensor.quantizer)) throw new Error(`internal: vector unit input "${name}" is ${tensor ? tensor.kind : 'missing'}, not accumulators or uniform codes`);
  const q = tensor.quantizer;
  const codes = every ? classTokens(tensor.codes, every) : tensor.codes;
  const [scale, zero] = [q.scale[0] as number, q.zero[0] as number];
  const elements = codes.data.length;
  const received = { stackedHeads: tensor.stackedHeads, elements, bits: q.bits };
  // A float unit dequantizes each code (convert, multiply); an integer unit subtracts the zero point.
  if (unit.input.kind === 'float') {
    addCounts(counts, { intToFloat: elements, fp32Mul: elements });
    return { ...received, input: { x: mapMatrix(codes, (c) => Math.fround((c - zero) * scale)), scale: 1 } };
  }
  if (zero !== 0) addCounts(counts, { int16Add: elements });
  return { ...received, input: { x: zero === 0 ? codes : mapMatrix(codes, (c) => c - zero), scale } };
}

/** Bits of the largest integer output, for the requantizer's fixed-point multiplier. */
const bitsOf = (m: Matrix) => Math.ceil(Math.log2(m.data.reduce((a, v) => Math.max(a, Math.abs(v)), 0) + 1)) + 1;

/** The unit's output as the op's output tensor: codes (a fixed-point requantizer for integers, a float multiply and rounding otherwise) or float. */
function emit(op: VectorOp, applied: UnitOutput, stackedHeads: number, ctx: RunContext, counts: EdgeCounts): { outputs: OpStep['outputs']; measured: Matrix; bits: number } {
  const { out, integer } = applied;
  const n = out.data.length;
  const cols = out.cols;
  const offset = integer?.offset;
  const real = integer ? mapMatrix(out, (v, i) => integer.scale(i % cols) * v + (offset ? offset(i % cols) : 0)) : out;
  const output = op.output;
  if (output.as === 'float') {
    if (integer) addCounts(counts, { intToFloat: n, fp32Mul: n, ...(offset && { fp32Add: n }) });
    const values = integer ? mapMatrix(real, Math.fround) : out;
    return { outputs: [[output.tensor, { kind: 'float', values }]], measured: values, bits: WORD_BITS };
  }
  const q = quantizerOf(ctx.model, output.tensor);
  let codes: Matrix;
  if (integer && !isCodebook(q)) {
    codes = requantize(op.name, { acc: out, scale: integer.scale, ...(offset && { offset }), accBits: bitsOf(out), real }, () => asUniform(q, output.tensor), ctx.checks);
    addCounts(counts, requantCost(n, offset !== undefined));
  } else {
    // Quantizing real values takes a multiply and a rounding per element.
    codes = mapMatrix(real, (v) => codeOf(q, v));
    addCounts(counts, { fp32Mul: n, floatToInt: n });
  }
  return { outputs: codeParts({ tensor: output.tensor, as: 'codes' }, codes, stackedHeads, ctx.model), measured: mapMatrix(codes, (c) => valueOf(q, c)), bits: q.bits };
}

export function runVectorOp(op: VectorOp, order: Order, ctx: RunContext): OpStep {
  const { setup } = ctx;
  const unit = op.unit.implementation(setup, order);
  const counts: EdgeCounts = {};
  const received = op.inputs.map((name) => receive(name, ctx.tensors.get(name), unit, order, counts, op.classTokenOf));
  const applied = unit.apply(received.map((r) => r.input));
  addCounts(counts, applied.counts);
  const stackedHeads = received[0]!.stackedHeads;
  const { outputs, measured, bits } = emit(op, applied, stackedHeads, ctx, counts);
  const out = applied.out;
  const elements = out.data.length;
  const reads = received.reduce((s, r) => s + r.elements, 0);
  const sram = { reads, writes: elements, readBits: received.reduce((s, r) => s + r.elements * r.bits, 0), writeBits: elements * bits };
  const result = opResult({
    name: op.name,
    kind: 'vector',
    m: out.rows / stackedHeads,
    k: 0,
    n: out.cols,
    dataflow: setup.dataflow,
    rows: setup.rows,
    cols: setup.cols,
    pe: 'vector',
    gating: setup.gating,
    instances: stackedHeads,
    folds: 0,
    cycles: Math.ceil(elements / setup.cols),
    ...idleArray(setup.rows * setup.cols, sramEnergyPj(setup.tech, sram.readBits + sram.writeBits)),
    sram,
  });
  chargeEdge(result, setup.tech, counts);
  return { results: [result], outputs, measured };
}
