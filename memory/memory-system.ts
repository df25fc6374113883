// The memory system's front door: one model per mode, chosen by the configuration's mode.
import type { FoldPlan } from '../dataflow/fold-plan.js';
import { checkMemoryConfig } from './memory-config.js';
import type { MemoryConfig, MemoryMode, MemoryModel, MemoryReport, OperandWidths } from './memory-model.js';
import { scalesimMemory } from './scalesim.js';
import { tiledMemory } from './tiled.js';

const MODELS: Readonly<Record<MemoryMode, MemoryModel>> = { scalesim: scalesimMemory, tiled: tiledMemory };

export function simulateMemory(plan: FoldPlan, config: MemoryConfig, widths: OperandWidths): MemoryReport {
  const checked = checkMemoryConfig(config);
  return MODELS[checked.mode](plan, checked, widths);
}
