// Properties of the cycle-stepped engine against models written independently from the mapping of docs/architecture.md:
// outputs (exact for ints; for floats, a scalar emulation in the same accumulation order), the closed-form
// cycle count, and every register's toggle total recounted from the sequence of values that PE receives.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closedFormCycles, planFolds, type DataflowName } from '../dataflow/fold-plan.js';
import { floatSpec, gemmOnArray, intSpec, seed, shiftSpec } from './arbitraries.js';
import { FLOAT_FORMATS, FP16 } from '../pe/float-format.js';
import type { PeModel, PeSpec } from '../pe/pe-model.js';
import { matrix, type Matrix } from '../core/matrix.js';
import { referenceGemm } from '../sim/reference-gemm.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';

const at = (m: Matrix, r: number, c: number) => m.data[r * m.cols + c] as number;

/** Hamming distance by walking the bits one at a time (no tables, no formulas). */
function naiveHamming(x: number, y: number): number {
  let n = 0;
  for (; x > 0 || y > 0; x = Math.floor(x / 2), y = Math.floor(y / 2)) if (x % 2 !== y % 2) n++;
  return n;
}

/** The multiplier's partial-product AND matrix, compared bit by bit. */
function naivePPHD(a: number, b: number, a2: number, b2: number, wa: number, wb: number): number {
  let n = 0;
  for (let i = 0; i < wa; i++) for (let j = 0; j < wb; j++) if ((((a >>> i) & (b >>> j)) ^ ((a2 >>> i) & (b2 >>> j))) & 1) n++;
  return n;
}

/** Scalar emulation of one MAC's arithmetic, written from the PE spec (not from the PE model). */
function scalarArithmetic(spec: PeSpec, accBits: number) {
  if (spec.kind === 'float') {
    const round = spec.acc === 'fp32' ? Math.fround : FP16.round;
    return { mul: (a: number, b: number) => Math.fround(a * b), add: (s: number, p: number) => round(s + p) };
  }
  if (spec.kind === 'shift') {
    // b shifted left by the code's shift amount; a flushed code contributes 0.
    return { mul: (code: number, b: number) => ((spec.shifts[code] as number) < 0 ? 0 : b * 2 ** (spec.shifts[code] as number)), add: (s: number, p: number) => s + p, accBits };
  }
  return { mul: (a: number, b: number) => a * b, add: (s: number, p: number) => s + p, accBits };
}

interface Seqs {
  aReg: number[][];
  bReg: number[][];
  accReg: number[][];
  product: number[][];
  pp: [number, number][][];
}

/** Values each PE's registers receive under `valid` gating, from the fold mapping alone. */
function expectedSequences(df: DataflowName, a0: Matrix, b0: Matrix, R: number, C: number, pe: PeModel, spec: PeSpec) {
  const P = R * C;
  // Operands enter the array as words of the PE's format (ints are already codes).
  const word = spec.kind === 'float' ? FLOAT_FORMATS[spec.format].round : (x: number) => x;
  const a = matrix(a0.rows, a0.cols, Array.from(a0.data, word));
  const b = matrix(b0.rows, b0.cols, Array.from(b0.data, word));
  const seq: Seqs = { aReg: [], bReg: [], accReg: [], product: [], pp: [] };
  for (const key of Object.keys(seq) as (keyof Seqs)[]) for (let p = 0; p < P; p++) (seq[key] as unknown[][]).push([]);
  const { mul, add } = scalarArithmetic(spec, pe.accBits);
  const [M, K, N] = [a.rows, a.cols, b.cols];
  const out = new Float64Array(M * N);
  const mac = (p: number, x: number, y: number) => {
    const prod = mul(x, y);
    seq.product[p]!.push(pe.productPattern(prod) >>> 0); // the pattern is int32 bits; count them unsigned
    seq.pp[p]!.push([pe.ppA(x), pe.ppB(y)]);
    return prod;
  };
  if (df === 'os') {
    for (let n0 = 0; n0 < N; n0 += C) {
      for (let m0 = 0; m0 < M; m0 += R) {
        const [mf, nf] = [Math.min(R, M - m0), Math.min(C, N - n0)];
        for (let i = 0; i < R; i++) {
          for (let j = 0; j < C; j++) {
            const p = i * C + j;
            for (let k = 0; k < K; k++) {
              if (i < mf) seq.aReg[p]!.push(pe.patternA(at(a, m0 + i, k)));
              if (j < nf) seq.bReg[p]!.push(pe.patternB(at(b, k, n0 + j)));
            }
            if (i >= mf || j >= nf) continue;
            let acc = 0;
            for (let k = 0; k < K; k++) {
              acc = add(k === 0 ? 0 : acc, mac(p, at(a, m0 + i, k), at(b, k, n0 + j)));
              seq.accReg[p]!.push(pe.accPattern(acc));
            }
            out[(m0 + i) * N + n0 + j] = acc;
          }
        }
      }
    }
    return { seq, out };
  }
  // WS: S = A (T = M), W = B. IS: S = Bᵀ (T = N), W = Aᵀ; the stationary word sits in the A register.
  const ws = df === 'ws';
  const T = ws ? M : N;
  const NC = ws ? N : M;
  const S = (m: number, k: number) => (ws ? at(a, m, k) : at(b, k, m));
  const W = (k: number, c: number) => (ws ? at(b, k, c) : at(a, c, k));
  const stationarySeq = ws ? seq.bReg : seq.aReg;
  const streamedSeq = ws ? seq.aReg : seq.bReg;
  const patS = (v: number) => (ws ? pe.patternA(v) : pe.patternB(v));
  const patW = (v: number) => (ws ? pe.patternB(v) : pe.patternA(v));
  for (let n0 = 0; n0 < NC; n0 += C) {
    for (let k0 = 0; k0 < K; k0 += R) {
      const [kf, nf] = [Math.min(R, K - k0), Math.min(C, NC - n0)];
      for (let i = 0; i < R; i++) {
        for (let j = 0; j < C; j++) {
          const p = i * C + j;
          for (let r = R - 1; r >= i; r--) if (r < kf && j < nf) stationarySeq[p]!.push(patW(W(k0 + r, n0 + j)));
          if (i < kf) for (let m = 0; m < T; m++) streamedSeq[p]!.push(patS(S(m, k0 + i)));
          if (j >= nf) continue;
          for (let m = 0; m < T; m++) {
            let psum = 0;
            for (let r = 0; r <= Math.min(i, kf - 1); r++) {
              const [x, y] = ws ? [S(m, k0 + r), W(k0 + r, n0 + j)] : [W(k0 + r, n0 + j), S(m, k0 + r)];
              const prod = r === i ? mac(p, x, y) : mul(x, y);
              psum = add(r === 0 ? 0 : psum, prod);
            }
            seq.accReg[p]!.push(pe.accPattern(psum));
            if (i === R - 1) {
              const o = ws ? m * N + n0 + j : (n0 + j) * N + m;
              out[o] = k0 === 0 ? psum : add(out[o] as number, psum);
            }
          }
        }
      }
    }
  }
  return { seq, out };
}

function countToggles(s: number[]): number {
  let t = 0;
  let prev = 0;
  for (const v of s) {
    t += naiveHamming(prev, v);
    prev = v;
  }
  return t;
}

const caseArb = fc.record({
  ...gemmOnArray(70, 16),
  spec: fc.oneof(intSpec(), floatSpec, shiftSpec),
  seed,
});

describe('cycle-stepped engine, random shapes, arrays, dataflows and PEs', () => {
  it('outputs, cycles and per-register toggles equal the independent models', () => {
    fc.assert(
      fc.property(caseArb, ({ dataflow, m, k, n, rows, cols, spec, seed }) => {
        const { a, b } = randomOperands(spec, m, k, n, seed);
        const run = simulateGemm({ a, b, pe: spec, dataflow, rows, cols });
        expect(run.result.cycles).toBe(closedFormCycles(planFolds(dataflow, m, k, n, rows, cols)));
        const { seq, out } = expectedSequences(dataflow, a, b, rows, cols, run.pe, spec);
        if (spec.kind === 'int') expect(Array.from(run.output.data)).toEqual(Array.from(referenceGemm(a, b).data));
        if (spec.kind === 'shift') {
          const pow2 = matrix(a.rows, a.cols, Array.from(a.data, (c) => ((spec.shifts[c] as number) < 0 ? 0 : 2 ** (spec.shifts[c] as number))));
          expect(Array.from(run.output.data)).toEqual(Array.from(referenceGemm(pow2, b).data));
        }
        expect(Array.from(run.output.data)).toEqual(Array.from(out));
        const t = run.counters.toggles;
        const [ppWidthA, ppWidthB] =
          spec.kind === 'int' ? [spec.aBits, spec.bBits] : spec.kind === 'shift' ? [16, spec.bBits] : [FLOAT_FORMATS[spec.format].mantBits + 1, FLOAT_FORMATS[spec.format].mantBits + 1];
        for (let p = 0; p < rows * cols; p++) {
          for (const c of ['aReg', 'bReg', 'accReg', 'product'] as const) expect([c, p, t[c][p]]).toEqual([c, p, countToggles(seq[c][p]!)]);
          let pp = 0;
          let prev: [number, number] = [0, 0];
          for (const cur of seq.pp[p]!) {
            pp += naivePPHD(cur[0], cur[1], prev[0], prev[1], ppWidthA, ppWidthB);
            prev = cur;
          }
          expect(['ppArray', p, t.ppArray[p]]).toEqual(['ppArray', p, pp]);
          expect(run.counters.macs[p]).toBe(seq.pp[p]!.length);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gating none keeps outputs and cycles, and never toggles less than valid gating', () => {
    fc.assert(
      fc.property(caseArb, ({ dataflow, m, k, n, rows, cols, spec, seed }) => {
        const { a, b } = randomOperands(spec, m, k, n, seed);
        const gated = simulateGemm({ a, b, pe: spec, dataflow, rows, cols, gating: 'valid' });
        const ungated = simulateGemm({ a, b, pe: spec, dataflow, rows, cols, gating: 'none' });
        expect(Array.from(ungated.output.data)).toEqual(Array.from(gated.output.data));
        expect(ungated.result.cycles).toBe(gated.result.cycles);
        const P = rows * cols;
        const flops = (r: typeof ungated) => r.pe.aBits + r.pe.bBits + r.pe.accBits;
        for (let p = 0; p < P; p++) expect(ungated.counters.clockedFlops[p]).toBe(gated.result.cycles * flops(ungated));
        expect(ungated.result.energyPj.clock).toBeGreaterThanOrEqual(gated.result.energyPj.clock);
      }),
      { numRuns: 40 },
    );
  });
});

describe('accumulator overflow', () => {
  const a = matrix(1, 4, [127, 127, 127, 127]);
  const b = matrix(4, 1, [127, 127, 127, 127]);
  // 4 × 16129 = 64516; a 16-bit signed accumulator holds −32768..32767.
  it.each([
    ['wrap', 64516 - 65536, 1],
    ['saturate', 32767, 2],
  ] as const)('%s: result %d, %d overflow events', (overflow, value, events) => {
    for (const dataflow of ['os', 'ws', 'is'] as const) {
      const run = simulateGemm({ a, b, dataflow, rows: 4, cols: 1, pe: { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, accBits: 16, overflow } });
      expect(run.output.data[0]).toBe(value);
      expect(run.result.overflows.pe + run.result.overflows.edge).toBe(events);
    }
  });
});
