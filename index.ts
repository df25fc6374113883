// Library entry: simulate GEMMs on a systolic array and read the results.
import { existsSync, readFileSync } from 'node:fs';
import { renderReportHtml } from './reports/html.js';
import { reportData } from './reports/report-data.js';
export { simulateGemm, simulateGemms, type GemmInput, type GemmRun, type OpResult, type OpKind } from './sim/simulate-gemm.js';
// Fold-parallel GEMMs: a host with threads runs ranges of a GEMM's folds (simulateFoldRange) and installs a runner.
export { simulateFoldRange } from './sim/simulate-gemm.js';
export { useFoldRunner, type FoldRunner, type FoldTask, type RowsTask } from './sim/fold-runner.js';
export { rangesFor, mergeFoldRanges, type FoldRangeResult } from './sim/fold-parallel.js';
export { splitFolds, foldRange, type FoldRange } from './dataflow/fold-range.js';
export { matrix, transpose, type Matrix } from './core/matrix.js';
export { referenceGemm } from './sim/reference-gemm.js';
export { useMacKernel } from './dataflow/mac-kernel.js';
export { planFolds, closedFormCycles, DATAFLOWS, type DataflowName, type FoldPlan } from './dataflow/fold-plan.js';
export { GATINGS, type Gating, type RegisterSnapshot } from './dataflow/array-run.js';
export { peSpecFromName, createPe, PE_NAMES } from './pe/catalog.js';
export type { PeSpec, IntPeSpec, FloatPeSpec, PeModel } from './pe/pe-model.js';
export { FP16, BF16, FP32, type FloatFormat } from './pe/float-format.js';
export { DEFAULT_TECH, parseTech, type Tech } from './sim/tech.js';
export { ENERGY_COMPONENTS, peEnergy } from './sim/power-model.js';
export { TOGGLE_COUNTERS, type PeCounters } from './dataflow/pe-counters.js';
export { assembleResult, SCHEMA_VERSION, type Result } from './sim/result.js';
export { peAreaUm2, arrayArea, type AreaUm2 } from './sim/area.js';
export { efficiencyOf, type Efficiency } from './sim/efficiency.js';
export { simulateMemory } from './memory/memory-system.js';
export { MEMORY_MODES, type MemoryConfig, type MemoryReport, type MemoryMode, type Bandwidth } from './memory/memory-model.js';
export { MEMORY_DEFAULTS } from './memory/memory-config.js';
export { accuracyOf, type Accuracy } from './sim/accuracy.js';
export { InputError } from './core/input-error.js';
export { parseNpy, encodeNpy } from './io/npy.js';
export { randomOperands } from './sim/random-operands.js';
export { parseSafetensors, encodeSafetensors } from './io/safetensors.js';
export { syntheticBlock, referenceForward } from './workloads/attention-block.js';
export { PRESETS } from './workloads/presets.js';

// What the CLI runs, for programs: attention runs from the same options as `systolic run`, sweeps, compare, reports.
export { RUN_OPTIONS, runOptionsSchema, type RunOptions } from './workloads/run-options.js';
export { resolveRun, type RunFiles } from './workloads/run-resolver.js';
export { runJob, type RunJob } from './workloads/run-job.js';
export { runVitJob, compareOrders, SCOPES, type VitJob, type Scope, type JobOutput, type OrderRun, type Comparison as OrderComparison } from './workloads/vit-job.js';
export { parseTopology, type TopologyLayer } from './io/topology.js';
export { sweepSpec, sweepOptionsSchema, SWEEP_GRID_OPTIONS, type SweepGridOptions } from './workloads/sweep-options.js';
export { sweepPoints, shardOf, parseShard, type SweepPoint, type SweepSpec, type Shard } from './workloads/sweep-plan.js';
export { pointJob, runSweepPoint } from './workloads/sweep-run.js';
export { compareTexts, compareResults, renderComparison, comparisonJson, type Comparison, type Difference } from './commands/compare.js';
export { reportData, type ReportData } from './reports/report-data.js';
export { renderReportHtml } from './reports/html.js';

/** A self-contained HTML report of result JSON and sweep JSONL texts, as `systolic report` writes it. */
export function renderReport(files: { name: string; text: string }[]): string {
  // The browser client sits beside the bundled library (dist/index.js), or in dist/ when run from the sources.
  const client = ['./report-client.js', './dist/report-client.js'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u));
  if (!client) throw new Error('renderReport: the report client (dist/report-client.js) is missing; run npm run build');
  return renderReportHtml(reportData(files), readFileSync(client, 'utf8'));
}
