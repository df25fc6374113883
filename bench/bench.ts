// `npm run bench`: simulated MACs/s, PE-cycles/s, wall seconds and peak RSS of both engines on attention GEMMs,
// then whole CLI commands (process included): the ViT-Base QKV GEMM, one GEMM on 1 and 2 threads, attention runs.
// Each case runs in its own process. The reference engine runs DeiT-Tiny only, unless --full (ViT-Base on the
// reference engine takes minutes per case; --full also runs the whole ViT-Base model); --commands runs only the CLI
// commands. --json FILE writes the figures as JSON too.
import { execFileSync, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const full = args.includes('--full');
const jsonAt = args.indexOf('--json');
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
const caseScript = fileURLToPath(new URL('./bench-case.js', import.meta.url));
const cli = fileURLToPath(new URL('./cli.js', import.meta.url));
const only = args.includes('--commands');

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
for (const model of only ? [] : ['deit-tiny', 'vit-base']) {
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
const rss = Math.max(0, ...rows.flatMap((r) => [r.fast.peakRssMb, r.reference?.peakRssMb ?? 0]));
if (rows.length) {
  console.log('');
  console.log(`targets: fast int8 ≥ 200 M MACs/s: measured ${range(fastOf('int8'))}`);
  console.log(`         fast fp16 ≥ 60 M MACs/s: measured ${range(fastOf('fp16'))}`);
  console.log(`         reference ≥ 20 M PE-cycles/s: measured ${range(refCycles)}`);
  console.log(`         peak RSS < 1024 MB: measured ${fmt(rss, 0)} MB`);
}
// The memory system's cost on ViT-Base QKV, 32×32 OS int8 (bench/memory-case.ts).
const memory = only ? undefined : (JSON.parse(execFileSync(process.execPath, [fileURLToPath(new URL('./bench-memory-case.js', import.meta.url))], { encoding: 'utf8' })) as { secondsWithout: number; secondsWith: number; overhead: number });
if (memory) console.log(`         memory system ≤ 10% extra time (ViT-Base QKV 32×32 OS): measured ${fmt(100 * memory.overhead)}% (${fmt(memory.secondsWithout, 3)} s without, ${fmt(memory.secondsWith, 3)} s with)`);

interface CommandRow {
  name: string;
  args: string[];
  /** Median wall seconds of the runs, the process included; peak RSS of the largest run; the 1-minute load before. */
  seconds: number;
  peakRssMb: number;
  load: number;
  target: string;
}

// Each run reports its own peak RSS (worker threads included) on stderr as it exits.
const RSS_HOOK = "data:text/javascript,process.on('exit',()=>process.stderr.write('\\nbench-rss-kb '+process.resourceUsage().maxRSS+'\\n'))";

function command(name: string, cliArgs: string[], target: string, runs = 3): CommandRow {
  const load = loadavg()[0]!;
  const walls: number[] = [];
  let peakRssMb = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--import', RSS_HOOK, cli, ...cliArgs, '--quiet'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    walls.push((performance.now() - t0) / 1000);
    if (r.status !== 0) throw new Error(`${name}: exit ${r.status}\n${r.stderr}`);
    peakRssMb = Math.max(peakRssMb, Number(/bench-rss-kb (\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024);
  }
  walls.sort((a, b) => a - b);
  return { name, args: cliArgs, seconds: walls[Math.floor(walls.length / 2)]!, peakRssMb, load, target };
}

const QKV = ['gemm', '--m', '197', '--k', '768', '--n', '2304', '--rows', '32', '--cols', '32', '--dataflow', 'os', '--json'];
const commands: CommandRow[] = [];
const report = (row: CommandRow) => {
  commands.push(row);
  console.log(`${row.name.padEnd(44)} ${fmt(row.seconds, 2).padStart(7)} s  ${fmt(row.peakRssMb, 0).padStart(6)} MB  load ${fmt(row.load, 2).padStart(5)}  target ${row.target}`);
};
console.log('');
console.log('command (median of 3, process included)           wall     peak RSS   load  target');
report(command('ViT-Base QKV gemm int8', [...QKV, '--pe', 'int8'], '≤ 0.55 s'));
report(command('ViT-Base QKV gemm fp16', [...QKV, '--pe', 'fp16'], '≤ 1.5 s'));
const one = command('ViT-Base QKV gemm int8 --jobs 1', [...QKV, '--pe', 'int8', '--jobs', '1'], '-');
report(one);
const two = command('ViT-Base QKV gemm int8 --jobs 2', [...QKV, '--pe', 'int8', '--jobs', '2'], `≥ 1.7× --jobs 1 (${fmt(one.seconds, 2)} s)`);
report(two);
console.log(`  --jobs 2 speed-up on one GEMM: ${fmt(one.seconds / two.seconds, 2)}× (process included)`);
report(command('ViT-Base attention both orders, 32×32', ['run', '--model', 'vit-base', '--array', '32', '--order', 'both', '--json'], '≤ 1.5 s'));
report(command('ViT-Large attention both orders, 128×128', ['run', '--model', 'vit-large', '--array', '128', '--order', 'both', '--json'], '≤ 4 s, RSS < 1024 MB'));
if (full) report(command('ViT-Base model both orders, 32×32', ['run', '--model', 'vit-base', '--scope', 'model', '--array', '32', '--order', 'both', '--json'], '≤ 45 s, RSS < 1536 MB', 1));
if (jsonFile) writeFileSync(jsonFile, JSON.stringify({ engines: rows, memory, commands }, null, 2) + '\n');
