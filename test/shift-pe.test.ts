// Shift PE (I&S-ViT): the product is V shifted by the code's power of two; SULQ's −η is a rank-1 edge correction.
import { describe, expect, it } from 'vitest';
import { createPe } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { referenceForward, syntheticBlock } from '../workloads/attention-block.js';
import { sulqProb } from '../workloads/quant/prob-quantizer.js';
import { randomIntMatrix, rng } from '../core/random.js';
import { colSums, correctZeroPoints } from '../workloads/zero-point.js';

const spec = (shifts: number[], bBits = 8): PeSpec => ({ kind: 'shift', codeBits: Math.log2(shifts.length), shifts, bBits, bSigned: true, overflow: 'wrap' });

describe('shift PE arithmetic', () => {
  const pe = createPe(spec([0, 3, 15, -1]), 4);
  it.each([
    [0, 5, 5],
    [1, 5, 40],
    [1, -7, -56],
    [2, -128, -128 * 32768],
    [3, 99, 0], // a flushed code
  ])('code %i × %i = %i', (code, b, product) => expect(pe.multiply(code, b)).toBe(product));
  it('rejects a code outside the code range, naming it', () => {
    expect(() => simulateGemm({ a: matrix(1, 1, [4]), b: matrix(1, 1, [1]), pe: spec([0, 3, 15, -1]), dataflow: 'os', rows: 1, cols: 1 })).toThrow('A[0][0]: value 4 is not a 2-bit code; allowed integers 0..3');
  });
});

describe('shift PE GEMMs', () => {
  const next = rng(11);
  const shifts = [15, 14, 12, 9, 5, 0, -1, 3];
  const codes = randomIntMatrix(40, 30, 0, 7, next);
  const v = randomIntMatrix(30, 20, -128, 127, next);
  const pow2 = matrix(40, 30, Array.from(codes.data, (c) => ((shifts[c] as number) < 0 ? 0 : 2 ** (shifts[c] as number))));
  const int16: PeSpec = { kind: 'int', aBits: 16, bBits: 8, aSigned: false, bSigned: true, overflow: 'wrap' };
  it.each(['os', 'ws', 'is'] as const)('%s: bit-exact against multiplying by the power of two', (dataflow) => {
    const shifted = simulateGemm({ a: codes, b: v, pe: spec(shifts), dataflow, rows: 8, cols: 4 });
    expect(Array.from(shifted.output.data)).toEqual(Array.from(referenceGemm(pow2, v).data));
    const multiplied = simulateGemm({ a: pow2, b: v, pe: int16, dataflow, rows: 8, cols: 4 });
    expect(Array.from(shifted.output.data)).toEqual(Array.from(multiplied.output.data));
    // Same accumulators, cheaper datapath: no multiplier array, a 3-bit code register instead of a 16-bit operand.
    expect(shifted.result.energyPj.total).toBeLessThan(multiplied.result.energyPj.total);
  });

  it('with the rank-1 −η correction it equals the dequantized SULQ P·V', () => {
    const block = syntheticBlock({ name: 's', tokens: 30, dim: 32, heads: 2 }, 4);
    const p = referenceForward(block).heads[0]!.p; // 30×30 softmax rows
    const q = sulqProb(4, p.data);
    const pCodes = matrix(30, 30, Array.from(p.data, (x) => q.quantize(x)));
    const vCodes = randomIntMatrix(30, 16, 0, 255, rng(3));
    const [sv, zv] = [0.02, 131];
    const op = q.intOperand;
    const shiftSpec: PeSpec = { kind: 'shift', codeBits: 4, shifts: Array.from(op.ints, (x) => (x > 0 ? Math.log2(x) : -1)), bBits: 8, bSigned: false, overflow: 'wrap' };
    const acc = simulateGemm({ a: pCodes, b: vCodes, pe: shiftSpec, dataflow: 'ws', rows: 8, cols: 8 }).output;
    const pInt = matrix(30, 30, Array.from(pCodes.data, (c) => op.ints[c] as number));
    const corrected = correctZeroPoints(acc, pInt, vCodes, 0, zv).acc;
    const vSum = colSums(matrix(30, 16, Array.from(vCodes.data, (x) => x - zv)));
    const got = Array.from(corrected.data, (x, i) => op.scale * sv * x + op.offset * sv * (vSum[i % 16] as number));
    const pHat = matrix(30, 30, Array.from(pCodes.data, (c) => q.values[c] as number));
    const want = referenceGemm(pHat, matrix(30, 16, Array.from(vCodes.data, (x) => sv * (x - zv)))).data;
    expect(q.eta).toBeGreaterThan(0);
    want.forEach((w, i) => expect(Math.abs((got[i] as number) - w)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(w))));
  });
});
