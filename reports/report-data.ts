// What the HTML report shows, distilled from result JSON (single runs, both-order runs, sweep lines).
// Reports read results, never the engine.
import { InputError } from '../core/input-error.js';
import type { MemoryConfig, MemoryReport } from '../memory/memory-model.js';
import { efficiencyOf } from '../sim/efficiency.js';
import { READABLE_VERSIONS, type Result } from '../sim/result.js';

export interface ReportOp {
  name: string;
  kind: string;
  cycles: number;
  macs: number;
  utilization: number;
  energyPj: Record<string, number>;
  perPeEnergyPj: number[];
  cosine: number;
  relL2: number;
  /** The memory system's traffic and stalls, when the run simulated one. */
  memory?: MemoryReport;
}

/** A block or model run's energy per image, by op kind, and per encoder block (by layer group, with its per-PE heatmap). */
export interface ReportSummary {
  images: number;
  energyPerImagePj: number;
  byKind: Record<string, number>;
  blocks: { name: string; groups: Record<string, number>; perPeEnergyPj: number[]; outputCosine: number }[];
}

export interface ReportRun {
  /** `dequant-before`, `dequant-after`, or the file name; with the file name added when labels would repeat. */
  label: string;
  order?: string;
  source: string;
  /** The resolved options the run carries (`config` of the result JSON). */
  config: Record<string, unknown>;
  rows: number;
  cols: number;
  ops: ReportOp[];
  totals: { cycles: number; macs: number; energyPj: Record<string, number>; timeUs: number; powerMw: number; perPeEnergyPj: number[]; perPeMeanPj: number; areaMm2: number; memory?: MemoryReport };
  accuracy: { cosine: number; relL2: number; maxAbs: number };
  summary?: ReportSummary;
}

/** A `run --order both` file's comparison, after / before, as the CLI printed it. */
export interface ReportComparison {
  source: string;
  before: string;
  after: string;
  perPeEnergyRatio: { linear: number; matmul: number; block: number };
  totalEnergyRatio: number;
  cycleRatio: number;
}

export interface ReportPoint {
  /** Position in the sweep's grid (lines written before sweeps numbered them: position in the file). */
  index: number;
  key: string;
  series: string;
  config: Record<string, unknown>;
  rows: number;
  cols: number;
  cycles: number;
  energyPj: number;
  timeUs: number;
  edp: number;
  utilization: number;
  perPeMeanPj: number;
  cosine: number;
  /** The array with its edge units; energy × area; energy × delay × area (NaN for results without an area). */
  areaMm2: number;
  energyAreaPjMm2: number;
  edapPjSMm2: number;
  /** The point's memory system (its configuration, stall cycles, SRAM and DRAM energy), when it simulated one. */
  memory?: { config: MemoryConfig; stallCycles: number; sramPj: number; dramPj: number };
}

export interface ReportData {
  title: string;
  sources: string[];
  runs: ReportRun[];
  comparisons: ReportComparison[];
  /** Sweep points in grid order: by file, then by index. */
  points: ReportPoint[];
}

/** What a report reads of a sweep line: any workload's sweep, as long as it labels its series. */
interface SweepLine {
  index?: number;
  key: string;
  /** Lines written before sweeps labelled their series: the key without its RxC part. */
  series?: string;
  point: { rows: number; cols: number };
  result: Result;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function runOf(source: string, r: Result): ReportRun {
  const c = r.config as { rows?: number; cols?: number; order?: string; micro?: string; gating?: string };
  // The microarchitecture and zero gating name themselves only where they are not the defaults.
  const variant = [c.micro, c.gating === 'zero' ? 'zero gating' : undefined].filter((v) => v !== undefined);
  const label = c.order ? `dequant-${c.order}` : source;
  return {
    label: variant.length > 0 ? `${label} (${variant.join(', ')})` : label,
    ...(c.order && { order: c.order }),
    source,
    config: r.config,
    rows: c.rows ?? r.ops[0]!.rows,
    cols: c.cols ?? r.ops[0]!.cols,
    ops: r.ops.map((op) => ({
      name: op.name,
      kind: op.kind,
      cycles: op.cycles,
      macs: op.macs,
      utilization: op.utilization,
      energyPj: op.energyPj,
      perPeEnergyPj: op.perPe.energyPj,
      cosine: op.accuracy.cosine,
      relL2: op.accuracy.relL2,
      ...(op.memory && { memory: op.memory }),
    })),
    totals: { ...r.totals, perPeMeanPj: mean(r.totals.perPeEnergyPj), areaMm2: efficiencyOf(r.totals).areaMm2 },
    accuracy: r.accuracy,
    ...(r.summary && {
      summary: {
        images: r.summary.images,
        energyPerImagePj: r.summary.energyPerImagePj,
        byKind: Object.fromEntries(Object.entries(r.summary.byKind).map(([k, v]) => [k, v.energyPj])),
        blocks: r.summary.blocks.map((b) => ({ name: b.name, groups: b.groups, perPeEnergyPj: b.perPeEnergyPj, outputCosine: b.outputAccuracy.cosine })),
      },
    }),
  };
}

function pointOf(l: SweepLine, position: number): ReportPoint {
  const t = l.result.totals;
  const p = l.point;
  const s = efficiencyOf(t);
  return {
    index: l.index ?? position,
    key: l.key,
    series: l.series ?? l.key.split('|').filter((part) => !/^\d+x\d+$/.test(part)).join(' '),
    config: l.result.config,
    rows: p.rows,
    cols: p.cols,
    cycles: t.cycles,
    energyPj: t.energyPj.total,
    timeUs: t.timeUs,
    edp: s.edpPjS,
    utilization: t.macs / (t.cycles * p.rows * p.cols),
    perPeMeanPj: mean(t.perPeEnergyPj),
    cosine: l.result.accuracy.cosine,
    areaMm2: s.areaMm2,
    energyAreaPjMm2: s.energyAreaPjMm2,
    edapPjSMm2: s.edapPjSMm2,
    ...(t.memory && { memory: { config: l.result.config['memory'] as MemoryConfig, stallCycles: t.memory.stallCycles, sramPj: t.energyPj.sram, dramPj: t.energyPj.dram ?? 0 } }),
  };
}

/** A file's text as one JSON document, or as JSON lines (a sweep). */
function parseFile(text: string, name: string): { document: unknown } | { lines: unknown[] } {
  try {
    return { document: JSON.parse(text) as unknown };
  } catch {
    try {
      return { lines: text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown) };
    } catch {
      throw new InputError(`${name}: neither a result JSON nor a sweep JSONL file`);
    }
  }
}

/** Accepts any mix of: a result object, a `run --order both` object, JSONL sweep text. */
export function reportData(files: { name: string; text: string }[]): ReportData {
  const data: ReportData = { title: 'systolic report', sources: files.map((f) => f.name), runs: [], comparisons: [], points: [] };
  for (const f of files) {
    const parsed = parseFile(f.text.trim(), f.name);
    if ('lines' in parsed) {
      const points = parsed.lines.map((l, i) => pointOf(l as SweepLine, i));
      data.points.push(...points.sort((a, b) => a.index - b.index));
      continue;
    }
    const o = parsed.document as { schemaVersion?: number; results?: Record<string, Result>; comparison?: Omit<ReportComparison, 'source' | 'before' | 'after'>; ops?: unknown; point?: unknown };
    if (!READABLE_VERSIONS.includes(o.schemaVersion!) && !o.point) throw new InputError(`${f.name}: schemaVersion ${String(o.schemaVersion)} is not supported; allowed ${READABLE_VERSIONS.join(', ')}`);
    if (o.results) {
      const runs = Object.values(o.results).map((r) => runOf(f.name, r));
      data.runs.push(...runs);
      const [before, after] = ['before', 'after'].map((order) => runs.find((r) => r.order === order));
      if (o.comparison && before && after) data.comparisons.push({ source: f.name, before: before.label, after: after.label, ...o.comparison });
    } else if (o.ops) data.runs.push(runOf(f.name, o as unknown as Result));
    else if (o.point) data.points.push(pointOf(o as unknown as SweepLine, 0));
    else throw new InputError(`${f.name}: a JSON object without ops, results or point`);
  }
  distinctLabels(data);
  return data;
}

/** Runs of several files: a label that repeats gets its file name, and comparisons follow the new labels. */
function distinctLabels(data: ReportData): void {
  const repeated = new Set(data.runs.map((r) => r.label).filter((l, i, all) => all.indexOf(l) !== i));
  const renamed = new Map<string, string>();
  for (const run of data.runs) {
    if (!repeated.has(run.label)) continue;
    const label = `${run.label} · ${run.source}`;
    renamed.set(`${run.source}\n${run.label}`, label);
    run.label = label;
  }
  for (const c of data.comparisons) {
    c.before = renamed.get(`${c.source}\n${c.before}`) ?? c.before;
    c.after = renamed.get(`${c.source}\n${c.after}`) ?? c.after;
  }
}

/** The op names of all runs in execution order (of the run with the most ops: FrameQuant's transforms come first). */
export function opNamesOf(runs: ReportRun[], withVector: boolean): string[] {
  const longest = [...runs].sort((a, b) => b.ops.length - a.ops.length);
  return [...new Set(longest.flatMap((r) => r.ops.filter((o) => withVector || o.kind !== 'vector').map((o) => o.name)))];
}

/** Every (op, run) pair in op order, the runs of an op together. */
export function opRows(data: ReportData, withVector: boolean): { op: ReportOp; run: ReportRun }[] {
  return opNamesOf(data.runs, withVector).flatMap((name) => data.runs.flatMap((run) => run.ops.filter((o) => o.name === name).map((op) => ({ op, run }))));
}
