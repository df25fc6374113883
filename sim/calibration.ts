// Mean-matching of docs/power-model.md: the multiplier and adder scale factors of a technology file are the Horowitz
// anchor divided by the simulator's own mean energy per MAC with the factor at 1, on uniformly random operands.
import type { FloatFormatName } from '../pe/float-format.js';
import type { FloatPeSpec, PeSpec } from '../pe/pe-model.js';
import { sumOf } from '../dataflow/pe-counters.js';
import { randomOperands } from './random-operands.js';
import { simulateGemm } from './simulate-gemm.js';
import type { CoefficientName, Tech } from './tech.js';

const SCALES: CoefficientName[] = ['mulScaleInt', 'mulScaleFp16', 'mulScaleBf16', 'mulScaleFp32', 'addScaleInt', 'addScaleFp32Acc', 'addScaleFp16Acc'];

/** The calibration stream: one OS fold of an 8×8 array, K = 1024, seed 2014. */
export const CALIBRATION = { rows: 8, cols: 8, m: 8, n: 8, k: 1024, seed: 2014 } as const;

export function meanEnergyPerMac(spec: PeSpec, tech: Tech, seed: number = CALIBRATION.seed): { multiplier: number; adder: number } {
  const { rows, cols, m, n, k } = CALIBRATION;
  const { a, b } = randomOperands(spec, m, k, n, seed);
  const run = simulateGemm({ a, b, pe: spec, dataflow: 'os', rows, cols, tech });
  const macs = sumOf(run.counters.macs);
  return { multiplier: sumOf(run.energy.multiplier) / macs, adder: sumOf(run.energy.adder) / macs };
}

/** Scale factors that make the mean energies equal the anchors; the tech's own factors are ignored. */
export function deriveScales(tech: Tech): Record<string, number> {
  const unit: Tech = { ...tech, coefficients: { ...tech.coefficients } };
  for (const s of SCALES) unit.coefficients[s] = { ...tech.coefficients[s], value: 1 };
  const c = tech.coefficients;
  const int8: PeSpec = { kind: 'int', aBits: 8, bBits: 8, aSigned: true, bSigned: true, accBits: 32, overflow: 'wrap' };
  const float = (format: FloatFormatName, acc: FloatPeSpec['acc'] = 'fp32'): PeSpec => ({ kind: 'float', format, acc });
  const i8 = meanEnergyPerMac(int8, unit);
  const fp16 = meanEnergyPerMac(float('fp16'), unit);
  const bf16 = meanEnergyPerMac(float('bf16'), unit);
  const fp32 = meanEnergyPerMac(float('fp32'), unit);
  const fp16acc16 = meanEnergyPerMac(float('fp16', 'fp16'), unit);
  return {
    mulScaleInt: c.anchorInt8Mul.value / i8.multiplier,
    mulScaleFp16: c.anchorFp16Mul.value / fp16.multiplier,
    mulScaleBf16: c.anchorBf16Mul.value / bf16.multiplier,
    mulScaleFp32: c.anchorFp32Mul.value / fp32.multiplier,
    addScaleInt: c.anchorInt32Add.value / i8.adder,
    addScaleFp32Acc: c.anchorFp32Add.value / fp32.adder,
    addScaleFp16Acc: c.anchorFp16Add.value / fp16acc16.adder,
  };
}
