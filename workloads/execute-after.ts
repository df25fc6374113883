// The dequant-after order (docs/workloads.md): codes go straight into integer PEs; zero points are corrected
// exactly with rank-1 terms at the edge; the bias is added on the finer of the accumulator's and the output's grid;
// outputs are requantized by a fixed-point multiply and shift; one dequantization at the end.
import { transpose, type Matrix } from '../core/matrix.js';
import { accuracyOf } from '../sim/accuracy.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import { chargeEdge } from '../sim/merge-ops.js';
import type { OpResult } from '../sim/op-result.js';
import type { GemmRun } from '../sim/simulate-gemm.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { gemmInput, gemmOn, type ArraySetup } from './array-setup.js';
import { afterPe, intPe, type CodeWidth, type IntOperand, type PeChoice } from './after-pes.js';
import { referenceOf, type OpStep, type OrderExecutor, type RunContext } from './executor.js';
import { joinHeads, runHeads, stackedHeadsOut } from './heads.js';
import type { LinearOp, OpOutput } from './ops.js';
import { TRANSFORM_BITS, type FrameQuantLayer } from './quant/framequant.js';
import type { UniformQuantizer } from './quant/uniform.js';
import { requantCost, requantize, type Accumulated } from './requantize.js';
import { asUniform, isCodebook, type ActivationQuantizer, type LinearWeights } from './quant-model.js';
import { codeParts, columnQuantizers, mapMatrix } from './tensors.js';
import { colSums, correctZeroPoints } from './zero-point.js';

/** Edge charges of `n` outputs, each count one charge: the bias adder before the requantizer; the final dequantizer adds, converts and scales in one unit. */
function outputCharges(output: OpOutput, n: number, bias: boolean): EdgeCounts[] {
  if (output.as === 'float') return [{ ...(bias && { int32Add: n }), intToFloat: n, fp32Mul: n }];
  return [...(bias ? [{ int32Add: n }] : []), ...(output.as === 'codes' ? [requantCost(n)] : [])];
}

function charge(setup: ArraySetup, op: OpResult, charges: EdgeCounts[]): void {
  for (const counts of charges) chargeEdge(op, setup.tech, counts);
}

function operandOf(codes: Matrix, q: ActivationQuantizer): IntOperand {
  if (!isCodebook(q)) return { ints: codes, bits: q.bits, signed: q.symmetric, zero: q.zero[0] as number, scale: q.scale[0] as number, offset: 0 };
  const { ints, bits, scale, offset } = q.intOperand;
  return { ints: mapMatrix(codes, (c) => ints[c] as number), bits, signed: false, zero: 0, scale, offset, codebook: { quantizer: q, codes } };
}

/** An op's output from its accumulators. */
function outputStep(name: string, output: OpOutput, results: OpResult[], from: Accumulated, stackedHeads: number, ctx: RunContext): OpStep {
  const cols = from.acc.cols;
  if (output.as === 'float') {
    const y = mapMatrix(from.acc, (v, i) => Math.fround(from.scale(i % cols) * v));
    return { results, outputs: [[output.tensor, { kind: 'float', values: y }]], measured: y };
  }
  // Only matmuls keep accumulators (LinearOp excludes them): per-tensor operands, so one scale.
  if (output.as === 'accumulators') return { results, outputs: [[output.tensor, { kind: 'accumulators', acc: from.acc, scale: from.scale(0), stackedHeads }]], measured: from.real };
  const quantizerAt = columnQuantizers(output, cols, ctx.model);
  const codes = requantize(name, from, (c) => asUniform(quantizerAt(c), output.tensor), ctx.checks);
  return { results, outputs: codeParts(output, codes, stackedHeads, ctx.model), measured: from.real };
}

/** B operand of a linear GEMM: weight codes with per-column scales. */
interface IntWeights extends CodeWidth {
  codes: Matrix;
  zero: number;
  scale: Float64Array;
}

/** A linear GEMM on codes with its zero points corrected at the edge (the weights' column sums are computed offline). */
function intLinear(setup: ArraySetup, name: string, a: IntOperand, w: IntWeights, choice: PeChoice): { result: OpResult } & Omit<Accumulated, 'real'> {
  const run = gemmOn(setup, name, 'linear', choice.a, w.codes, choice.pe);
  const z = correctZeroPoints(run.output, a.ints, w.codes, a.zero, w.zero, true);
  chargeEdge(run.result, setup.tech, z.counts);
  if (Number.isInteger(w.zero)) return { result: run.result, acc: z.acc, scale: (c) => a.scale * (w.scale[c] as number), accBits: run.pe.accBits + 1 };
  // A half-integer zero point (FrameQuant's (2^b − 1)/2) leaves half units: doubled, at half the scale.
  return { result: run.result, acc: mapMatrix(z.acc, (v) => 2 * v), scale: (c) => (a.scale * (w.scale[c] as number)) / 2, accBits: run.pe.accBits + 2 };
}

/**
 * FrameQuant's transform x·Tᵀ before a linear layer: a GEMM on int8 codes of T whatever --pe says (a lookup table of
 * 2^(b+8) entries is not a PE), requantized to codes of the transformed activations' quantizer.
 */
function frameTransform(op: LinearOp, x: IntOperand, frame: FrameQuantLayer & { act: UniformQuantizer }, ctx: RunContext): { result: OpResult; operand: IntOperand } {
  const name = `${op.name}-frame`;
  const t: IntWeights = { codes: frame.transformCodes, bits: TRANSFORM_BITS, signed: true, zero: 0, scale: frame.transform.scale };
  const run = intLinear(ctx.setup, name, x, t, { pe: intPe(x, t), a: x.ints });
  const real = mapMatrix(run.acc, (v, i) => run.scale(i % run.acc.cols) * v);
  const codes = requantize(name, { ...run, real }, () => frame.act, ctx.checks);
  run.result.accuracy = accuracyOf(real.data, referenceGemm(referenceOf(ctx, op.input), transpose(frame.frame.transform)).data);
  chargeEdge(run.result, ctx.setup.tech, requantCost(codes.data.length));
  return { result: run.result, operand: operandOf(codes, frame.act) };
}

function weightCodes(w: LinearWeights): IntWeights {
  if (w.frame) return { codes: w.frame.codes, bits: w.frame.bits, signed: false, zero: w.frame.zero, scale: w.frame.scale };
  const { quantizer, codes } = w.uniform!;
  return { codes, bits: quantizer.bits, signed: quantizer.symmetric, zero: 0, scale: quantizer.scale };
}

export const AFTER: OrderExecutor = {
  order: 'after',

  linear(op, x, w, ctx) {
    const { setup } = ctx;
    const input = operandOf(x.codes, x.quantizer);
    const transform = w.frame && frameTransform(op, input, w.frame, ctx);
    const a = transform ? transform.operand : input;
    const b = weightCodes(w);
    const run = intLinear(setup, op.name, a, b, afterPe(setup.afterPe, a, b));
    const n = run.acc.cols;
    const bias = (c: number) => w.bias[c] as number;
    // The bias is added on the finer grid: the accumulator's as round(b / scale), or (outputs finer than a low-bit
    // product's grid: 16-bit codes) the output's, as an offset after the requantizer's multiply. The float emulation adds b exactly.
    const output = op.output;
    const outScale = output.as === 'codes' ? columnQuantizers(output, n, ctx.model) : undefined;
    const inAcc = (c: number) => !outScale || run.scale(c) <= (asUniform(outScale(c), output.tensor).scale[0] as number);
    const acc = mapMatrix(run.acc, (v, i) => v + (inAcc(i % n) ? Math.round(bias(i % n) / run.scale(i % n)) : 0));
    const real = mapMatrix(run.acc, (v, i) => run.scale(i % n) * v + bias(i % n));
    charge(setup, run.result, outputCharges(output, acc.data.length, true));
    const results = transform ? [transform.result, run.result] : [run.result];
    return outputStep(op.name, output, results, { ...run, acc, real, offset: (c) => (inAcc(c) ? 0 : bias(c)) }, 1, ctx);
  },

  matmul(op, aTensor, bTensor, ctx) {
    const { setup } = ctx;
    const bQuantizer = asUniform(bTensor.quantizer, op.b);
    const { result, parts } = runHeads(op, aTensor, bTensor, (aCodes, bCodes) => {
      const a = operandOf(aCodes, aTensor.quantizer);
      const b = operandOf(bCodes, bQuantizer);
      const { pe, a: aMatrix } = afterPe(setup.afterPe, a, b);
      const finish = (run: GemmRun) => {
        const z = correctZeroPoints(run.output, a.ints, b.ints, a.zero, b.zero);
        chargeEdge(run.result, setup.tech, z.counts);
        const scale = (a.scale * b.scale) / op.divisor;
        let acc = z.acc;
        let real = mapMatrix(z.acc, (v) => scale * v);
        if (a.offset !== 0) {
          // A = s·A_int + offset (SULQ's −η): the offset's rank-1 term offset·colsum(B − z_b), in accumulator units.
          const bSum = colSums(mapMatrix(b.ints, (v) => v - b.zero));
          const n = z.acc.cols;
          acc = mapMatrix(z.acc, (v, i) => v + Math.round((a.offset / a.scale) * (bSum[i % n] as number)));
          real = mapMatrix(z.acc, (v, i) => scale * v + (a.offset * b.scale * (bSum[i % n] as number)) / op.divisor);
          chargeEdge(run.result, setup.tech, { int32Add: 2 * z.acc.data.length, int32Mul: n });
        }
        charge(setup, run.result, outputCharges(op.output, z.acc.data.length, false));
        return { result: run.result, acc, real, scale, accBits: run.pe.accBits + 1 };
      };
      return { gemm: gemmInput(setup, op.name, 'matmul', aMatrix, b.ints, pe), finish };
    });
    const last = parts.at(-1)!;
    const joined = { acc: joinHeads(parts.map((p) => p.acc), op.joinHeads, op.images), real: joinHeads(parts.map((p) => p.real), op.joinHeads, op.images), scale: () => last.scale, accBits: last.accBits };
    return outputStep(op.name, op.output, [result], joined, stackedHeadsOut(op), ctx);
  },
};
