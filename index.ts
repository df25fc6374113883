// Library entry: simulate GEMMs on a systolic array and read the results.
export { simulateGemm, type GemmInput, type GemmRun, type OpResult, type OpKind } from './sim/simulate-gemm.js';
export { matrix, transpose, referenceGemm, type Matrix } from './sim/matrix.js';
export { planFolds, closedFormCycles, DATAFLOWS, type DataflowName, type FoldPlan } from './dataflow/fold-plan.js';
export { GATINGS, type Gating, type RegisterSnapshot } from './dataflow/array-run.js';
export { peSpecFromName, createPe, PE_NAMES } from './pe/catalog.js';
export type { PeSpec, IntPeSpec, FloatPeSpec, PeModel } from './pe/pe-model.js';
export { FP16, BF16, FP32, type FloatFormat } from './pe/float-format.js';
export { DEFAULT_TECH, parseTech, type Tech } from './sim/tech.js';
export { ENERGY_COMPONENTS, peEnergy } from './sim/power-model.js';
export { TOGGLE_COUNTERS, type PeCounters } from './sim/pe-counters.js';
export { assembleResult, SCHEMA_VERSION, type Result } from './sim/result.js';
export { accuracyOf, type Accuracy } from './sim/accuracy.js';
export { InputError } from './sim/input-error.js';
export { parseNpy, encodeNpy } from './io/npy.js';
export { randomOperands } from './sim/random-operands.js';
export { parseSafetensors, encodeSafetensors } from './io/safetensors.js';
export { syntheticBlock, referenceForward } from './workloads/attention-block.js';
export { PRESETS } from './workloads/presets.js';
