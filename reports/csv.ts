// Results as CSV, one row per op (docs/result-schema.md, "CSV"): flat columns with units in the header, like
// SCALE-Sim's COMPUTE_REPORT, that pandas.read_csv loads alone (RFC 4180 quoting, one header line, plain numbers).
import type { Result } from '../sim/result.js';
import { EDGE_OPS } from '../sim/edge-units.js';
import { ENERGY_COMPONENTS } from '../sim/power-model.js';
import type { OpResult } from '../sim/simulate-gemm.js';

type Cell = string | number | boolean | undefined;

/** A sweep line as sweep writes it: the point's key and grid fields, and its single-order result. */
export interface CsvSweepLine {
  index: number;
  key: string;
  point: object;
  result: Result;
}

// Every toggle counter of an op, in the result's order (reports see sim's types, not the dataflow's list); the
// pipelined array's shadow registers are in the JSON only, so that the columns stay fixed.
const TOGGLES: Record<Exclude<keyof OpResult['toggles'], 'shadowReg'>, true> = { aReg: true, bReg: true, accReg: true, product: true, ppArray: true };

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The op columns, in order: what the op is, its counts, energy by component, per-PE spread, SRAM, edge units, accuracy, area. */
const OP_COLUMNS: [string, (op: OpResult) => Cell][] = [
  ['op', (op) => op.name],
  ['kind', (op) => op.kind],
  ['pe', (op) => op.pe],
  ['m', (op) => op.m],
  ['k', (op) => op.k],
  ['n', (op) => op.n],
  ['instances', (op) => op.instances],
  ['folds', (op) => op.folds],
  ['cycles', (op) => op.cycles],
  ['macs', (op) => op.macs],
  ['utilization', (op) => op.utilization],
  ['overflows_pe', (op) => op.overflows.pe],
  ['overflows_edge', (op) => op.overflows.edge],
  ['energy_total_pJ', (op) => op.energyPj.total],
  ...[...ENERGY_COMPONENTS, 'sram' as const, 'edge' as const].map((c): [string, (op: OpResult) => Cell] => [`energy_${c}_pJ`, (op) => op.energyPj[c]]),
  ['pe_energy_mean_pJ', (op) => sum(op.perPe.energyPj) / op.perPe.energyPj.length],
  ['pe_energy_max_pJ', (op) => op.perPe.energyPj.reduce((a, b) => Math.max(a, b), 0)],
  ...(Object.keys(TOGGLES) as (keyof typeof TOGGLES)[]).map((t): [string, (op: OpResult) => Cell] => [`toggles_${t}`, (op) => op.toggles[t]]),
  ['sram_reads', (op) => op.sram.reads],
  ['sram_writes', (op) => op.sram.writes],
  ['sram_read_bits', (op) => op.sram.readBits],
  ['sram_write_bits', (op) => op.sram.writeBits],
  ...EDGE_OPS.map((e): [string, (op: OpResult) => Cell] => [`edge_${e}`, (op) => op.edge[e] ?? 0]),
  ['cosine', (op) => op.accuracy.cosine],
  ['rel_l2', (op) => op.accuracy.relL2],
  ['max_abs', (op) => op.accuracy.maxAbs],
  ...(['pe', 'array', 'edge'] as const).map((a): [string, (op: OpResult) => Cell] => [`area_${a}_um2`, (op) => op.areaUm2[a]]),
];
const OP_NAMES = new Set(OP_COLUMNS.map(([name]) => name));

// With a memory system (any op has one): its energy, cycles and per-operand traffic in words; other ops leave them empty.
const MEMORY_COLUMNS: [string, (op: OpResult) => Cell][] = [
  ['energy_dram_pJ', (op) => op.energyPj.dram],
  ['memory_compute_cycles', (op) => op.memory?.computeCycles],
  ['memory_stall_cycles', (op) => op.memory?.stallCycles],
  ...(['a', 'b', 'c'] as const).flatMap((x): [string, (op: OpResult) => Cell][] => [
    [`sram_${x}_reads`, (op) => op.memory?.sram[x].reads],
    [`sram_${x}_writes`, (op) => op.memory?.sram[x].writes],
  ]),
  ['dram_a_reads', (op) => op.memory?.dram.a.reads],
  ['dram_b_reads', (op) => op.memory?.dram.b.reads],
  ['dram_c_writes', (op) => op.memory?.dram.c.writes],
  ['dram_a_read_bits', (op) => op.memory?.dramBits.a.reads],
  ['dram_b_read_bits', (op) => op.memory?.dramBits.b.reads],
  ['dram_c_write_bits', (op) => op.memory?.dramBits.c.writes],
  ['bandwidth_needed_bytes_per_cycle', (op) => op.memory?.bandwidthNeeded.total],
];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. NaN (JSON null) is empty. */
function field(v: Cell): string {
  if (v === undefined || (typeof v === 'number' && Number.isNaN(v))) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : v > 0 ? 'inf' : '-inf';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of leading fields and an op; the leading columns are the union of the rows' fields, in first-seen order. */
function table(rows: { lead: Record<string, Cell>; op: OpResult }[]): string {
  const leads = [...new Set(rows.flatMap((r) => Object.keys(r.lead)))];
  const columns = rows.some((r) => r.op.memory) ? [...OP_COLUMNS, ...MEMORY_COLUMNS] : OP_COLUMNS;
  const header = [...leads, ...columns.map(([name]) => name)];
  const lines = rows.map((r) => [...leads.map((l) => r.lead[l]), ...columns.map(([, of]) => of(r.op))].map(field).join(','));
  return [header.map(field).join(','), ...lines].join('\n') + '\n';
}

/** gemm, or run in one or both orders: a row per op, led by the order when the result has one. */
export function resultsCsv(results: Result[]): string {
  return table(results.flatMap((r) => r.ops.map((op) => ({ lead: typeof r.config['order'] === 'string' ? { order: r.config['order'] } : {}, op }))));
}

/** A sweep: a row per point and op, led by the point's index, key and grid fields (point_<name> where an op column has the name). */
export function sweepCsv(lines: CsvSweepLine[]): string {
  return table(
    lines.flatMap((line) => {
      const lead: Record<string, Cell> = { index: line.index, key: line.key };
      for (const [name, v] of Object.entries(line.point)) {
        if (typeof v === 'object' || name === 'index' || name === 'key') continue;
        lead[OP_NAMES.has(name) ? `point_${name}` : name] = v as Cell;
      }
      return line.result.ops.map((op) => ({ lead, op }));
    }),
  );
}
