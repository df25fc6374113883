// The explorer's form, built from the run options' zod schemas: a choice list per enum, a number field with the
// schema's range per number, a checkbox per switch, a file picker per option that names a file; each with the help
// text `systolic run --help` shows. It reads back as a config object in the schema of `--config` files.
import { z } from 'zod';
import { el } from '../../reports/client/dom.js';
import { infoOf } from '../../workloads/option-info.js';
import { RUN_OPTIONS } from '../../workloads/run-options.js';
import { FORM_GROUPS, PREFILLED, type OptionKey } from '../form-groups.js';
import { FILE_OPTIONS, type FileOption, type LoadedFile } from '../order-task.js';

interface JsonSchema {
  type?: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  default?: unknown;
}

export interface RunForm {
  /** The options the form sets, those equal to their default left out. */
  config(): Record<string, unknown>;
  /** The files picked for the options that name one. */
  files: Partial<Record<FileOption, LoadedFile>>;
}

const words = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
const isFileOption = (key: string): key is FileOption => (FILE_OPTIONS as readonly string[]).includes(key);

/** A control's value as the option's type; undefined when left empty. */
type Reader = () => unknown;

function control(parent: HTMLElement, key: OptionKey, files: RunForm['files']): Reader {
  const schema = RUN_OPTIONS[key] as z.ZodType;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const label = el('label', parent, undefined, 'field');
  el('span', label, words(key), 'name');
  const initial = PREFILLED[key] ?? (json.default === undefined ? '' : String(json.default));
  let read: Reader;
  if (isFileOption(key)) {
    const input = el('input', label);
    input.type = 'file';
    input.name = key;
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (file) files[key] = { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
      else delete files[key];
    });
    read = () => files[key]?.name;
  } else if (json.enum) {
    const select = el('select', label);
    select.name = key;
    // An option that may be left out (the memory mode) offers to leave it out.
    const omissible = initial === '' && schema.safeParse(undefined).success;
    for (const choice of omissible ? ['', ...json.enum] : json.enum) el('option', select, choice).value = choice;
    select.value = omissible ? '' : initial || json.enum[0]!;
    read = () => select.value || undefined;
  } else if (json.type === 'boolean') {
    const box = el('input', label);
    box.type = 'checkbox';
    box.name = key;
    read = () => (box.checked ? true : undefined);
  } else if (json.type !== 'number' && json.type !== 'integer') {
    // Text and unions of text with numbers (buffer sizes A,B,C; a bandwidth or calc).
    const input = el('input', label);
    input.name = key;
    input.value = initial;
    read = () => (input.value.trim() === '' ? undefined : input.value.trim());
  } else {
    const input = el('input', label);
    input.type = 'number';
    input.name = key;
    input.step = json.type === 'integer' ? '1' : 'any';
    if (json.minimum !== undefined) input.min = String(json.minimum);
    if (json.maximum !== undefined) input.max = String(json.maximum);
    input.value = initial;
    read = () => (input.value.trim() === '' ? undefined : Number(input.value));
  }
  el('small', label, infoOf(key, schema).help);
  return () => {
    const v = read();
    return v === json.default ? undefined : v;
  };
}

export function runForm(parent: HTMLElement): RunForm {
  const files: RunForm['files'] = {};
  const readers: [OptionKey, Reader][] = [];
  for (const [title, keys] of FORM_GROUPS) {
    const set = el('fieldset', parent);
    el('legend', set, title);
    for (const key of keys) readers.push([key, control(set, key, files)]);
  }
  // Keys in the options' own order, as a config file lists them.
  const order = Object.keys(RUN_OPTIONS);
  readers.sort(([a], [b]) => order.indexOf(a) - order.indexOf(b));
  return {
    files,
    config: () => Object.fromEntries(readers.map(([key, read]) => [key, read()]).filter(([, v]) => v !== undefined)),
  };
}
