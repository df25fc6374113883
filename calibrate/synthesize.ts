// Synthesizes a PE's Verilog with yosys to the cells of a Liberty library (flops by dfflibmap, logic by abc) and
// reads the mapped netlist back. Netlists are cached on disk by a hash of the source, the library and the script.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PeVerilog } from '../rtl/int-mac-verilog.js';
import { run } from './gate-sim.js';
import { parseNetlist, type Netlist } from './netlist.js';

export interface Synthesized {
  netlist: Netlist;
  cells: number;
  area: number;
  yosysVersion: string;
}

export function yosysScript(top: string, liberty: string): string {
  return `read_verilog pe.v; synth -flatten -top ${top}; dfflibmap -liberty ${liberty}; abc -liberty ${liberty}; opt_clean; tee -o stat.txt stat -liberty ${liberty}; write_verilog -noattr -noexpr net.v`;
}

export function yosysVersion(): string {
  return run('yosys', ['-V'], '.').trim();
}

export function synthesize(v: PeVerilog, liberty: string, cacheDir: string): Synthesized {
  const version = yosysVersion();
  const script = yosysScript(v.top, liberty);
  const key = createHash('sha256').update(`${version}\n${script}\n${readFileSync(liberty, 'utf8')}\n${v.source}`).digest('hex').slice(0, 16);
  const dir = join(cacheDir, `${v.top}-${key}`);
  if (!existsSync(join(dir, 'net.v'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'pe.v'), v.source);
    run('yosys', ['-q', '-p', script], dir);
  }
  const stat = readFileSync(join(dir, 'stat.txt'), 'utf8');
  const cells = Number(/Number of cells:\s+(\d+)/.exec(stat)?.[1]);
  const area = Number(/Chip area for module .*?:\s+([\d.]+)/.exec(stat)?.[1]);
  return { netlist: parseNetlist(readFileSync(join(dir, 'net.v'), 'utf8')), cells, area, yosysVersion: version };
}
