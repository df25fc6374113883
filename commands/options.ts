// Commander flags built from option schemas (workloads/option-info.ts): name, argument, help, choices, default and
// parser all come from the schema, so a flag's choices and numbers are what the config-file field of its name accepts.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { z } from 'zod';
import { infoOf } from '../workloads/option-info.js';

export type OptionShape = Record<string, z.ZodType>;

/** The value's own schema under .optional() or .default(), and whether the flag may be left out. */
export function unwrapOption(schema: z.ZodType): { inner: z.ZodType; fallback?: unknown; required: boolean } {
  if (schema instanceof z.ZodOptional) return { inner: schema.unwrap() as z.ZodType, required: false };
  if (schema instanceof z.ZodDefault) return { inner: schema.unwrap() as z.ZodType, fallback: schema.def.defaultValue, required: false };
  return { inner: schema, required: !(schema instanceof z.ZodBoolean) };
}

/** `zeroPoints` → `--zero-points`, the spelling commander maps back to the key. */
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** A flag's number, checked by the option's own schema; the message says what is allowed. */
export function numberArg(schema: z.ZodNumber) {
  const [min, max] = [schema.minValue, schema.maxValue];
  const allowed = schema.isInt
    ? `allowed integers ${min}..${max}`
    : Number.isFinite(max)
      ? `allowed numbers ${min} to ${max}`
      : `allowed a finite number ${schema.safeParse(min).success ? '≥' : '>'} ${min}`;
  return (value: string): number => {
    const v = Number(value);
    if (value.trim() === '' || !schema.safeParse(v).success) throw new InvalidArgumentError(allowed);
    return v;
  };
}

export const positiveNumberArg = numberArg(z.number().positive());

/** One flag per option, in the shape's order. */
export function addFlags(cmd: Command, shape: OptionShape): Command {
  for (const [key, schema] of Object.entries(shape)) {
    const info = infoOf(key, schema);
    const { inner, fallback, required } = unwrapOption(schema);
    const flag = new Option(`${info.short ? `-${info.short}, ` : ''}${flagName(key)}${info.arg ? ` <${info.arg}>` : ''}`, info.help);
    if (inner instanceof z.ZodEnum && !info.anyText) flag.choices(inner.options as string[]);
    if (inner instanceof z.ZodNumber) flag.argParser(numberArg(inner));
    if (fallback !== undefined) flag.default(fallback);
    if (required) flag.makeOptionMandatory();
    cmd.addOption(flag);
    if (info.negatable) cmd.addOption(new Option(`--no-${flagName(key).slice(2)}`, `turn ${flagName(key)} off`));
  }
  return cmd;
}
