// `systolic run --config exp.json|exp.yaml`: the same fields as the flags (camelCase), validated with zod.
// Flags given on the command line win over the file.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DATAFLOWS, MAX_ARRAY_DIM } from '../dataflow/fold-plan.js';
import { InputError } from '../core/input-error.js';
import { ENGINES } from '../sim/simulate-gemm.js';
import { ORDERS } from '../workloads/attention-run.js';
import { PRESETS } from '../workloads/presets.js';
import { PROB_QUANTS } from '../workloads/quant/prob-quantizer.js';
import { CALIBRATIONS } from '../workloads/quant/uniform.js';
import { WEIGHT_QUANTS, ZERO_POINTS } from '../workloads/quant-model.js';
import { SOFTMAXES } from '../workloads/softmax.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const bits = int(2, 8);

export const runConfigSchema = z.strictObject({
  model: z.enum(['custom', ...Object.keys(PRESETS)] as [string, ...string[]]).optional(),
  tokens: int(1, 16384).optional(),
  dim: int(1, 16384).optional(),
  heads: int(1, 16384).optional(),
  array: int(1, MAX_ARRAY_DIM).optional(),
  rows: int(1, MAX_ARRAY_DIM).optional(),
  cols: int(1, MAX_ARRAY_DIM).optional(),
  dataflow: z.enum(DATAFLOWS as [string, ...string[]]).optional(),
  order: z.enum([...ORDERS, 'both']).optional(),
  wbits: bits.optional(),
  abits: bits.optional(),
  pbits: bits.optional(),
  pquant: z.enum(PROB_QUANTS as [string, ...string[]]).optional(),
  softmax: z.enum(SOFTMAXES as [string, ...string[]]).optional(),
  zeroPoints: z.enum(ZERO_POINTS as [string, ...string[]]).optional(),
  calibration: z.enum(CALIBRATIONS as [string, ...string[]]).optional(),
  reparam: z.boolean().optional(),
  wquant: z.enum(WEIGHT_QUANTS as [string, ...string[]]).optional(),
  redundancy: z.number().min(1).max(2).optional(),
  pe: z.enum(['int', 'shift', 'lut']).optional(),
  floatPe: z.enum(['fp16', 'bf16', 'fp32']).optional(),
  gating: z.enum(['valid', 'none']).optional(),
  engine: z.enum(ENGINES as [string, ...string[]]).optional(),
  weights: z.string().min(1).optional(),
  block: int(0, 1000).optional(),
  input: z.string().min(1).optional(),
  seed: int(0, 2 ** 32 - 1).optional(),
  tech: z.string().min(1).optional(),
  clockMhz: z.number().positive().optional(),
  report: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  jobs: int(1, 256).optional(),
});

export type RunConfig = z.infer<typeof runConfigSchema>;

export function parseRunConfig(text: string, path: string): RunConfig {
  let raw: unknown;
  try {
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new InputError(`--config ${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(e as Error).message.split('\n')[0]})`);
  }
  const parsed = runConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.length ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join(', ') ?? '(top level)';
    const value = issue.path.length ? JSON.stringify(issue.path.reduce<unknown>((o, k) => (o as Record<PropertyKey, unknown>)?.[k as PropertyKey], raw)) : '';
    throw new InputError(`--config ${path}: field ${field}${value ? ` = ${value}` : ''}: ${issue.message}`);
  }
  return parsed.data;
}
