// Silicon area (docs/area.md): a PE is its components priced by the technology file's area coefficients; an array
// is rows·cols PEs plus the edge units (dequantizers, requantizers, vector units) its ops need to keep pace with it.
import type { AreaProfile } from '../pe/area-profile.js';
import { EDGE_PRIMITIVES, primitiveCounts, type EdgeCounts, type EdgePrimitive } from './edge-units.js';
import type { Tech } from './tech.js';

/** An op's or a run's hardware: one PE, the edge units, and the array (rows·cols PEs plus the edge units). */
export interface AreaUm2 {
  pe: number;
  array: number;
  edge: number;
}

export type EdgeUnits = Record<EdgePrimitive, number>;

/** Area (µm²) of one PE: Σ components × the area of one. */
export function peAreaUm2(tech: Tech, profile: AreaProfile): number {
  let a = 0;
  for (const t of profile) a += t.count * tech.coefficients[t.of].value;
  return a;
}

/** Area (µm²) of one edge operator: the PE components of its format (int32: a 32×32 multiplier, a 32-bit adder). */
function primitiveAreas(tech: Tech): Record<EdgePrimitive, number> {
  const c = tech.coefficients;
  return {
    fp32Mul: c.areaFp32Mul.value,
    fp32Add: c.areaFp32Add.value,
    fp16Mul: c.areaFp16Mul.value,
    fp16Add: c.areaFp16Add.value,
    int32Mul: c.areaIntMulCell.value * 32 * 32,
    int32Add: c.areaIntAdderBit.value * 32,
    int16Mul: c.areaIntMulCell.value * 16 * 16,
    int16Add: c.areaIntAdderBit.value * 16,
  };
}

/**
 * The edge operators an op needs so that its edge work keeps pace with the array: of each primitive, its
 * operations per cycle of the op, rounded up (buffers smooth the bursts at fold ends).
 */
export function edgeUnits(counts: EdgeCounts, cycles: number): EdgeUnits {
  const ops = primitiveCounts(counts);
  const units = {} as EdgeUnits;
  for (const p of EDGE_PRIMITIVES) units[p] = ops[p] === 0 ? 0 : Math.ceil(ops[p] / cycles);
  return units;
}

/** Units that serve every op of a run, one after the other: of each primitive, the most any op needs. */
export function sharedEdgeUnits(perOp: EdgeUnits[]): EdgeUnits {
  const units = {} as EdgeUnits;
  for (const p of EDGE_PRIMITIVES) units[p] = Math.max(0, ...perOp.map((u) => u[p]));
  return units;
}

export function edgeAreaUm2(tech: Tech, units: EdgeUnits): number {
  const area = primitiveAreas(tech);
  let a = 0;
  for (const p of EDGE_PRIMITIVES) a += units[p] * area[p];
  return a;
}

/** An array of rows·cols PEs of `pe` µm² with `edge` µm² of edge units. */
export function arrayArea(rows: number, cols: number, pe: number, edge: number): AreaUm2 {
  return { pe, array: rows * cols * pe + edge, edge };
}
