// Runs SCALE-Sim v2 on a table of GEMM memory configurations and writes test/fixtures/scalesim-memory.json, the
// fixture test/memory-scalesim.test.ts holds `--memory scalesim` to (docs/memory.md, "The scalesim mode").
//
// Regenerate (SCALE-Sim v2 unpacked in <dir>, Debian's /usr/bin/python3 with python3-numpy, python3-pandas and python3-tqdm installed):
//   node scripts/scalesim-fixture.mjs --scalesim <dir> --commit <its 40-hex commit>
// e.g. after `git --git-dir=<fetched scale-sim-v2 git dir> archive HEAD | tar -x -C /work/scalesim`:
//   node scripts/scalesim-fixture.mjs --scalesim /work/scalesim --commit 22f88b17f1dd3160e18bff5df165035bf8146e83
// Each case takes SCALE-Sim a few seconds; the whole table about two minutes on one core.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// [name, dataflow, rows, cols, m, k, n, kB A/B/C, bandwidth ('calc' or words per cycle)]
const CASES = [
  ['os-ample-calc', 'os', 8, 8, 20, 24, 12, [64, 64, 64], 'calc'],
  ['os-ample-bw1', 'os', 8, 8, 20, 24, 12, [64, 64, 64], 1],
  ['os-tiny-calc', 'os', 8, 8, 40, 64, 48, [1, 1, 1], 'calc'],
  ['os-tiny-bw1', 'os', 8, 8, 40, 64, 48, [1, 1, 1], 1],
  ['os-tiny-bw4', 'os', 8, 8, 40, 64, 48, [1, 1, 1], 4],
  ['os-tiny-bw64', 'os', 8, 8, 40, 64, 48, [1, 1, 1], 64],
  ['os-wide-bw2', 'os', 4, 16, 30, 50, 70, [1, 2, 1], 2],
  ['os-tall-bw3', 'os', 16, 4, 70, 45, 30, [2, 1, 1], 3],
  ['os-tall-calc', 'os', 16, 4, 70, 45, 30, [2, 1, 1], 'calc'],
  ['os-row-1xN-bw1', 'os', 1, 8, 5, 300, 20, [1, 1, 1], 1],
  ['os-col-Nx1-bw2', 'os', 8, 1, 20, 300, 5, [1, 1, 1], 2],
  ['ws-ample-calc', 'ws', 8, 8, 30, 20, 16, [64, 64, 64], 'calc'],
  ['ws-ample-bw2', 'ws', 8, 8, 30, 20, 16, [64, 64, 64], 2],
  ['ws-tiny-calc', 'ws', 8, 8, 50, 64, 40, [1, 1, 1], 'calc'],
  ['ws-tiny-bw1', 'ws', 8, 8, 50, 64, 40, [1, 1, 1], 1],
  ['ws-tiny-bw3', 'ws', 8, 8, 50, 64, 40, [1, 1, 1], 3],
  ['ws-tiny-bw16', 'ws', 8, 8, 50, 64, 40, [1, 1, 1], 16],
  ['ws-wide-bw2', 'ws', 4, 12, 64, 70, 30, [2, 1, 1], 2],
  ['ws-tall-calc', 'ws', 12, 4, 40, 30, 70, [1, 2, 2], 'calc'],
  ['ws-filter-wrap-bw8', 'ws', 16, 16, 40, 96, 96, [4, 1, 4], 8],
  ['ws-col-Nx1-bw1', 'ws', 6, 1, 40, 20, 3, [1, 1, 1], 1],
  ['is-ample-calc', 'is', 8, 8, 16, 20, 30, [64, 64, 64], 'calc'],
  ['is-ample-bw1', 'is', 8, 8, 16, 20, 30, [64, 64, 64], 1],
  ['is-tiny-calc', 'is', 8, 8, 40, 64, 50, [1, 1, 1], 'calc'],
  ['is-tiny-bw1', 'is', 8, 8, 40, 64, 50, [1, 1, 1], 1],
  ['is-tiny-bw4', 'is', 8, 8, 40, 64, 50, [1, 1, 1], 4],
  ['is-wide-bw5', 'is', 4, 12, 70, 30, 64, [1, 1, 2], 5],
  ['is-tall-calc', 'is', 12, 4, 30, 70, 40, [2, 1, 1], 'calc'],
  ['is-ifmap-wrap-bw8', 'is', 16, 16, 96, 96, 40, [1, 4, 4], 8],
  ['is-row-1xN-bw2', 'is', 1, 6, 3, 20, 40, [1, 1, 1], 2],
  ['os-ofmap-stall-bw1', 'os', 16, 16, 64, 8, 64, [1, 1, 1], 1],
  ['ws-ofmap-stall-calc', 'ws', 16, 16, 128, 16, 32, [1, 1, 1], 'calc'],
  // Pairs that differ in buffer size only: SCALE-Sim's larger buffer reads (or writes) more DRAM words.
  ['os-3kb-bw1', 'os', 5, 5, 41, 73, 33, [3, 3, 3], 1],
  ['os-4kb-bw1', 'os', 5, 5, 41, 73, 33, [4, 4, 4], 1],
  ['os-3kb-calc', 'os', 5, 5, 41, 73, 33, [3, 3, 3], 'calc'],
  ['os-4kb-calc', 'os', 5, 5, 41, 73, 33, [4, 4, 4], 'calc'],
  ['ws-3kb-calc', 'ws', 9, 5, 89, 25, 41, [3, 3, 3], 'calc'],
  ['ws-5kb-calc', 'ws', 9, 5, 89, 25, 41, [5, 5, 5], 'calc'],
];

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`usage: node scripts/scalesim-fixture.mjs --scalesim <dir> --commit <sha>; ${name} missing`);
  return process.argv[i + 1];
}

function config([name, dataflow, rows, cols, , , , kb, bandwidth]) {
  return `[general]
run_name = ${name}

[architecture_presets]
ArrayHeight: ${rows}
ArrayWidth: ${cols}
IfmapSramSzkB: ${kb[0]}
FilterSramSzkB: ${kb[1]}
OfmapSramSzkB: ${kb[2]}
IfmapOffset: 0
FilterOffset: 10000000
OfmapOffset: 20000000
Bandwidth: ${bandwidth === 'calc' ? 10 : bandwidth}
Dataflow: ${dataflow}
MemoryBanks: 1

[run_presets]
InterfaceBandwidth: ${bandwidth === 'calc' ? 'CALC' : 'USER'}
`;
}

/** The one layer's row of a SCALE-Sim report, as numbers. */
function reportRow(dir, file) {
  const [, row] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
  return row.split(',').map((s) => s.trim()).filter((s) => s !== '').slice(1).map(Number);
}

const scalesim = arg('--scalesim');
const commit = arg('--commit');
const work = mkdtempSync(join(tmpdir(), 'scalesim-fixture-'));
const cases = [];
for (const c of CASES) {
  const [name, dataflow, rows, cols, m, k, n, kb, bandwidth] = c;
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'cfg'), config(c));
  // A GEMM as a conv layer: an M×K ifmap, a 1×K filter, one channel, N filters, stride 1.
  writeFileSync(join(dir, 'topo.csv'), `Layer, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\ngemm, ${m}, ${k}, 1, ${k}, 1, ${n}, 1,\n`);
  execFileSync('/usr/bin/python3', [join(scalesim, 'scalesim/scale.py'), '-c', join(dir, 'cfg'), '-t', join(dir, 'topo.csv'), '-p', dir], {
    env: { ...process.env, PYTHONPATH: scalesim },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const out = join(dir, name);
  const [lastCycle, stallCycles] = reportRow(out, 'COMPUTE_REPORT.csv');
  const bw = reportRow(out, 'BANDWIDTH_REPORT.csv');
  const d = reportRow(out, 'DETAILED_ACCESS_REPORT.csv');
  cases.push({
    name,
    dataflow,
    rows,
    cols,
    m,
    k,
    n,
    sramKb: { a: kb[0], b: kb[1], c: kb[2] },
    bandwidth,
    scalesim: {
      lastCycle,
      stallCycles,
      sram: { ifmapReads: d[2], filterReads: d[5], ofmapWrites: d[8] },
      dram: { ifmapReads: d[11], filterReads: d[14], ofmapWrites: d[17] },
      dramCycles: { ifmap: [d[9], d[10]], filter: [d[12], d[13]], ofmap: [d[15], d[16]] },
      dramBandwidth: { ifmap: bw[3], filter: bw[4], ofmap: bw[5] },
    },
  });
  console.log(name, JSON.stringify(cases.at(-1).scalesim));
}
rmSync(work, { recursive: true });
const fixture = {
  source: 'SCALE-Sim v2, https://github.com/scalesim-project/scale-sim-v2',
  commit,
  command: `node scripts/scalesim-fixture.mjs --scalesim <dir> --commit ${commit}`,
  cases,
};
writeFileSync(new URL('../test/fixtures/scalesim-memory.json', import.meta.url), `${JSON.stringify(fixture, null, 2)}\n`);
