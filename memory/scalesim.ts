// SCALE-Sim v2's memory policies, reproduced (docs/memory.md, "The scalesim mode").
import { InputError } from '../core/input-error.js';
import type { MemoryModel } from './memory-model.js';

// Placeholder until the reproduction lands on this branch's parent; replaced, not extended.
export const scalesimMemory: MemoryModel = () => {
  throw new InputError('memory: "scalesim" is not built yet; allowed tiled');
};
