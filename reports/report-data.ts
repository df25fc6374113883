// What the HTML report shows, distilled from result JSON (single runs, both-order runs, sweep lines).
// Reports read results, never the engine.
import { InputError } from '../core/input-error.js';
import type { Result } from '../sim/result.js';

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
}

/** A block or model run's energy per image, by op kind, and per encoder block (by layer group, with its per-PE heatmap). */
export interface ReportSummary {
  images: number;
  energyPerImagePj: number;
  byKind: Record<string, number>;
  blocks: { name: string; groups: Record<string, number>; perPeEnergyPj: number[]; outputCosine: number }[];
}

export interface ReportRun {
  label: string;
  rows: number;
  cols: number;
  ops: ReportOp[];
  totals: { cycles: number; energyPj: number; powerMw: number; perPeMeanPj: number };
  accuracy: { cosine: number; relL2: number; maxAbs: number };
  summary?: ReportSummary;
}

export interface ReportPoint {
  key: string;
  series: string;
  rows: number;
  cols: number;
  cycles: number;
  energyPj: number;
  edp: number;
  utilization: number;
  perPeMeanPj: number;
  cosine: number;
}

export interface ReportData {
  title: string;
  sources: string[];
  runs: ReportRun[];
  points: ReportPoint[];
}

/** What a report reads of a sweep line: any workload's sweep, as long as it labels its series. */
interface SweepLine {
  key: string;
  /** Lines written before sweeps labelled their series: the key without its RxC part. */
  series?: string;
  point: { rows: number; cols: number };
  result: Result;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

function runOf(label: string, r: Result): ReportRun {
  const c = r.config as { rows?: number; cols?: number };
  return {
    label,
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
    })),
    totals: { cycles: r.totals.cycles, energyPj: r.totals.energyPj.total, powerMw: r.totals.powerMw, perPeMeanPj: mean(r.totals.perPeEnergyPj) },
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

function pointOf(l: SweepLine): ReportPoint {
  const t = l.result.totals;
  const p = l.point;
  return {
    key: l.key,
    series: l.series ?? l.key.split('|').filter((part) => !/^\d+x\d+$/.test(part)).join(' '),
    rows: p.rows,
    cols: p.cols,
    cycles: t.cycles,
    energyPj: t.energyPj.total,
    edp: t.energyPj.total * t.timeUs * 1e-6,
    utilization: t.macs / (t.cycles * p.rows * p.cols),
    perPeMeanPj: mean(t.perPeEnergyPj),
    cosine: l.result.accuracy.cosine,
  };
}

/** Accepts any mix of: a result object, a `run --order both` object, JSONL sweep text. */
export function reportData(files: { name: string; text: string }[]): ReportData {
  const data: ReportData = { title: 'systolic report', sources: files.map((f) => f.name), runs: [], points: [] };
  for (const f of files) {
    const trimmed = f.text.trim();
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      const lines = trimmed.split('\n').filter((l) => l.trim() !== '');
      try {
        for (const l of lines) data.points.push(pointOf(JSON.parse(l) as SweepLine));
        continue;
      } catch {
        throw new InputError(`${f.name}: neither a result JSON nor a sweep JSONL file`);
      }
    }
    const o = parsed as { schemaVersion?: number; results?: Record<string, Result>; ops?: unknown; point?: unknown };
    if (o.schemaVersion !== 1 && !o.point) throw new InputError(`${f.name}: schemaVersion ${String(o.schemaVersion)} is not supported; allowed 1`);
    if (o.results) for (const [order, r] of Object.entries(o.results)) data.runs.push(runOf(`dequant-${order}`, r));
    else if (o.ops) data.runs.push(runOf(f.name, parsed as Result));
    else if (o.point) data.points.push(pointOf(parsed as SweepLine));
    else throw new InputError(`${f.name}: a JSON object without ops, results or point`);
  }
  return data;
}
