// `npm run bench`: simulated MACs/s, PE-cycles/s, wall seconds and peak RSS of both engines on attention GEMMs.
// Each case runs in its own process. The reference engine runs DeiT-Tiny only, unless --full (ViT-Base on the
// reference engine takes minutes per case). --json FILE writes the figures as JSON too.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const full = args.includes('--full');
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const caseScript = fileURLToPath(new URL('./bench-case.js', import.meta.url));

interface Row {
  model: string;
  array: number;
  dataflow: string;
  pe: string;
  engine: string;
  macs: number;
  peCycles: number;
  seconds: number;
  macsPerSecond: number;
  peCyclesPerSecond: number;
  peakRssMb: number;
}

const rows: { fast: Row; reference?: Row }[] = [];
const fmt = (x: number, d = 1) => x.toFixed(d);
const header = 'model       array  df  pe    | fast: M MAC/s  M PE-cyc/s  wall s  RSS MB | reference: M MAC/s  M PE-cyc/s  wall s  RSS MB | fast/ref';
console.log(header);
for (const model of ['deit-tiny', 'vit-base']) {
  for (const array of [16, 32, 64]) {
    for (const dataflow of ['os', 'ws', 'is']) {
      for (const pe of ['int8', 'fp16']) {
        const one = (engine: string): Row => JSON.parse(execFileSync(process.execPath, [caseScript, model, String(array), dataflow, pe, engine], { encoding: 'utf8', maxBuffer: 1 << 20 }));
        const fast = one('fast');
        const reference = model === 'deit-tiny' || full ? one('reference') : undefined;
        rows.push(reference ? { fast, reference } : { fast });
        const part = (r?: Row) => (r ? `${fmt(r.macsPerSecond / 1e6).padStart(12)}  ${fmt(r.peCyclesPerSecond / 1e6).padStart(10)}  ${fmt(r.seconds, 2).padStart(6)}  ${fmt(r.peakRssMb, 0).padStart(6)}` : '   (skipped; --full runs it)          ');
        console.log(
          `${model.padEnd(10)}  ${String(array).padStart(5)}  ${dataflow}  ${pe.padEnd(5)} | ${part(fast)} | ${part(reference)}      | ${reference ? fmt(reference.seconds / fast.seconds, 1) + '×' : '-'}`,
        );
      }
    }
  }
}
// The targets of the fast-engine issue, against what this run measured.
const range = (xs: number[]) => (xs.length ? `${fmt(Math.min(...xs) / 1e6)}–${fmt(Math.max(...xs) / 1e6)} M` : 'not run');
const fastOf = (pe: string) => rows.filter((r) => r.fast.pe === pe).map((r) => r.fast.macsPerSecond);
const refCycles = rows.flatMap((r) => (r.reference ? [r.reference.peCyclesPerSecond] : []));
const rss = Math.max(...rows.flatMap((r) => [r.fast.peakRssMb, r.reference?.peakRssMb ?? 0]));
console.log('');
console.log(`targets: fast int8 ≥ 200 M MACs/s: measured ${range(fastOf('int8'))}`);
console.log(`         fast fp16 ≥ 60 M MACs/s: measured ${range(fastOf('fp16'))}`);
console.log(`         reference ≥ 20 M PE-cycles/s: measured ${range(refCycles)}`);
console.log(`         peak RSS < 1024 MB: measured ${fmt(rss, 0)} MB`);
// The memory system's cost on ViT-Base QKV, 32×32 OS int8 (bench/memory-case.ts).
const memory = JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('./bench-memory-case.js', import.meta.url))], { encoding: 'utf8' })) as { secondsWithout: number; secondsWith: number; overhead: number };
console.log(`         memory system ≤ 10% extra time (ViT-Base QKV 32×32 OS): measured ${fmt(100 * memory.overhead)}% (${fmt(memory.secondsWithout, 3)} s without, ${fmt(memory.secondsWith, 3)} s with)`);
if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows, null, 2) + '\n');
