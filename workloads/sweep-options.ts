// The options of a sweep's grid, derived from the run options (run-options.ts): every run option under its own
// name, so a sweep accepts what `systolic run` accepts, plus the six axes' comma-separated lists (--arrays
// --dataflows --orders --bits --pes --models). A run option that sets an axis (--array 8x32, --order, --wbits, ...)
// gives that axis one item, as the same flags give `systolic run` one block; the list options (LIST_OPTIONS) take
// a list under their own name; every other run option is one value for all points.
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { FLOAT_FORMAT_NAMES } from '../pe/float-format.js';
import { MEMORY_AXIS_OPTIONS, memoryLists } from './memory-axes.js';
import { infoOf, option } from './option-info.js';
import { ARRAY_SIZES_ALLOWED, arrayDims, RUN_OPTIONS, runOptionsSchema, type RunOptions } from './run-options.js';
import { defaultWbits } from './run-resolver.js';
import { AXIS_RUN_KEYS, DATAFLOWS, LIST_OPTIONS, list, ORDERS, parseArrays, parseBits, parseChoices, parseModels, type Axis, type AxisRunKey, type FixedKey, type FixedOptions, type ListKey, type SweepSpec } from './sweep-plan.js';

const RUN_DEFAULTS = runOptionsSchema.parse({});

export const GRID_DEFAULTS: Record<Axis, string> = { arrays: '4,8,16,32,64', dataflows: 'os', orders: ORDERS.join(','), bits: 'w8a8', pes: RUN_DEFAULTS.floatPe, models: 'deit-tiny' };

/** The axes' lists; left out, an axis takes its run options' one item, or else its default list. */
const AXIS_OPTIONS = {
  arrays: option(z.string().optional(), { arg: 'list', help: `array sizes: N or RxC, comma-separated (default ${GRID_DEFAULTS.arrays})` }),
  dataflows: option(z.string().optional(), { arg: 'list', help: `comma-separated: ${DATAFLOWS.join(',')} (default ${GRID_DEFAULTS.dataflows})` }),
  orders: option(z.string().optional(), { arg: 'list', help: `comma-separated: ${ORDERS.join(',')} (default ${GRID_DEFAULTS.orders})` }),
  bits: option(z.string().optional(), { arg: 'list', help: `weight/activation bits: wXaY, comma-separated (wXaYfq: FrameQuant weights at --redundancy) (default ${GRID_DEFAULTS.bits})` }),
  pes: option(z.string().optional(), { arg: 'list', help: `float PEs of dequant-before points: ${FLOAT_FORMAT_NAMES.join(',')}; dequant-after points use intN (default ${GRID_DEFAULTS.pes})` }),
  models: option(z.string().optional(), { arg: 'list', help: `presets, or custom with --dim --heads, comma-separated (default ${GRID_DEFAULTS.models}; custom with --dim or --weights)` }),
};

type RunShape = typeof RUN_OPTIONS;
type Inner<S> = S extends z.ZodDefault<infer I> ? I : S extends z.ZodOptional<infer I> ? I : S;
/** A run option in a sweep: one item of its axis (no default: the axis' list decides), a list, or one value. */
type SweepRunShape = {
  [K in keyof RunShape]: K extends AxisRunKey ? z.ZodOptional<Inner<RunShape[K]>> : K extends ListKey ? z.ZodDefault<z.ZodUnion<[Inner<RunShape[K]>, z.ZodString]>> : RunShape[K];
};

const unwrap = (schema: z.ZodType): z.ZodType => (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema);
const AXIS_OF = new Map<string, Axis>(Object.entries(AXIS_RUN_KEYS).flatMap(([axis, keys]) => keys.map((k) => [k, axis as Axis])));
const isList = (key: string): key is ListKey => (LIST_OPTIONS as readonly string[]).includes(key);

function allowed(schema: z.ZodType): string {
  if (schema instanceof z.ZodEnum) return schema.options.join(', ');
  const n = schema as z.ZodNumber;
  return `${n.isInt ? 'integers' : 'numbers'} ${n.minValue}..${n.maxValue}`;
}

function sweepRunOption(key: string, schema: z.ZodType): z.ZodType {
  const info = infoOf(key, schema);
  const axis = AXIS_OF.get(key);
  if (axis) return option(unwrap(schema).optional(), { ...info, help: `${info.help}; one item of --${axis} instead of its list` });
  if (isList(key)) return option(z.union([unwrap(schema), z.string()]).default((schema as z.ZodDefault).def.defaultValue), { ...info, arg: 'list', help: `${info.help}: ${allowed(unwrap(schema))}; a comma-separated list sweeps it` });
  return schema;
}

/** Every run option, in run's order, becomes a sweep option: a new run option is a sweep option too. */
const SWEEP_RUN_OPTIONS = Object.fromEntries(Object.entries(RUN_OPTIONS).map(([key, schema]) => [key, sweepRunOption(key, schema)])) as SweepRunShape;

export const SWEEP_GRID_OPTIONS = { ...AXIS_OPTIONS, ...MEMORY_AXIS_OPTIONS, ...SWEEP_RUN_OPTIONS };
export const sweepOptionsSchema = z.strictObject(SWEEP_GRID_OPTIONS);
export type SweepGridOptions = z.output<typeof sweepOptionsSchema>;

const FIXED_KEYS = Object.keys(RUN_OPTIONS).filter((k) => !AXIS_OF.has(k) && !isList(k)) as FixedKey[];

/** The values of a list option: a flag's comma-separated text or a config file's single value, each checked by the run option's schema. */
function listValues<K extends ListKey>(key: K, value: unknown): RunOptions[K][] {
  const inner = unwrap(RUN_OPTIONS[key]);
  return list(key, String(value)).map((item) => {
    const parsed = inner.safeParse(inner instanceof z.ZodNumber ? Number(item) : item);
    if (!parsed.success) throw new InputError(`${key}: "${item.slice(0, 100)}" is not allowed; allowed ${allowed(inner)}`);
    return parsed.data as RunOptions[K];
  });
}

/** The grid of a sweep's options; an axis given both as a list and as a run option's item is refused. */
export function sweepSpec(o: SweepGridOptions): SweepSpec {
  const axis = <T>(name: Axis, fromList: (text: string) => T[], oneItem: () => T[], fallback = GRID_DEFAULTS[name]): T[] => {
    const items = AXIS_RUN_KEYS[name].filter((k) => o[k] !== undefined);
    const listed = o[name];
    if (items.length === 0) return fromList(listed ?? fallback);
    if (listed !== undefined) throw new InputError(`${name}: "${listed.slice(0, 100)}" and ${items.join(', ')} are both given; allowed the list (--${name}) or its one item (${AXIS_RUN_KEYS[name].join(', ')}), not both`);
    return oneItem();
  };
  const array = (): [number, number][] => {
    const dims = arrayDims(o.array ?? RUN_DEFAULTS.array);
    if (!dims) throw new InputError(`array: "${String(o.array).slice(0, 100)}" is not allowed; ${ARRAY_SIZES_ALLOWED}`);
    return [[o.rows ?? dims[0], o.cols ?? dims[1]]];
  };
  return {
    // As in `systolic run`, --dim or --weights without a model make a custom block.
    models: axis('models', parseModels, () => parseModels(o.model!), o.dim !== undefined || o.weights !== undefined ? 'custom' : GRID_DEFAULTS.models),
    arrays: axis('arrays', parseArrays, array),
    dataflows: axis('dataflows', (t) => parseChoices('dataflows', t, DATAFLOWS), () => [o.dataflow!]),
    orders: axis('orders', (t) => parseChoices('orders', t, ORDERS), () => (o.order === 'both' ? [...ORDERS] : [o.order!])),
    bits: axis('bits', parseBits, () => [{ wbits: o.wbits ?? defaultWbits(o.wquant ?? RUN_DEFAULTS.wquant), abits: o.abits ?? RUN_DEFAULTS.abits, framequant: o.wquant === 'framequant' }]),
    pes: axis('pes', (t) => parseChoices('pes', t, FLOAT_FORMAT_NAMES), () => [o.floatPe!]),
    lists: Object.fromEntries(LIST_OPTIONS.map((k) => [k, listValues(k, o[k])])) as SweepSpec['lists'],
    memory: memoryLists(o),
    fixed: Object.fromEntries(FIXED_KEYS.map((k) => [k, o[k]])) as FixedOptions,
  };
}
