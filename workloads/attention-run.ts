// The attention block as a schedule of ops over the engine, in either order (docs/workloads.md):
//   before: codes are dequantized to the float PE's format at the array edge, float MACs, requantized after
//           each op (float multiply, round, clamp);
//   after:  codes go straight into integer PEs; bias in the accumulator domain; zero points corrected exactly
//           with rank-1 terms; integer requantization (fixed-point multiply and shift) between ops; one
//           dequantization at the end.
// Both execute the same quantized model (QuantModel). Every op carries its edge and vector-unit operations.
import type { Gating } from '../dataflow/array-run.js';
import type { DataflowName } from '../dataflow/fold-plan.js';
import { FLOAT_FORMATS } from '../pe/float-format.js';
import type { PeSpec } from '../pe/pe-model.js';
import { accuracyOf, type Accuracy } from '../sim/accuracy.js';
import { InputError } from '../core/input-error.js';
import type { EdgeCounts } from '../sim/edge-units.js';
import { matrix, transpose, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { chargeEdge, mergeOps } from '../sim/merge-ops.js';
import { sramEnergyPj } from '../sim/power-model.js';
import { simulateGemm, type EngineName, type OpKind, type OpResult } from '../sim/simulate-gemm.js';
import type { Tech } from '../sim/tech.js';
import { columns, type AttentionBlock, type ReferenceForward } from './attention-block.js';
import { colSums, correctZeroPoints } from './zero-point.js';
import { applyFixed, fixedMultiplier, type FixedMultiplier } from './fixed-point.js';
import { TRANSFORM_BITS } from './quant/framequant.js';
import { dequantizeUniform, type UniformQuantizer } from './quant/uniform.js';
import type { LinearWeights, QuantModel } from './quant-model.js';
import { base2Softmax, floatSoftmax, type SoftmaxKind } from './softmax.js';

export type Order = 'before' | 'after';
export type AfterPe = 'int' | 'shift' | 'lut';
export const AFTER_PES: readonly AfterPe[] = ['int', 'shift', 'lut'];
export const ORDERS: readonly Order[] = ['before', 'after'];

export interface ArraySetup {
  rows: number;
  cols: number;
  dataflow: DataflowName;
  gating: Gating;
  tech: Tech;
  clockMhz: number;
  /** Float PE format of the `before` order. */
  floatPe: 'fp16' | 'bf16' | 'fp32';
  softmax: SoftmaxKind;
  engine?: EngineName;
  /**
   * Integer PEs of the dequant-after order: `int` multipliers; `shift` for P·V (V shifted by P's log2/SULQ code,
   * int elsewhere); `lut` lookup tables of code products for every op (codes of at most 4 bits).
   */
  afterPe?: AfterPe;
}

/** Codes of one requantization from the integer path and from a float64 emulation of the same quantized model. */
export interface RequantCheck {
  name: string;
  intCodes: Float64Array;
  floatCodes: Float64Array;
}

export interface AttentionRun {
  order: Order;
  ops: OpResult[];
  y: Matrix;
  accuracy: Accuracy;
  checks: RequantCheck[];
}

const map = (m: Matrix, f: (v: number, i: number) => number): Matrix => ({ rows: m.rows, cols: m.cols, data: m.data.map(f) });
const clamp = (v: number, q: UniformQuantizer) => (v < q.qmin ? q.qmin : v > q.qmax ? q.qmax : v);

function setColumns(into: Matrix, from: number, m: Matrix): void {
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) into.data[r * into.cols + from + c] = m.data[r * m.cols + c] as number;
}

function stackRows(ms: Matrix[]): Float64Array {
  const out = new Float64Array(ms.reduce((n, m) => n + m.data.length, 0));
  let at = 0;
  for (const m of ms) {
    out.set(m.data, at);
    at += m.data.length;
  }
  return out;
}

/** The softmax vector unit as an op: lanes = array columns, one element per lane per cycle. */
function vectorOp(name: string, setup: ArraySetup, elements: number, instances: number, counts: EdgeCounts, inBits: number, outBits: number, tokens: number): OpResult {
  const pes = setup.rows * setup.cols;
  const zeros = () => new Array<number>(pes).fill(0);
  const sram = { reads: elements, writes: elements, readBits: elements * inBits, writeBits: elements * outBits };
  const sramPj = sramEnergyPj(setup.tech, sram.readBits + sram.writeBits);
  const op: OpResult = {
    name,
    kind: 'vector',
    m: tokens,
    k: 0,
    n: tokens,
    dataflow: setup.dataflow,
    rows: setup.rows,
    cols: setup.cols,
    pe: 'vector',
    gating: setup.gating,
    instances,
    folds: 0,
    cycles: Math.ceil(elements / setup.cols),
    macs: 0,
    utilization: 0,
    overflows: { pe: 0, edge: 0 },
    toggles: { aReg: 0, bReg: 0, accReg: 0, product: 0, ppArray: 0 },
    energyPj: { registers: 0, multiplier: 0, adder: 0, clock: 0, leakage: 0, sram: sramPj, edge: 0, total: sramPj },
    edge: {},
    perPe: { energyPj: zeros(), macs: zeros(), activeCycles: zeros(), toggles: { aReg: zeros(), bReg: zeros(), accReg: zeros(), product: zeros(), ppArray: zeros() } },
    sram,
    accuracy: { cosine: 1, relL2: 0, maxAbs: 0 },
  };
  chargeEdge(op, setup.tech, counts);
  return op;
}

export function runAttention(block: AttentionBlock, ref: ReferenceForward, qm: QuantModel, order: Order, setup: ArraySetup): AttentionRun {
  return order === 'before' ? runBefore(block, ref, qm, setup) : runAfter(block, ref, qm, setup);
}

function gemmOn(setup: ArraySetup, name: string, kind: OpKind, a: Matrix, b: Matrix, pe: PeSpec) {
  // Op accuracy is measured against the block's own float64 reference (withAccuracy), not per GEMM.
  return simulateGemm({ a, b, pe, name, kind, dataflow: setup.dataflow, rows: setup.rows, cols: setup.cols, gating: setup.gating, tech: setup.tech, clockMhz: setup.clockMhz, engine: setup.engine ?? 'fast', accuracy: false });
}

function withAccuracy(op: OpResult, got: ArrayLike<number>, want: ArrayLike<number>): OpResult {
  op.accuracy = accuracyOf(got, want);
  return op;
}

function runBefore(block: AttentionBlock, ref: ReferenceForward, qm: QuantModel, setup: ArraySetup): AttentionRun {
  const { tokens: T, dim: D, heads: H } = block.shape;
  const dh = D / H;
  const fmt = FLOAT_FORMATS[setup.floatPe];
  const pe: PeSpec = { kind: 'float', format: setup.floatPe, acc: 'fp32' };
  const mulOp = setup.floatPe === 'fp32' ? 'fp32Mul' : 'fp16Mul';
  const f32 = Math.fround;
  const toFmt = (m: Matrix) => map(m, fmt.round);
  // Dequantization at the edge: each word read into the array is converted and scaled.
  const dequantCost = (op: OpResult): EdgeCounts => ({ intToFloat: op.sram.reads, [mulOp]: op.sram.reads });
  const requant = (real: number, q: UniformQuantizer) => clamp(Math.round(f32(real * f32(1 / (q.scale[0] as number)))) + (q.zero[0] as number), q);
  const requantCost = (n: number): EdgeCounts => ({ fp32Mul: n, floatToInt: n });

  // qkv = X·Wqkvᵀ + b
  const xCodes = quantizeCodes(qm.x, block.x);
  // FrameQuant layers run on their rebuilt dense weights: the frame only changes which weights are representable.
  const qkvRun = gemmOn(setup, 'qkv', 'linear', toFmt(dequantizeUniform(qm.x, xCodes)), toFmt(qm.qkvWeights.dense), pe);
  const qkvOut = map(qkvRun.output, (v, i) => f32(v + (block.weights.qkvBias[i % (3 * D)] as number)));
  const qkvOp = withAccuracy(qkvRun.result, qkvOut.data, ref.qkv.data);
  chargeEdge(qkvOp, setup.tech, { ...dequantCost(qkvOp), fp32Add: T * 3 * D, ...requantCost(T * 3 * D) });
  const qkvCodes = map(qkvOut, (v, i) => {
    const c = i % (3 * D);
    return requant(v, c < D ? qm.q : c < 2 * D ? qm.k : qm.v);
  });

  const qkParts: OpResult[] = [];
  const pvParts: OpResult[] = [];
  const softmaxCounts: EdgeCounts = {};
  const sReal: Matrix[] = [];
  const pHat: Matrix[] = [];
  const oCodes = matrix(T, D);
  const oReal = matrix(T, D);
  for (let h = 0; h < H; h++) {
    const q = toFmt(dequantizeUniform(qm.q, columns(qkvCodes, h * dh, dh)));
    const k = toFmt(dequantizeUniform(qm.k, columns(qkvCodes, D + h * dh, dh)));
    const v = toFmt(dequantizeUniform(qm.v, columns(qkvCodes, 2 * D + h * dh, dh)));
    const qk = gemmOn(setup, 'qk', 'matmul', q, transpose(k), pe);
    chargeEdge(qk.result, setup.tech, dequantCost(qk.result));
    qkParts.push(qk.result);
    const scale = 1 / Math.sqrt(dh);
    sReal.push(map(qk.output, (x) => x * scale));
    let sm;
    if (setup.softmax === 'float') {
      sm = floatSoftmax(qk.output, scale);
    } else {
      // The base-2 unit takes fixed-point inputs: S on a 2^−10 grid.
      const step = 2 ** -10;
      sm = base2Softmax(map(qk.output, (x) => Math.round(x / step)), step * scale);
      sm.counts.floatToInt = (sm.counts.floatToInt ?? 0) + T * T;
    }
    const pCodes = map(sm.p, (x) => qm.p.quantize(x));
    pHat.push(map(pCodes, (c) => qm.p.values[c] as number));
    addTo(softmaxCounts, sm.counts, { fp32Mul: T * T, floatToInt: T * T });
    const pv = gemmOn(setup, 'pv', 'matmul', map(pCodes, (c) => fmt.round(qm.p.values[c] as number)), v, pe);
    chargeEdge(pv.result, setup.tech, { ...dequantCost(pv.result), ...requantCost(T * dh) });
    pvParts.push(pv.result);
    setColumns(oReal, h * dh, pv.output);
    setColumns(oCodes, h * dh, map(pv.output, (x) => requant(x, qm.o)));
  }
  const proj = gemmOn(setup, 'proj', 'linear', toFmt(dequantizeUniform(qm.o, oCodes)), toFmt(qm.projWeights.dense), pe);
  const y = map(proj.output, (v, i) => f32(v + (block.weights.projBias[i % D] as number)));
  chargeEdge(proj.result, setup.tech, { ...dequantCost(proj.result), fp32Add: T * D });
  const ops = blockOps(setup, ref, qm, { qkvOps: [qkvOp], qkParts, sReal, softmaxCounts, pHat, pvParts, oReal, projOps: [proj.result], y });
  return { order: 'before', ops, y, accuracy: accuracyOf(y.data, ref.y.data), checks: [] };
}

/**
 * The block's ops in order (five, or seven with FrameQuant's transforms before qkv and proj), each with its
 * accuracy against the float64 reference of the same op.
 */
function blockOps(
  setup: ArraySetup,
  ref: ReferenceForward,
  qm: QuantModel,
  parts: { qkvOps: OpResult[]; qkParts: OpResult[]; sReal: Matrix[]; softmaxCounts: EdgeCounts; pHat: Matrix[]; pvParts: OpResult[]; oReal: Matrix; projOps: OpResult[]; y: Matrix },
): OpResult[] {
  const T = ref.qkv.rows;
  const H = ref.heads.length;
  const projOp = parts.projOps.at(-1)!;
  return [
    ...parts.qkvOps,
    withAccuracy(mergeOps('qk', 'matmul', parts.qkParts), stackRows(parts.sReal), stackRows(ref.heads.map((x) => x.s))),
    withAccuracy(vectorOp('softmax', setup, H * T * T, H, parts.softmaxCounts, 32, qm.p.bits, T), stackRows(parts.pHat), stackRows(ref.heads.map((x) => x.p))),
    withAccuracy(mergeOps('pv', 'matmul', parts.pvParts), parts.oReal.data, ref.o.data),
    ...parts.projOps.slice(0, -1),
    withAccuracy(projOp, parts.y.data, ref.y.data),
  ];
}

/** The shift PE for P·V: P's codes select shifts of V (SULQ's −η is corrected at the edge like the int path's). */
function shiftPe(qm: QuantModel, abits: number, signed: boolean): PeSpec {
  if (!qm.p.exponents) throw new InputError(`pe: shift needs power-of-two probabilities; allowed with --pquant log2 or sulq, not ${qm.p.kind}`);
  // The int operand of a code is 2^shift (or 0 when flushed): the shift PE computes the same accumulators.
  const shifts = Array.from(qm.p.intOperand.ints, (x) => (x > 0 ? Math.log2(x) : -1));
  return { kind: 'shift', codeBits: qm.p.bits, shifts, bBits: abits, bSigned: signed, overflow: 'wrap' };
}

function lutPe(aValues: number[], bValues: number[], table?: number[]): PeSpec {
  if (aValues.length > 16 || bValues.length > 16) {
    throw new InputError(`pe: lut needs codes of at most 4 bits (16 table rows per operand); lower --wbits, --abits or --pbits`);
  }
  return { kind: 'lut', aValues, bValues, ...(table && { table }), overflow: 'wrap' };
}

/** P·V on lookup tables: P's codes index the table, whose entries are P's integer operand times V's code. */
function pvLutPe(qm: QuantModel, vValues: number[]): PeSpec {
  const ints = qm.p.intOperand.ints;
  const codes = Array.from(ints, (_, c) => c);
  const bBits = Math.max(1, Math.ceil(Math.log2(vValues.length)));
  const table = new Array<number>(2 ** (Math.max(1, Math.ceil(Math.log2(codes.length))) + bBits)).fill(0);
  codes.forEach((c) => vValues.forEach((v, j) => (table[(c << bBits) | j] = (ints[c] as number) * v)));
  return lutPe(codes, vValues, table);
}

function addTo(into: EdgeCounts, ...more: EdgeCounts[]): void {
  for (const m of more) for (const [k, v] of Object.entries(m)) into[k as keyof EdgeCounts] = (into[k as keyof EdgeCounts] ?? 0) + (v as number);
}

function quantizeCodes(q: UniformQuantizer, x: Matrix): Matrix {
  return map(x, (v, i) => {
    const g = q.perChannel ? i % x.cols : 0;
    return clamp(Math.round(v / (q.scale[g] as number)) + (q.zero[g] as number), q);
  });
}

function runAfter(block: AttentionBlock, ref: ReferenceForward, qm: QuantModel, setup: ArraySetup): AttentionRun {
  const { tokens: T, dim: D, heads: H } = block.shape;
  const dh = D / H;
  const { wbits, abits } = qm.settings;
  const sym = qm.settings.zeroPoints === 'symmetric';
  const range = (bits: number, signed: boolean) => Array.from({ length: 2 ** bits }, (_, i) => (signed ? i - 2 ** (bits - 1) : i));
  // An int multiplier on codes, or (--pe lut) a lookup table of their products.
  const intPe = (aBits: number, aSigned: boolean, bBits: number, bSigned: boolean): PeSpec =>
    setup.afterPe === 'lut' ? lutPe(range(aBits, aSigned), range(bBits, bSigned)) : { kind: 'int', aBits, bBits, aSigned, bSigned, overflow: 'wrap' };
  const checks: RequantCheck[] = [];
  const [sq, zq, sk, zk, sv, zv] = [qm.q.scale[0]!, qm.q.zero[0]!, qm.k.scale[0]!, qm.k.zero[0]!, qm.v.scale[0]!, qm.v.zero[0]!];

  // Requantize accumulators to codes of `out` (per column c): the integer path applies a fixed-point multiplier to
  // the accumulator; the float emulation rounds the exact real value of the same quantized model.
  const requantize = (name: string, acc: Matrix, accBits: number, accScale: (c: number) => number, real: Matrix, out: (c: number) => UniformQuantizer) => {
    const fixed = new Map<number, FixedMultiplier>();
    const intCodes = new Float64Array(acc.data.length);
    const floatCodes = new Float64Array(acc.data.length);
    for (let i = 0; i < acc.data.length; i++) {
      const c = i % acc.cols;
      const q = out(c);
      let f = fixed.get(c);
      if (!f) fixed.set(c, (f = fixedMultiplier(accScale(c) / (q.scale[0] as number), accBits)));
      intCodes[i] = clamp(applyFixed(acc.data[i] as number, f) + (q.zero[0] as number), q);
      floatCodes[i] = clamp(Math.round((real.data[i] as number) / (q.scale[0] as number)) + (q.zero[0] as number), q);
    }
    checks.push({ name, intCodes, floatCodes });
    return { rows: acc.rows, cols: acc.cols, data: intCodes };
  };
  const requantCost = (n: number): EdgeCounts => ({ int32Mul: n, int32Add: 2 * n });

  // A linear layer's accumulators (A − z_a)·Ŵ in units of scale(c), from codes of A (quantizer aq, float64 value
  // aReal). FrameQuant first runs the transform GEMM (A − z_a)·T̂ᵀ on int8 PEs and requantizes it to codes of x·Tᵀ,
  // then the b-bit GEMM, whose half-integer zero point is corrected exactly in half units.
  const linear = (name: string, aCodes: Matrix, aq: UniformQuantizer, aReal: Matrix, w: LinearWeights) => {
    const [sa, za] = [aq.scale[0]!, aq.zero[0]!];
    if (w.uniform) {
      const { quantizer, codes } = w.uniform;
      const run = gemmOn(setup, name, 'linear', aCodes, codes, intPe(abits, sym, wbits, true));
      const z = correctZeroPoints(run.output, aCodes, codes, za, 0, true);
      chargeEdge(run.result, setup.tech, z.counts);
      return { ops: [run.result], acc: z.acc, scale: (c: number) => sa * (quantizer.scale[c] as number), accBits: run.pe.accBits + 1 };
    }
    const f = w.frame!;
    // The transform's codes are 8-bit whatever --pe says: a lookup table of 2^(b+8) entries is not a PE.
    const transformPe: PeSpec = { kind: 'int', aBits: abits, aSigned: sym, bBits: TRANSFORM_BITS, bSigned: true, overflow: 'wrap' };
    const tr = gemmOn(setup, `${name}-frame`, 'linear', aCodes, f.transformCodes, transformPe);
    const tz = correctZeroPoints(tr.output, aCodes, f.transformCodes, za, 0, true);
    const tScale = (c: number) => sa * (f.transform.scale[c] as number);
    const xfReal = map(tz.acc, (v, i) => tScale(i % f.frame.size) * v);
    const xf = requantize(`${name}-frame`, tz.acc, tr.pe.accBits + 1, tScale, xfReal, () => f.act);
    withAccuracy(tr.result, xfReal.data, referenceGemm(aReal, transpose(f.frame.transform)).data);
    chargeEdge(tr.result, setup.tech, tz.counts);
    chargeEdge(tr.result, setup.tech, requantCost(xf.data.length));
    const run = gemmOn(setup, name, 'linear', xf, f.codes, intPe(abits, sym, f.bits, false));
    const z = correctZeroPoints(run.output, xf, f.codes, f.act.zero[0]!, f.zero, true);
    chargeEdge(run.result, setup.tech, z.counts);
    const sxf = f.act.scale[0]!;
    return { ops: [tr.result, run.result], acc: map(z.acc, (v) => 2 * v), scale: (c: number) => (sxf * (f.scale[c] as number)) / 2, accBits: run.pe.accBits + 2 };
  };

  // qkv: bias enters the accumulator as round(b / scale); the float emulation adds b exactly.
  const xCodes = quantizeCodes(qm.x, block.x);
  const qkv = linear('qkv', xCodes, qm.x, block.x, qm.qkvWeights);
  const qkvBias = (c: number) => block.weights.qkvBias[c] as number;
  const qkvAcc = map(qkv.acc, (v, i) => v + Math.round(qkvBias(i % (3 * D)) / qkv.scale(i % (3 * D))));
  const qkvReal = map(qkv.acc, (v, i) => qkv.scale(i % (3 * D)) * v + qkvBias(i % (3 * D)));
  const qkvCodes = requantize('qkv', qkvAcc, qkv.accBits, qkv.scale, qkvReal, (c) => (c < D ? qm.q : c < 2 * D ? qm.k : qm.v));
  const qkvOp = withAccuracy(qkv.ops.at(-1)!, qkvReal.data, ref.qkv.data);
  chargeEdge(qkvOp, setup.tech, { int32Add: T * 3 * D }); // bias
  chargeEdge(qkvOp, setup.tech, requantCost(T * 3 * D));

  const qkParts: OpResult[] = [];
  const pvParts: OpResult[] = [];
  const softmaxCounts: EdgeCounts = {};
  const sReal: Matrix[] = [];
  const pHat: Matrix[] = [];
  const oAcc = matrix(T, D);
  const oReal = matrix(T, D);
  const pOp = qm.p.intOperand;
  let pvAccBits = 0;
  for (let h = 0; h < H; h++) {
    const q = columns(qkvCodes, h * dh, dh);
    const kT = transpose(columns(qkvCodes, D + h * dh, dh));
    const v = columns(qkvCodes, 2 * D + h * dh, dh);
    // S = (Q − z_q)(K − z_k)ᵀ, corrected at the edge with rank-1 terms.
    const qk = gemmOn(setup, 'qk', 'matmul', q, kT, intPe(abits, sym, abits, sym));
    const { acc: s, counts: qkCorrections } = correctZeroPoints(qk.output, q, kT, zq, zk);
    chargeEdge(qk.result, setup.tech, qkCorrections);
    qkParts.push(qk.result);
    const sScale = (sq * sk) / Math.sqrt(dh);
    sReal.push(map(s, (x) => x * sScale));
    const sm = setup.softmax === 'float' ? floatSoftmax(s, sScale) : base2Softmax(s, sScale);
    if (setup.softmax === 'float') sm.counts.intToFloat = (sm.counts.intToFloat ?? 0) + T * T;
    addTo(softmaxCounts, sm.counts, { fp32Mul: T * T, floatToInt: T * T });
    const pCodes = map(sm.p, (x) => qm.p.quantize(x));
    pHat.push(map(pCodes, (c) => qm.p.values[c] as number));
    // O = P̂·(V − z_v) with P̂ = s_P·P_int + offset (offset = −η for SULQ): the zero-point correction, then the
    // offset's rank-1 term offset·colsum(V − z_v), added in accumulator units (one multiply per column).
    const pInt = map(pCodes, (c) => pOp.ints[c] as number);
    const pv =
      setup.afterPe === 'shift'
        ? gemmOn(setup, 'pv', 'matmul', pCodes, v, shiftPe(qm, abits, sym))
        : setup.afterPe === 'lut'
          ? gemmOn(setup, 'pv', 'matmul', pCodes, v, pvLutPe(qm, range(abits, sym)))
          : gemmOn(setup, 'pv', 'matmul', pInt, v, intPe(pOp.bits, false, abits, sym));
    pvAccBits = pv.pe.accBits;
    const pvZ = correctZeroPoints(pv.output, pInt, v, 0, zv);
    const vSum = colSums(map(v, (x) => x - zv));
    const offsetAcc = (j: number) => Math.round((pOp.offset / pOp.scale) * (vSum[j] as number));
    chargeEdge(pv.result, setup.tech, pvZ.counts);
    if (pOp.offset !== 0) chargeEdge(pv.result, setup.tech, { int32Add: 2 * T * dh, int32Mul: dh });
    chargeEdge(pv.result, setup.tech, requantCost(T * dh));
    pvParts.push(pv.result);
    setColumns(oAcc, h * dh, map(pvZ.acc, (x, i) => x + offsetAcc(i % dh)));
    setColumns(oReal, h * dh, map(pvZ.acc, (x, i) => pOp.scale * sv * x + pOp.offset * sv * (vSum[i % dh] as number)));
  }
  const oCodes = requantize('pv', oAcc, pvAccBits + 1, () => pOp.scale * sv, oReal, () => qm.o);

  // proj, then the one dequantization: Y = s_o·s_w·((O − z_o)·W + round(b / (s_o·s_w))).
  const proj = linear('proj', oCodes, qm.o, ref.o, qm.projWeights);
  const projBias = (c: number) => block.weights.projBias[c] as number;
  const y = map(proj.acc, (v, i) => Math.fround(proj.scale(i % D) * (v + Math.round(projBias(i % D) / proj.scale(i % D)))));
  chargeEdge(proj.ops.at(-1)!, setup.tech, { int32Add: T * D, intToFloat: T * D, fp32Mul: T * D });
  const ops = blockOps(setup, ref, qm, { qkvOps: qkv.ops, qkParts, sReal, softmaxCounts, pHat, pvParts, oReal, projOps: proj.ops, y });
  return { order: 'after', ops, y, accuracy: accuracyOf(y.data, ref.y.data), checks };
}
