// A vector op: its unit runs on a GEMM's accumulators beside the idle array, with lanes = array columns (one
// element per lane per cycle), and its output is quantized to codes. Alike in both orders but for the conversion
// of the accumulators it receives.
import { addCounts, type EdgeCounts } from '../sim/edge-units.js';
import { chargeEdge } from '../sim/merge-ops.js';
import { idleArray, opResult } from '../sim/op-result.js';
import { sramEnergyPj } from '../sim/power-model.js';
import type { Order } from './array-setup.js';
import type { OpStep, RunContext } from './executor.js';
import type { VectorOp } from './ops.js';
import { codeOf, quantizerOf, valueOf } from './quant-model.js';
import { codeParts, mapMatrix, tensorOf } from './tensors.js';

/** Bits of an accumulator word the unit reads from SRAM. */
const ACC_BITS = 32;

export function runVectorOp(op: VectorOp, order: Order, ctx: RunContext): OpStep {
  const { setup, model } = ctx;
  const input = tensorOf(ctx.tensors, op.input, 'accumulators');
  const unit = op.unit.implementation(setup, order);
  const elements = input.acc.data.length;
  const counts: EdgeCounts = {};
  let x = input.acc;
  let scale = input.scale;
  // Accumulators arrive as fp32 values (before) or integers (after): one conversion per element where the unit differs.
  if (unit.input.kind === 'int' && order === 'before') {
    const step = unit.input.step;
    x = mapMatrix(x, (v) => Math.round(v / step));
    scale = step * scale;
    counts.floatToInt = elements;
  } else if (unit.input.kind === 'float' && order === 'after') {
    counts.intToFloat = elements;
  }
  const applied = unit.apply(x, scale);
  const q = quantizerOf(model, op.output.tensor);
  const codes = mapMatrix(applied.out, (v) => codeOf(q, v));
  // Quantizing the output takes a multiply and a rounding per element.
  addCounts(counts, applied.counts);
  addCounts(counts, { fp32Mul: elements, floatToInt: elements });
  const sram = { reads: elements, writes: elements, readBits: elements * ACC_BITS, writeBits: elements * q.bits };
  const result = opResult({
    name: op.name,
    kind: 'vector',
    m: x.rows / input.stackedHeads,
    k: 0,
    n: x.cols,
    dataflow: setup.dataflow,
    rows: setup.rows,
    cols: setup.cols,
    pe: 'vector',
    gating: setup.gating,
    instances: input.stackedHeads,
    folds: 0,
    cycles: Math.ceil(elements / setup.cols),
    ...idleArray(setup.rows * setup.cols, sramEnergyPj(setup.tech, sram.readBits + sram.writeBits)),
    sram,
  });
  chargeEdge(result, setup.tech, counts);
  return { results: [result], outputs: codeParts(op.output, codes, input.stackedHeads, model), measured: mapMatrix(codes, (c) => valueOf(q, c)) };
}
