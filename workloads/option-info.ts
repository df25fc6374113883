// What the command line shows of an option: its argument name and help text, kept on the option's zod schema (type,
// range, default) in one registry, so the flag, the config-file field and the TypeScript type are read from one place.
import { z } from 'zod';

export interface OptionInfo {
  help: string;
  /** Name of the flag's argument (`--tokens <n>`); a boolean option is a switch and has none. */
  arg?: string;
  /** One-letter alias (`-o`). */
  short?: string;
  /** The flag takes any text and the code using it checks it: its message says more than a list of choices. */
  anyText?: boolean;
  /** A switch whose default depends on other options: `--no-<flag>` turns it off. */
  negatable?: boolean;
}

const OPTION_INFO = z.registry<OptionInfo, z.ZodType>();

/** The schema itself, registered with its command-line facts; each option needs its own schema instance. */
export function option<S extends z.ZodType>(schema: S, info: OptionInfo): S {
  OPTION_INFO.add(schema, info);
  return schema;
}

export function infoOf(key: string, schema: z.ZodType): OptionInfo {
  const info = OPTION_INFO.get(schema);
  if (!info) throw new Error(`option ${key}: its schema has no help (make it with option())`);
  return info;
}

/** The same option (type, range, default) under a command's own help text. */
export function relabel<S extends z.ZodType>(key: string, schema: S, help: string): S {
  return option(schema.clone(), { ...infoOf(key, schema), help });
}

export const integers = (min: number, max: number) => z.number().int().min(min).max(max);

/** Seeds are 32-bit unsigned, as the RNG takes them. */
export const SEED = integers(0, 2 ** 32 - 1);
