// What gemm and run print and write: text tables (default), the result JSON (--json, --format json) or CSV
// (--format csv, and an --out file named *.csv), one row per op (reports/csv.ts).
import { z } from 'zod';
import { InputError } from '../core/input-error.js';
import { option } from '../workloads/option-info.js';

export const FORMAT_OPTION = option(z.enum(['json', 'csv']).optional(), { arg: 'fmt', help: 'print the result as json (same as --json) or csv (one row per op, docs/result-schema.md)' });

export type PrintFormat = 'text' | 'json' | 'csv';

export function printFormat(o: { json?: boolean | undefined; format?: 'json' | 'csv' | undefined }): PrintFormat {
  if (o.json && o.format === 'csv') throw new InputError('--format: csv is not allowed with --json (which prints JSON); allowed one of them');
  return o.format ?? (o.json ? 'json' : 'text');
}

/** An output file named *.csv gets CSV, any other name the result JSON. */
export const isCsvPath = (path: string) => /\.csv$/i.test(path);
