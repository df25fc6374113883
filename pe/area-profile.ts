// What a PE kind is built of, for its area (docs/area.md): each PE lists its components by the technology
// coefficient that prices one of them and how many it has; sim/area.ts turns them into µm² (pe/ reads no tech file).

/** Area coefficients of the technology file (sim/tech.ts), each the area of one component. */
export type AreaKey =
  | 'areaFlop'
  | 'areaIntMulCell'
  | 'areaIntAdderBit'
  | 'areaFp16Mul'
  | 'areaBf16Mul'
  | 'areaFp32Mul'
  | 'areaFp16Add'
  | 'areaFp32Add'
  | 'areaMux2';

/** `count` components each of area `of`. */
export interface AreaTerm {
  of: AreaKey;
  count: number;
}

export type AreaProfile = readonly AreaTerm[];

/** The accumulate adder of an int, shift or LUT PE: one adder bit per accumulator bit. */
export const intAdder = (accBits: number): AreaTerm => ({ of: 'areaIntAdderBit', count: accBits });

/** Operand and accumulator registers, plus any other flops (a LUT's table). */
export const flops = (count: number): AreaTerm => ({ of: 'areaFlop', count });
