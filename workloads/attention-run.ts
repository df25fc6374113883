// The attention block as a schedule of ops over the engine, in either order (DESIGN §7):
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
import type { EdgeCounts } from '../sim/edge-units.js';
import { matrix, transpose, type Matrix } from '../sim/matrix.js';
import { chargeEdge, mergeOps } from '../sim/merge-ops.js';
import { sramEnergyPj } from '../sim/power-model.js';
import { simulateGemm, type OpKind, type OpResult } from '../sim/simulate-gemm.js';
import type { Tech } from '../sim/tech.js';
import { columns, type AttentionBlock, type ReferenceForward } from './attention-block.js';
import { applyFixed, fixedMultiplier, type FixedMultiplier } from './fixed-point.js';
import { dequantizeUniform, type UniformQuantizer } from './quant/uniform.js';
import type { QuantModel } from './quant-model.js';
import { base2Softmax, floatSoftmax, type SoftmaxKind } from './softmax.js';

export type Order = 'before' | 'after';
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
  return simulateGemm({ a, b, pe, name, kind, dataflow: setup.dataflow, rows: setup.rows, cols: setup.cols, gating: setup.gating, tech: setup.tech, clockMhz: setup.clockMhz });
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
  const qkvRun = gemmOn(setup, 'qkv', 'linear', toFmt(dequantizeUniform(qm.x, xCodes)), toFmt(dequantizeUniform(qm.wqkv, qm.wqkvCodes)), pe);
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
  const proj = gemmOn(setup, 'proj', 'linear', toFmt(dequantizeUniform(qm.o, oCodes)), toFmt(dequantizeUniform(qm.wproj, qm.wprojCodes)), pe);
  const y = map(proj.output, (v, i) => f32(v + (block.weights.projBias[i % D] as number)));
  chargeEdge(proj.result, setup.tech, { ...dequantCost(proj.result), fp32Add: T * D });
  const ops = [
    qkvOp,
    withAccuracy(mergeOps('qk', 'matmul', qkParts), stackRows(sReal), stackRows(ref.heads.map((x) => x.s))),
    withAccuracy(vectorOp('softmax', setup, H * T * T, H, softmaxCounts, 32, qm.p.bits, T), stackRows(pHat), stackRows(ref.heads.map((x) => x.p))),
    withAccuracy(mergeOps('pv', 'matmul', pvParts), oReal.data, ref.o.data),
    withAccuracy(proj.result, y.data, ref.y.data),
  ];
  return { order: 'before', ops, y, accuracy: accuracyOf(y.data, ref.y.data), checks: [] };
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
  const intPe = (aBits: number, aSigned: boolean, bBits: number, bSigned: boolean): PeSpec => ({ kind: 'int', aBits, bBits, aSigned, bSigned, overflow: 'wrap' });
  const actPe = (bBits: number, bSigned: boolean) => intPe(abits, sym, bBits, bSigned);
  const checks: RequantCheck[] = [];
  const sx = qm.x.scale[0] as number;
  const zx = qm.x.zero[0] as number;

  /** acc − z_a·colsum(B) per column (an edge add per output; weight column sums are computed offline). */
  const colSums = (b: Matrix) => {
    const s = new Float64Array(b.cols);
    for (let r = 0; r < b.rows; r++) for (let c = 0; c < b.cols; c++) s[c]! += b.data[r * b.cols + c] as number;
    return s;
  };
  const rowSums = (a: Matrix) => {
    const s = new Float64Array(a.rows);
    for (let r = 0; r < a.rows; r++) for (let c = 0; c < a.cols; c++) s[r]! += a.data[r * a.cols + c] as number;
    return s;
  };

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

  // qkv: bias enters the accumulator as round(b / (s_x·s_w)); the float emulation adds b exactly.
  const xCodes = quantizeCodes(qm.x, block.x);
  const qkv = gemmOn(setup, 'qkv', 'linear', xCodes, qm.wqkvCodes, intPe(abits, sym, wbits, true));
  const wScale = (c: number) => sx * (qm.wqkv.scale[c] as number);
  const wColSum = colSums(qm.wqkvCodes);
  const qkvBias = (c: number) => block.weights.qkvBias[c] as number;
  const qkvAcc = map(qkv.output, (v, i) => {
    const c = i % (3 * D);
    return v - zx * (wColSum[c] as number) + Math.round(qkvBias(c) / wScale(c));
  });
  const qkvReal = map(qkv.output, (v, i) => wScale(i % (3 * D)) * (v - zx * (wColSum[i % (3 * D)] as number)) + qkvBias(i % (3 * D)));
  const qkvCodes = requantize('qkv', qkvAcc, qkv.pe.accBits + 1, wScale, qkvReal, (c) => (c < D ? qm.q : c < 2 * D ? qm.k : qm.v));
  const qkvOp = withAccuracy(qkv.result, qkvReal.data, ref.qkv.data);
  const qkvOutputs = T * 3 * D;
  chargeEdge(qkvOp, setup.tech, { ...requantCost(qkvOutputs), int32Add: 2 * qkvOutputs + (zx !== 0 ? qkvOutputs : 0) + qkvOutputs });

  const qkParts: OpResult[] = [];
  const pvParts: OpResult[] = [];
  const softmaxCounts: EdgeCounts = {};
  const sReal: Matrix[] = [];
  const pHat: Matrix[] = [];
  const oAcc = matrix(T, D);
  const oReal = matrix(T, D);
  const [sq, zq, sk, zk, sv, zv] = [qm.q.scale[0]!, qm.q.zero[0]!, qm.k.scale[0]!, qm.k.zero[0]!, qm.v.scale[0]!, qm.v.zero[0]!];
  const pOp = qm.p.intOperand;
  let pvAccBits = 0;
  for (let h = 0; h < H; h++) {
    const q = columns(qkvCodes, h * dh, dh);
    const kT = transpose(columns(qkvCodes, D + h * dh, dh));
    const v = columns(qkvCodes, 2 * D + h * dh, dh);
    // S = (Q − z_q)(K − z_k)ᵀ = QKᵀ − z_q·1Kᵀ − z_k·Q1ᵀ + z_q·z_k·dh (rank-1 corrections at the edge).
    const qk = gemmOn(setup, 'qk', 'matmul', q, kT, actPe(abits, sym));
    const kSum = colSums(kT);
    const qSum = rowSums(q);
    const s = map(qk.output, (x, i) => x - zq * (kSum[i % T] as number) - zk * (qSum[Math.floor(i / T)] as number) + zq * zk * dh);
    chargeEdge(qk.result, setup.tech, sym ? {} : { int32Add: 2 * T * dh + 3 * T * T });
    qkParts.push(qk.result);
    const sScale = (sq * sk) / Math.sqrt(dh);
    sReal.push(map(s, (x) => x * sScale));
    const sm = setup.softmax === 'float' ? floatSoftmax(s, sScale) : base2Softmax(s, sScale);
    if (setup.softmax === 'float') sm.counts.intToFloat = (sm.counts.intToFloat ?? 0) + T * T;
    addTo(softmaxCounts, sm.counts, { fp32Mul: T * T, floatToInt: T * T });
    const pCodes = map(sm.p, (x) => qm.p.quantize(x));
    pHat.push(map(pCodes, (c) => qm.p.values[c] as number));
    // O = P̂·(V − z_v) with P̂ = s_P·P_int + offset (offset = −η for SULQ): acc − z_v·rowsum(P_int), then the
    // offset's rank-1 term offset·colsum(V − z_v), added in accumulator units.
    const pInt = map(pCodes, (c) => pOp.ints[c] as number);
    const pv = gemmOn(setup, 'pv', 'matmul', pInt, v, intPe(pOp.bits, false, abits, sym));
    pvAccBits = pv.pe.accBits;
    const pSum = rowSums(pInt);
    const vSum = colSums(map(v, (x) => x - zv));
    const offsetAcc = (j: number) => Math.round((pOp.offset / pOp.scale) * (vSum[j] as number));
    const acc = map(pv.output, (x, i) => x - zv * (pSum[Math.floor(i / dh)] as number) + offsetAcc(i % dh));
    const corrections = { int32Add: (sym ? 0 : T * T + T * dh) + (pOp.offset !== 0 ? dh * T + T * dh : 0), int32Mul: pOp.offset !== 0 ? dh : 0 };
    chargeEdge(pv.result, setup.tech, corrections);
    chargeEdge(pv.result, setup.tech, requantCost(T * dh));
    pvParts.push(pv.result);
    setColumns(oAcc, h * dh, acc);
    setColumns(
      oReal,
      h * dh,
      map(pv.output, (x, i) => pOp.scale * sv * (x - zv * (pSum[Math.floor(i / dh)] as number)) + pOp.offset * sv * (vSum[i % dh] as number)),
    );
  }
  const oCodes = requantize('pv', oAcc, pvAccBits + 1, () => pOp.scale * sv, oReal, () => qm.o);

  // proj, then the one dequantization: Y = s_o·s_w·(acc − z_o·colsum(W)) + b.
  const so = qm.o.scale[0]!;
  const zo = qm.o.zero[0]!;
  const proj = gemmOn(setup, 'proj', 'linear', oCodes, qm.wprojCodes, intPe(abits, sym, wbits, true));
  const pScale = (c: number) => so * (qm.wproj.scale[c] as number);
  const pColSum = colSums(qm.wprojCodes);
  const projBias = (c: number) => block.weights.projBias[c] as number;
  const y = map(proj.output, (v, i) => {
    const c = i % D;
    const acc = v - zo * (pColSum[c] as number) + Math.round(projBias(c) / pScale(c));
    return Math.fround(pScale(c) * acc);
  });
  chargeEdge(proj.result, setup.tech, { int32Add: (zo !== 0 ? 2 : 1) * T * D, intToFloat: T * D, fp32Mul: T * D });
  const ops = [
    qkvOp,
    withAccuracy(mergeOps('qk', 'matmul', qkParts), stackRows(sReal), stackRows(ref.heads.map((x) => x.s))),
    withAccuracy(vectorOp('softmax', setup, H * T * T, H, softmaxCounts, 32, qm.p.bits, T), stackRows(pHat), stackRows(ref.heads.map((x) => x.p))),
    withAccuracy(mergeOps('pv', 'matmul', pvParts), oReal.data, ref.o.data),
    withAccuracy(proj.result, y.data, ref.y.data),
  ];
  return { order: 'after', ops, y, accuracy: accuracyOf(y.data, ref.y.data), checks };
}
