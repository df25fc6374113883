// What the Verilog generator builds: an R×C array of one dataflow and one integer PE, with every width resolved.
import { GATINGS, type Gating } from '../dataflow/array-run.js';
import { checkDataflow, checkPositiveInt, MAX_ARRAY_DIM, type DataflowName } from '../dataflow/fold-plan.js';
import { checkMicro, type Micro } from '../dataflow/micro.js';
import { defaultAccBits, MAX_ACC_BITS, MAX_OPERAND_BITS, MIN_OPERAND_BITS, operandRange } from '../pe/int-mac.js';
import type { IntPeSpec, OverflowMode, PeSpec } from '../pe/pe-model.js';
import { InputError } from '../core/input-error.js';


export interface RtlArraySpec {
  rows: number;
  cols: number;
  dataflow: DataflowName;
  aBits: number;
  bBits: number;
  aSigned: boolean;
  bSigned: boolean;
  accBits: number;
  /** The accumulator is signed when either operand is (as the simulator's int PE). */
  accSigned: boolean;
  overflow: OverflowMode;
  gating: Gating;
  micro: Micro;
}

export interface RtlRequest {
  rows: number;
  cols: number;
  dataflow: string;
  pe: PeSpec;
  gating: string;
  micro: string;
  /** GEMM depth the default accumulator width is sized for (aBits + bBits + ceil(log2 K), as the simulator). */
  k: number;
}

function checkBits(field: string, v: number, lo: number, hi: number): number {
  if (!Number.isInteger(v) || v < lo || v > hi) throw new InputError(`${field}: ${v} is not allowed; allowed integers ${lo}..${hi}`);
  return v;
}

export function rtlArraySpec(req: RtlRequest): RtlArraySpec {
  const rows = checkPositiveInt('rows', req.rows, MAX_ARRAY_DIM);
  const cols = checkPositiveInt('cols', req.cols, MAX_ARRAY_DIM);
  const dataflow = checkDataflow(req.dataflow);
  if (!(GATINGS as readonly string[]).includes(req.gating)) {
    throw new InputError(`gating: "${req.gating}" is not allowed; allowed ${GATINGS.join(', ')}`);
  }
  const gating = req.gating as Gating;
  const micro = checkMicro(req.micro, gating);
  if (req.pe.kind !== 'int') {
    throw new InputError(`pe: kind "${req.pe.kind}" is not generated as RTL; allowed int PEs (intN, uintN with N in ${MIN_OPERAND_BITS}..${MAX_OPERAND_BITS})`);
  }
  const pe: IntPeSpec = req.pe;
  const aBits = checkBits('aBits', pe.aBits, MIN_OPERAND_BITS, MAX_OPERAND_BITS);
  const bBits = checkBits('bBits', pe.bBits, MIN_OPERAND_BITS, MAX_OPERAND_BITS);
  const k = checkPositiveInt('k', req.k);
  const accBits = checkBits('accBits', pe.accBits ?? defaultAccBits(aBits, bBits, k), 2, MAX_ACC_BITS);
  if (pe.overflow !== 'wrap' && pe.overflow !== 'saturate') {
    throw new InputError(`overflow: "${String(pe.overflow)}" is not allowed; allowed wrap, saturate`);
  }
  return { rows, cols, dataflow, aBits, bBits, aSigned: pe.aSigned, bSigned: pe.bSigned, accBits, accSigned: pe.aSigned || pe.bSigned, overflow: pe.overflow, gating, micro };
}

/** The simulator's PE spec for the same hardware (the accumulator width made explicit, so K does not change it). */
export function simulatorPeSpec(s: RtlArraySpec): IntPeSpec {
  return { kind: 'int', aBits: s.aBits, bBits: s.bBits, aSigned: s.aSigned, bSigned: s.bSigned, accBits: s.accBits, overflow: s.overflow };
}

export function accRange(s: RtlArraySpec): [number, number] {
  return operandRange(s.accBits, s.accSigned);
}
