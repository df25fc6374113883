// Figures of merit of a run (docs/result-schema.md, "Sweep lines"): energy, delay, area and their products, so that
// array shapes can be ranked by efficiency per mm².
import type { AreaUm2 } from './area.js';
import type { Totals } from './result.js';

export interface Efficiency {
  energyPj: number;
  delayS: number;
  /** The array with its edge units (totals.areaUm2.array). */
  areaMm2: number;
  /** Energy × delay, pJ·s. */
  edpPjS: number;
  /** Energy × area, pJ·mm². */
  energyAreaPjMm2: number;
  /** Energy × delay × area, pJ·s·mm². */
  edapPjSMm2: number;
}

/** Totals written before results carried an area give NaN for every figure with area in it. */
export function efficiencyOf(t: Pick<Totals, 'energyPj' | 'timeUs'> & { areaUm2?: AreaUm2 }): Efficiency {
  const energyPj = t.energyPj.total;
  const areaMm2 = (t.areaUm2?.array ?? NaN) * 1e-6;
  const edpPjS = energyPj * t.timeUs * 1e-6;
  return { energyPj, delayS: t.timeUs * 1e-6, areaMm2, edpPjS, energyAreaPjMm2: energyPj * areaMm2, edapPjSMm2: edpPjS * areaMm2 };
}
