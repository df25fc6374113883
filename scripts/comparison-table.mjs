// Regenerates the README's PE comparison table (DeiT-Tiny and DeiT-Small attention on a 16×16 OS array) from
// real runs of the built CLI, and rewrites it between the comparison markers. `npm run table:compare`.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url).pathname;
const readme = new URL('../README.md', import.meta.url).pathname;
const BEGIN = '<!-- comparison:begin -->';
const END = '<!-- comparison:end -->';

const MODELS = ['deit-tiny', 'deit-small'];
// Probabilities take the activation bits; FrameQuant is 2-bit weights in frame space (redundancy 1.1).
const PRECISIONS = [
  { label: 'W8A8', flags: ['--wbits', '8', '--abits', '8', '--pbits', '8'] },
  { label: 'W4A4', flags: ['--wbits', '4', '--abits', '4', '--pbits', '4'] },
  { label: 'W3A3', flags: ['--wbits', '3', '--abits', '3', '--pbits', '3'] },
  { label: 'W2A8 uniform', flags: ['--wbits', '2', '--abits', '8', '--pbits', '8'] },
  { label: 'W2A8 FrameQuant', flags: ['--wquant', 'framequant', '--wbits', '2', '--abits', '8', '--pbits', '8'] },
  { label: 'W2A4 FrameQuant', flags: ['--wquant', 'framequant', '--wbits', '2', '--abits', '4', '--pbits', '4'] },
];
const PES = [
  { label: 'float (fp16), before', flags: ['--order', 'before'] },
  { label: 'int, after', flags: ['--order', 'after'] },
  { label: 'LUT, after', flags: ['--order', 'after', '--pe', 'lut'] },
  // The shift PE needs power-of-two probabilities: compare it with int PEs on the same SULQ codes too.
  { label: 'int (SULQ P), after', flags: ['--order', 'after', '--pquant', 'sulq'] },
  { label: 'shift (SULQ P·V), after', flags: ['--order', 'after', '--pe', 'shift', '--pquant', 'sulq'] },
];
const BASE = ['--array', '16', '--dataflow', 'os', '--jobs', '1', '--json'];

function run(args) {
  const r = spawnSync(process.execPath, [cli, 'run', ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status === 2) return { unavailable: r.stderr.split('\n')[0].replace(/^(error|systolic): /, '') };
  if (r.status !== 0) throw new Error(`systolic run ${args.join(' ')}: exit ${r.status}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cell = (result) => {
  if (result.unavailable) return 'n/a';
  const nj = mean(result.totals.perPeEnergyPj) / 1000;
  return `${nj.toFixed(1)} nJ · ${(result.totals.cycles / 1000).toFixed(1)}k · ${result.accuracy.cosine.toFixed(4)}`;
};

const lines = [
  `| model | precision | ${PES.map((p) => p.label).join(' | ')} |`,
  `|---|---|${PES.map(() => '---').join('|')}|`,
];
/** Why a cell is n/a: the CLI's own message, with the cells it applies to. */
const reasons = new Map();
for (const model of MODELS) {
  for (const precision of PRECISIONS) {
    const cells = PES.map((pe) => {
      const result = run(['--model', model, ...BASE, ...precision.flags, ...pe.flags]);
      if (result.unavailable) reasons.set(result.unavailable, [...(reasons.get(result.unavailable) ?? []), `${model} ${precision.label} ${pe.label}`]);
      return cell(result);
    });
    lines.push(`| ${model} | ${precision.label} | ${cells.join(' | ')} |`);
    process.stderr.write(`${model} ${precision.label} done\n`);
  }
}
const block = [BEGIN, ...lines, '', ...[...reasons].map(([why, where]) => `n/a (${where.length} cells, e.g. ${where[0]}): ${why}`), END].join('\n');
const text = readFileSync(readme, 'utf8');
const from = text.indexOf(BEGIN);
const to = text.indexOf(END);
if (from < 0 || to < 0) throw new Error(`README.md: markers ${BEGIN} … ${END} not found`);
writeFileSync(readme, text.slice(0, from) + block + text.slice(to + END.length));
console.log(block);
