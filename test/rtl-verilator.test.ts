// docs/rtl.md: the generated Verilog array, run in Verilator with --coverage-toggle on the same operands, gives
// exactly the simulator's outputs, cycle count and per-PE toggles of the A, B and accumulator registers.
// Required under CI=true; skipped with a reason when verilator is absent locally.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { Gating } from '../dataflow/array-run.js';
import { closedFormCycles, planFolds, type DataflowName } from '../dataflow/fold-plan.js';
import { peSpecFromName } from '../pe/catalog.js';
import type { IntPeSpec } from '../pe/pe-model.js';
import { randomOperands } from '../sim/random-operands.js';
import { simulateGemm } from '../sim/simulate-gemm.js';
import { arrayVerilog } from '../rtl/array-verilog.js';
import { parseToggleCoverage, registerToggles } from '../rtl/coverage.js';
import { operandFiles, parseCycles, parseOutput } from '../rtl/operand-files.js';
import { rtlArraySpec, simulatorPeSpec, type RtlArraySpec } from '../rtl/rtl-spec.js';
import { TB_FILES, testbenchVerilog, verilatorArgs, verilatorMain } from '../rtl/testbench.js';
import { rng } from '../core/random.js';
import { describeWithTools } from './tools.js';

// Verilator builds its model with g++ and make, which its Debian package does not pull in.
const missingTools = ['verilator', 'g++', 'make'].filter((t) => spawnSync(t, ['--version']).status !== 0);

interface Model {
  name: string;
  spec: RtlArraySpec;
  /** Narrow accumulators: the GEMMs must overflow, so that wrap or saturate is what gets compared. */
  overflows: boolean;
}

/** int8 at its default (never-overflowing) width; int4 with a 6-bit saturating accumulator, which one product overflows. */
const PES: Array<[string, IntPeSpec]> = [
  ['int8', peSpecFromName('int8') as IntPeSpec],
  ['int4 acc6 saturate', peSpecFromName('int4', { accBits: 6, overflow: 'saturate' }) as IntPeSpec],
];
/**
 * Extra PEs on one array each (unsigned with a wrapping 6-bit accumulator, unequal operand widths, int16 with its
 * 38-bit accumulator: words beyond 32 bits), and no gating.
 */
const EXTRA: Array<[string, IntPeSpec, DataflowName, number, number, Gating]> = [
  ['uint3 acc6 wrap', peSpecFromName('uint3', { accBits: 6 }) as IntPeSpec, 'ws', 3, 2, 'valid'],
  ['int6×int3', peSpecFromName('int6', { bBits: 3 }) as IntPeSpec, 'is', 2, 3, 'valid'],
  ['int16', peSpecFromName('int16') as IntPeSpec, 'ws', 2, 2, 'valid'],
  ['int8 gating none', peSpecFromName('int8') as IntPeSpec, 'os', 2, 3, 'none'],
  ['int8 gating none', peSpecFromName('int8') as IntPeSpec, 'ws', 3, 2, 'none'],
  ['int4 acc6 saturate gating none', peSpecFromName('int4', { accBits: 6, overflow: 'saturate' }) as IntPeSpec, 'is', 2, 2, 'none'],
];
const ARRAYS: Array<[number, number]> = [
  [2, 2],
  [4, 4],
  [3, 5],
];
const DATAFLOWS: DataflowName[] = ['os', 'ws', 'is'];
const GEMMS_PER_MODEL = 3;

const models: Model[] = [];
for (const [peName, pe] of PES) {
  for (const dataflow of DATAFLOWS) {
    for (const [rows, cols] of ARRAYS) models.push(model(`${peName} ${dataflow} ${rows}×${cols}`, pe, dataflow, rows, cols, 'valid'));
  }
}
for (const [peName, pe, dataflow, rows, cols, gating] of EXTRA) models.push(model(`${peName} ${dataflow} ${rows}×${cols}`, pe, dataflow, rows, cols, gating));

function model(name: string, pe: IntPeSpec, dataflow: DataflowName, rows: number, cols: number, gating: Gating): Model {
  return { name, spec: rtlArraySpec({ rows, cols, dataflow, pe, gating, k: 64 }), overflows: pe.accBits !== undefined };
}

function run(cmd: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} in ${cwd}: exit ${code}\n${stderr.slice(-3000)}`))));
  });
}

/**
 * One Verilator build holds every model (module names prefixed m<i>_, as the generator allows): compiling dominates
 * this test's time, and one build pays the runtime library, the main and the link once. The top tb starts the
 * model named by +model=<i>; only that one reads the operand files and toggles.
 */
function combinedTop(): string {
  const lines = [
    '/*verilator coverage_off*/',
    'module tb (input clk, input rst, input start, output done, output finished);',
    '  integer model = 0;',
    '  initial if (!$value$plusargs("model=%d", model)) model = 0;',
    `  wire [${models.length - 1}:0] dn, fin;`,
    ...models.map((_, i) => `  m${i}_tb u${i} (.clk(clk), .rst(rst), .start(start && model == ${i}), .done(dn[${i}]), .finished(fin[${i}]));`),
    '  assign done = dn[model];',
    '  assign finished = fin[model];',
    'endmodule',
    '',
  ];
  return lines.join('\n');
}

async function build(dir: string): Promise<void> {
  const sources = models.map((m, i) => {
    writeFileSync(join(dir, `m${i}.v`), arrayVerilog(m.spec, `m${i}_`) + testbenchVerilog(m.spec, `m${i}_`));
    return `m${i}.v`;
  });
  writeFileSync(join(dir, 'tb.v'), combinedTop());
  writeFileSync(join(dir, 'tb_main.cpp'), verilatorMain());
  // Unoptimized C++ compiles several times faster, and the simulated GEMMs are small.
  await run('verilator', [...verilatorArgs([...sources, 'tb.v', 'tb_main.cpp']), '-j', '2', '-MAKEFLAGS', 'OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0'], dir);
}

/** Seeded GEMM shapes for an array: one that folds in every dimension, then random ones with dimensions up to 3·max(R, C). */
function shapes(s: RtlArraySpec, seed: number): Array<[number, number, number]> {
  const next = rng(seed);
  const dim = (limit: number) => 1 + Math.floor(next() * limit);
  const big = 3 * Math.max(s.rows, s.cols);
  const out: Array<[number, number, number]> = [[2 * s.rows + 1, s.rows + s.cols + 1, 2 * s.cols + 1]];
  while (out.length < GEMMS_PER_MODEL) out.push([dim(big), dim(big), dim(big)]);
  return out;
}

describeWithTools('Verilator cross-check of the generated RTL', missingTools, 'apt-get install -y verilator g++ make; .ci/run does', () => {
  const dir = mkdtempSync(join(tmpdir(), 'systolic-rtl-'));
  beforeAll(async () => {
    await build(dir);
  }, 300_000);

  it.each(models.map((m, i) => [m.name, i] as const))('%s: outputs, cycles and register toggles equal the simulator', async (_name, index) => {
    const m = models[index]!;
    const s = m.spec;
    let overflows = 0;
    for (const [g, [mm, k, n]] of shapes(s, 1000 + index).entries()) {
      const { a, b } = randomOperands(simulatorPeSpec(s), mm, k, n, 7919 * index + g);
      const caseDir = join(dir, `model-${index}-gemm-${g}`);
      mkdirSync(caseDir);
      for (const [file, text] of Object.entries(operandFiles(s, a, b))) writeFileSync(join(caseDir, file), text);
      await run(join(dir, 'obj_dir', 'Vtb'), [`+model=${index}`], caseDir);

      const sim = simulateGemm({ a, b, pe: simulatorPeSpec(s), dataflow: s.dataflow, rows: s.rows, cols: s.cols, gating: s.gating, engine: 'reference', accuracy: false });
      overflows += sim.result.overflows.pe + sim.result.overflows.edge;
      const what = `${m.name}, GEMM ${mm}×${k}×${n}`;
      const cycles = parseCycles(readFileSync(join(caseDir, TB_FILES.cycles), 'utf8'));
      expect(cycles, `${what}: cycles`).toBe(sim.result.cycles);
      expect(cycles, `${what}: closed form`).toBe(closedFormCycles(planFolds(s.dataflow, mm, k, n, s.rows, s.cols)));
      expect(Array.from(parseOutput(s, readFileSync(join(caseDir, TB_FILES.c), 'utf8'), mm, n)), `${what}: C`).toEqual(Array.from(sim.output.data));
      const toggles = registerToggles(s, parseToggleCoverage(readFileSync(join(caseDir, TB_FILES.coverage), 'utf8')), `TOP.tb.u${index}.dut`);
      const t = sim.counters.toggles;
      expect(toggles, `${what}: toggles`).toEqual({ aReg: Array.from(t.aReg), bReg: Array.from(t.bReg), accReg: Array.from(t.accReg) });
    }
    if (m.overflows) expect(overflows, `${m.name}: overflow events`).toBeGreaterThan(0);
  });
});
