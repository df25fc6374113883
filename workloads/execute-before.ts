// The dequant-before order (docs/workloads.md): codes are dequantized to the float PE's format at the array edge,
// float MACs, the bias added in fp32, and outputs requantized by the edge's float unit (multiply, round, clamp).
import type { Matrix } from '../core/matrix.js';
import { FLOAT_FORMATS } from '../pe/float-format.js';
import type { PeSpec } from '../pe/pe-model.js';
import { addCounts, type EdgeCounts } from '../sim/edge-units.js';
import { chargeEdge } from '../sim/merge-ops.js';
import type { OpResult } from '../sim/op-result.js';
import { gemmInput, gemmOn, type ArraySetup } from './array-setup.js';
import type { OpStep, OrderExecutor, RunContext } from './executor.js';
import { joinHeads, runHeads, stackedHeadsOut } from './heads.js';
import type { OpOutput } from './ops.js';
import { asUniform, valueOf, type ActivationQuantizer } from './quant-model.js';
import { codeParts, columnQuantizers, mapMatrix } from './tensors.js';

const f32 = Math.fround;

const floatPe = (setup: ArraySetup): PeSpec => ({ kind: 'float', format: setup.floatPe, acc: 'fp32' });
const toFormat = (setup: ArraySetup, m: Matrix) => mapMatrix(m, FLOAT_FORMATS[setup.floatPe].round);
/** The edge's dequantizer: each code's value in the PE's format. */
const dequantized = (setup: ArraySetup, codes: Matrix, q: ActivationQuantizer) => toFormat(setup, mapMatrix(codes, (c) => valueOf(q, c)));

/**
 * Edge costs of one GEMM as one charge: the dequantization of every word read into the array, the bias adds and
 * the requantization of `outputs` values (added, not spread: with fp32 PEs both the dequantizer and the requantizer
 * multiply in fp32).
 */
function edgeCost(setup: ArraySetup, op: OpResult, output: OpOutput, outputs: number, bias: boolean): EdgeCounts {
  const reads = op.sram.reads;
  const counts: EdgeCounts = { intToFloat: reads, [setup.floatPe === 'fp32' ? 'fp32Mul' : 'fp16Mul']: reads };
  if (bias) addCounts(counts, { fp32Add: outputs });
  if (output.as === 'codes') addCounts(counts, { fp32Mul: outputs, floatToInt: outputs });
  return counts;
}

/** An op's output from its fp32 results in units of `scale`. */
function outputStep(output: OpOutput, results: OpResult[], acc: Matrix, scale: number, stackedHeads: number, ctx: RunContext): OpStep {
  const real = mapMatrix(acc, (v) => v * scale);
  if (output.as === 'accumulators') return { results, outputs: [[output.tensor, { kind: 'accumulators', acc, scale, stackedHeads }]], measured: real };
  if (output.as === 'float') return { results, outputs: [[output.tensor, { kind: 'float', values: real }]], measured: real };
  const quantizerAt = columnQuantizers(output, real.cols, ctx.model);
  const codes = mapMatrix(real, (v, i) => {
    const q = asUniform(quantizerAt(i % real.cols), output.tensor);
    const c = Math.round(f32(v * f32(1 / (q.scale[0] as number)))) + (q.zero[0] as number);
    return c < q.qmin ? q.qmin : c > q.qmax ? q.qmax : c;
  });
  return { results, outputs: codeParts(output, codes, stackedHeads, ctx.model), measured: real };
}

export const BEFORE: OrderExecutor = {
  order: 'before',

  linear(op, x, w, ctx) {
    const { setup } = ctx;
    // FrameQuant layers run on their rebuilt dense weights: the frame only changes which weights are representable.
    const run = gemmOn(setup, op.name, 'linear', dequantized(setup, x.codes, x.quantizer), toFormat(setup, w.dense), floatPe(setup));
    const n = run.output.cols;
    const y = mapMatrix(run.output, (v, i) => f32(v + (w.bias[i % n] as number)));
    chargeEdge(run.result, setup.tech, edgeCost(setup, run.result, op.output, y.data.length, true));
    return outputStep(op.output, [run.result], y, 1, 1, ctx);
  },

  matmul(op, a, b, ctx) {
    const { setup } = ctx;
    const { result, parts } = runHeads(op, a, b, (aHead, bHead) => ({
      gemm: gemmInput(setup, op.name, 'matmul', dequantized(setup, aHead, a.quantizer), dequantized(setup, bHead, b.quantizer), floatPe(setup)),
      finish: (run) => {
        chargeEdge(run.result, setup.tech, edgeCost(setup, run.result, op.output, run.output.data.length, false));
        return { result: run.result, acc: run.output };
      },
    }));
    const acc = joinHeads(parts.map((p) => p.acc), op.joinHeads, op.images);
    return outputStep(op.output, [result], acc, 1 / op.divisor, stackedHeadsOut(op), ctx);
  },
};
