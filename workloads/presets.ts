// Block shapes and depths of common ViTs (docs/workloads.md): 197 tokens (196 patches + class token), head dim 64.
import { InputError } from '../core/input-error.js';

export interface BlockShape {
  name: string;
  tokens: number;
  dim: number;
  heads: number;
}

export const PRESETS: Record<string, BlockShape> = {
  'deit-tiny': { name: 'deit-tiny', tokens: 197, dim: 192, heads: 3 },
  'deit-small': { name: 'deit-small', tokens: 197, dim: 384, heads: 6 },
  'deit-base': { name: 'deit-base', tokens: 197, dim: 768, heads: 12 },
  'vit-base': { name: 'vit-base', tokens: 197, dim: 768, heads: 12 },
  'vit-large': { name: 'vit-large', tokens: 197, dim: 1024, heads: 16 },
};

/** Encoder blocks of each preset (DeiT: arXiv 2012.12877; ViT: arXiv 2010.11929); other models default to 12. */
export const DEPTHS: Record<string, number> = { 'deit-tiny': 12, 'deit-small': 12, 'deit-base': 12, 'vit-base': 12, 'vit-large': 24 };
export const DEFAULT_DEPTH = 12;

export function blockShape(model: string | undefined, custom: { tokens?: number; dim?: number; heads?: number }): BlockShape {
  const base = model === undefined || model === 'custom' ? undefined : PRESETS[model];
  if (model !== undefined && model !== 'custom' && !base) {
    throw new InputError(`model: "${model}" is not a preset; allowed ${Object.keys(PRESETS).join(', ')}, or custom with --tokens --dim --heads`);
  }
  const shape = { name: base?.name ?? 'custom', tokens: custom.tokens ?? base?.tokens ?? 197, dim: custom.dim ?? base?.dim, heads: custom.heads ?? base?.heads };
  if (shape.dim === undefined || shape.heads === undefined) throw new InputError('model: give a preset (--model) or both --dim and --heads');
  for (const [field, v] of [['tokens', shape.tokens], ['dim', shape.dim], ['heads', shape.heads]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 16384) throw new InputError(`${field}: ${v} is not allowed; allowed integers 1..16384`);
  }
  if (shape.dim % shape.heads !== 0) throw new InputError(`heads: ${shape.heads} does not divide dim ${shape.dim}; allowed a divisor of dim`);
  if (base && (custom.dim !== undefined || custom.heads !== undefined || custom.tokens !== undefined)) shape.name = `${base.name}*`;
  return shape as BlockShape;
}
