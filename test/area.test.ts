// Area (docs/area.md): PE areas from their components at both nodes, array area = rows·cols·PE + edge units, edge
// units sized to keep pace with the array, and the efficiency figures (EDP, energy × area, EDAP) of a result.
import { describe, expect, it } from 'vitest';
import { matrix } from '../core/matrix.js';
import { createPe, peSpecFromName } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { peAreaUm2 } from '../sim/area.js';
import { efficiencyOf } from '../sim/efficiency.js';
import { chargeEdge } from '../sim/merge-ops.js';
import { assembleResult } from '../sim/result.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { DEFAULT_TECH, parseTech, type Tech } from '../sim/tech.js';
import tech180Json from '../tech/180nm.json' with { type: 'json' };
import tech45Json from '../tech/45nm.json' with { type: 'json' };

const tech180 = parseTech(tech180Json, 'tech/180nm.json');
const NODES: [string, Tech][] = [['45 nm', DEFAULT_TECH], ['180 nm', tech180]];
const area = (tech: Tech, spec: PeSpec | string, k = 256) => peAreaUm2(tech, createPe(typeof spec === 'string' ? peSpecFromName(spec) : spec, k).area);

describe.each(NODES)('PE area at %s', (_, tech) => {
  it('int2 < int4 < int8 < int16', () => {
    const a = ['int2', 'int4', 'int8', 'int16'].map((n) => area(tech, n));
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]!);
  });
  it('fp16 > int8, and fp32 > fp16 > bf16', () => {
    expect(area(tech, 'fp16')).toBeGreaterThan(area(tech, 'int8'));
    expect(area(tech, 'fp32')).toBeGreaterThan(area(tech, 'fp16'));
    expect(area(tech, 'fp16')).toBeGreaterThan(area(tech, 'bf16'));
  });
});

describe('PE area components (45 nm)', () => {
  const c = DEFAULT_TECH.coefficients;
  it('int8 at K = 64: 38 flops (A 8, B 8, accumulator 22), an 8×8 multiplier, a 22-bit adder', () => {
    expect(area(DEFAULT_TECH, 'int8', 64)).toBeCloseTo(38 * 4.522 + 282 + 22 * (137 / 32), 9);
  });
  it('fp16 with an fp32 accumulator: 64 flops, the fp16 multiplier and the fp32 adder', () => {
    expect(area(DEFAULT_TECH, 'fp16')).toBeCloseTo(64 * 4.522 + 1640 + 4184, 9);
    expect(area(DEFAULT_TECH, peSpecFromName('fp16', { acc: 'fp16' }))).toBeCloseTo(48 * 4.522 + 1640 + 1360, 9);
  });
  it('a 2-bit LUT PE: its table of 16 entries in flops and a read tree of 15 multiplexers per entry bit', () => {
    const lut: PeSpec = { kind: 'lut', aValues: [-2, -1, 0, 1], bValues: [-2, -1, 0, 1], overflow: 'wrap' };
    // Products −2..4: 4-bit entries; accumulator 4 + log2(256) = 12 bits.
    const flops = 2 + 2 + 12 + 16 * 4;
    expect(area(DEFAULT_TECH, lut)).toBeCloseTo(flops * c.areaFlop.value + 15 * 4 * c.areaMux2.value + 12 * c.areaIntAdderBit.value, 9);
  });
  it('a shift PE: a crossbar of one multiplexer per shift amount and bit of B', () => {
    const shift: PeSpec = { kind: 'shift', codeBits: 2, shifts: [-1, 0, 1, 3], bBits: 8, bSigned: true, overflow: 'wrap' };
    // Product 8 + 3 + 1 = 12 bits; accumulator 12 + 8 = 20 bits.
    expect(area(DEFAULT_TECH, shift)).toBeCloseTo((2 + 8 + 20) * c.areaFlop.value + 4 * 8 * c.areaMux2.value + 20 * c.areaIntAdderBit.value, 9);
  });
  it('every 45 nm area coefficient names its source', () => {
    for (const [k, v] of Object.entries(tech45Json.coefficients).filter(([k]) => k.startsWith('area'))) expect(v.source.length, k).toBeGreaterThan(30);
  });
});

describe('array area', () => {
  const gemm = () => simulateGemm({ a: matrix(8, 64), b: matrix(64, 8), pe: 'int8', dataflow: 'os', rows: 4, cols: 2 });
  const pe = 38 * 4.522 + 282 + 22 * (137 / 32);

  it('a GEMM: rows·cols PEs, no edge units', () => {
    expect(gemm().result.areaUm2).toEqual({ pe, array: 8 * pe, edge: 0 });
  });

  it('edge units keep pace with the array: of each primitive, its operations per cycle rounded up (hand-computed)', () => {
    const op = gemm().result;
    // 10 exp (5 fp32 mul + 6 fp32 add each) and 100 int32 adds over the op's cycles.
    chargeEdge(op, DEFAULT_TECH, { fp32Exp: 10, int32Add: 100 });
    const r = assembleResult('gemm', 'test', {}, [op], 500, op.accuracy, DEFAULT_TECH);
    const units = { fp32Mul: Math.ceil(50 / op.cycles), fp32Add: Math.ceil(60 / op.cycles), int32Add: Math.ceil(100 / op.cycles) };
    const edge = units.fp32Mul * 7700 + units.fp32Add * 4184 + units.int32Add * 137;
    expect(r.ops[0]!.areaUm2).toEqual({ pe, array: 8 * pe + edge, edge });
    expect(r.totals.areaUm2).toEqual(r.ops[0]!.areaUm2);
    expect(op.areaUm2.edge).toBe(0); // assembleResult completes copies, not its input
  });

  it('a run: the largest PE, and edge units shared by its ops (per primitive the most any op needs)', () => {
    const [a, b] = [gemm().result, simulateGemm({ a: matrix(8, 64), b: matrix(64, 8), pe: 'int4', dataflow: 'os', rows: 4, cols: 2 }).result];
    chargeEdge(a, DEFAULT_TECH, { int32Add: 3 * a.cycles });
    chargeEdge(b, DEFAULT_TECH, { int32Add: 2 * b.cycles, fp32Mul: b.cycles });
    const r = assembleResult('gemm', 'test', {}, [a, b], 500, a.accuracy, DEFAULT_TECH);
    expect(r.ops.map((op) => op.areaUm2.edge)).toEqual([3 * 137, 2 * 137 + 7700]);
    expect(r.totals.areaUm2).toEqual({ pe, array: 8 * pe + 3 * 137 + 7700, edge: 3 * 137 + 7700 });
  });
});

describe('efficiency', () => {
  it('EDP = energy × delay, energy × area, EDAP = energy × delay × area, in pJ, s and mm²', () => {
    const r = assembleResult('gemm', 'test', {}, [simulateGemm({ a: matrix(8, 64), b: matrix(64, 8), pe: 'fp16', dataflow: 'ws', rows: 4, cols: 4 }).result], 500, { cosine: 1, relL2: 0, maxAbs: 0 }, DEFAULT_TECH);
    const t = r.totals;
    const e = efficiencyOf(t);
    expect(e.energyPj).toBe(t.energyPj.total);
    expect(e.delayS).toBeCloseTo(t.cycles / 500e6, 18);
    expect(e.areaMm2).toBeCloseTo(t.areaUm2.array / 1e6, 15);
    expect(e.edpPjS).toBeCloseTo(t.energyPj.total * e.delayS, 12);
    expect(e.energyAreaPjMm2).toBeCloseTo(t.energyPj.total * e.areaMm2, 9);
    expect(e.edapPjSMm2).toBeCloseTo(t.energyPj.total * e.delayS * e.areaMm2, 15);
  });
  it('results without an area (older files) give NaN where area enters', () => {
    const e = efficiencyOf({ energyPj: { total: 2 } as never, timeUs: 1 });
    expect(e.edpPjS).toBe(2e-6);
    expect(e.areaMm2).toBeNaN();
    expect(e.edapPjSMm2).toBeNaN();
  });
});

describe('technology file areas', () => {
  it('a missing area coefficient is named (exit-2 input error)', () => {
    const t = structuredClone(tech45Json) as { coefficients: Record<string, unknown> };
    delete t.coefficients['areaMux2'];
    expect(() => parseTech(t)).toThrow('tech.coefficients.areaMux2: missing');
  });
  it('gate-level PE areas are entries by PE kind; an unknown kind is named', () => {
    expect(tech180.peAreas?.int8?.unit).toBe('µm² per PE');
    expect(() => parseTech({ ...tech180Json, peAreas: { int3: { value: 1, unit: 'µm²', source: 'x' } } })).toThrow('tech.peAreas.int3: unknown PE kind; allowed int2, int4, int8, int16, fp16, bf16, fp32');
  });
});
