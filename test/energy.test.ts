// Energy sanity of the 45 nm technology file (docs/power-model.md) on uniformly random operands. The stream here differs
// from the calibration stream (other seed, shape and array; OS, so both operands change on every MAC), so the means are a check, not a tautology.
import { describe, expect, it } from 'vitest';
import { peSpecFromName } from '../pe/catalog.js';
import type { PeSpec } from '../pe/pe-model.js';
import { deriveScales } from '../sim/calibration.js';
import { matrix } from '../core/matrix.js';
import { sumOf } from '../dataflow/pe-counters.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { COEFFICIENT_NAMES, DEFAULT_TECH, parseTech } from '../sim/tech.js';
import techJson from '../tech/45nm.json' with { type: 'json' };

function perMac(spec: PeSpec, zeros = false) {
  const { a, b } = zeros ? { a: matrix(48, 160), b: matrix(160, 48) } : randomOperands(spec, 48, 160, 48, 99);
  const run = simulateGemm({ a, b, pe: spec, dataflow: 'os', rows: 16, cols: 16 });
  const macs = 48 * 160 * 48;
  return {
    multiplier: sumOf(run.energy.multiplier) / macs,
    adder: sumOf(run.energy.adder) / macs,
    pe: sumOf(run.energy.total) / macs,
  };
}

const int8acc32 = peSpecFromName('int8', { accBits: 32 });

describe('45 nm means on uniformly random operands', () => {
  it('int8 multiplier ≈ 0.2 pJ per MAC (±25%)', () => {
    expect(perMac(int8acc32).multiplier).toBeGreaterThan(0.2 * 0.75);
    expect(perMac(int8acc32).multiplier).toBeLessThan(0.2 * 1.25);
  });
  it('int32 accumulate adder ≈ 0.1 pJ per MAC (±25%)', () => {
    expect(perMac(int8acc32).adder).toBeGreaterThan(0.1 * 0.75);
    expect(perMac(int8acc32).adder).toBeLessThan(0.1 * 1.25);
  });
  it('int4 multiplier ≈ (4/8)² of the int8 one', () => {
    const ratio = perMac(peSpecFromName('int4', { accBits: 32 })).multiplier / perMac(int8acc32).multiplier;
    expect(ratio).toBeGreaterThan(0.25 * 0.85);
    expect(ratio).toBeLessThan(0.25 * 1.15);
  });
  // KNOWN MISS, kept with its target: Horowitz's fp16 multiply (1.1 pJ) and fp32 add (0.9 pJ) alone are 6.7× the
  // int8 multiply + int32 add (0.3 pJ); registers and clock dilute that to ≈4.2×. docs/power-model.md says the Horowitz
  // means win over the 2.6× of the gate-level measurements. `it.fails` turns red the day the model meets 2–4×.
  it.fails('an fp16 PE costs 2–4× an int8 PE (known miss: ≈4.2×)', () => {
    const ratio = perMac(peSpecFromName('fp16')).pe / perMac(int8acc32).pe;
    expect(ratio).toBeGreaterThanOrEqual(2);
    expect(ratio).toBeLessThanOrEqual(4);
  });
  it('an fp16 PE costs more than 2× an int8 PE and less than an fp32 PE', () => {
    const fp16 = perMac(peSpecFromName('fp16')).pe;
    expect(fp16 / perMac(int8acc32).pe).toBeGreaterThan(2);
    expect(fp16).toBeLessThan(perMac(peSpecFromName('fp32')).pe);
  });
  it.each(['int2', 'int8', 'fp16', 'bf16'])('%s: all-zero operands cost less than random ones', (name) => {
    const spec = peSpecFromName(name);
    expect(perMac(spec, true).pe).toBeLessThan(perMac(spec).pe);
  });
});

describe('technology file', () => {
  it('holds the scale factors that mean-matching derives today (npm run tech:derive)', () => {
    const derived = deriveScales(DEFAULT_TECH);
    for (const [name, value] of Object.entries(derived)) {
      expect([name, DEFAULT_TECH.coefficients[name as keyof typeof DEFAULT_TECH.coefficients].value]).toEqual([name, value]);
    }
  });
  it('gives every coefficient a value, a unit and a source', () => {
    for (const name of COEFFICIENT_NAMES) {
      const c = DEFAULT_TECH.coefficients[name];
      expect(Number.isFinite(c.value) && c.unit.length > 0 && c.source.length > 10).toBe(true);
    }
  });
  it.each([
    [(t: any) => delete t.coefficients.ppToggle, 'tech.coefficients.ppToggle: missing'],
    [(t: any) => (t.coefficients.clockPerFlop.value = -1), 'tech.coefficients.clockPerFlop.value: -1 is not allowed'],
    [(t: any) => (t.coefficients.mulGlitch.unit = ''), 'tech.coefficients.mulGlitch.unit: "" is not allowed'],
    [(t: any) => (t.coefficients.bogus = { value: 1, unit: 'x', source: 'y' }), 'tech.coefficients.bogus: unknown coefficient'],
    [(t: any) => (t.clockMhz = 'fast'), 'tech.clockMhz: "fast" is not allowed'],
  ])('rejects a bad file naming the field (%#)', (mutate, message) => {
    const t = structuredClone(techJson);
    mutate(t);
    expect(() => parseTech(t)).toThrow(message);
  });
});
