// Verilator's coverage.dat, toggle points only: the toggle count of every PE register, summed over its bits.
import { peInstance, registerNames } from './array-verilog.js';
import type { RtlArraySpec } from './rtl-spec.js';

/** Per PE (row-major) toggles of the A-operand, B-operand and accumulator / partial-sum registers. */
export interface RegisterToggles {
  aReg: number[];
  bReg: number[];
  accReg: number[];
}

/** Toggle count per `hierarchy.signal` (bits summed), from the lines `C '<key\x02value\x01...>' count`. */
export function parseToggleCoverage(text: string): Map<string, number> {
  const totals = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^C '(.*)' (\d+)$/.exec(line);
    if (!m) continue;
    const fields = new Map(m[1]!.split('\x01').filter(Boolean).map((kv) => kv.split('\x02') as [string, string]));
    if (!fields.get('page')?.startsWith('v_toggle/')) continue;
    const signal = fields.get('o')?.replace(/\[\d+\]$/, '');
    const hier = fields.get('h');
    if (!signal || !hier) continue;
    const key = `${hier}.${signal}`;
    totals.set(key, (totals.get(key) ?? 0) + Number(m[2]));
  }
  return totals;
}

/** The three registers of every PE of the array instance at `arrayPath` (e.g. TOP.tb.dut); throws if one is missing. */
export function registerToggles(s: RtlArraySpec, coverage: Map<string, number>, arrayPath: string): RegisterToggles {
  const names = registerNames(s);
  const out: RegisterToggles = { aReg: [], bReg: [], accReg: [] };
  for (let i = 0; i < s.rows; i++) {
    for (let j = 0; j < s.cols; j++) {
      for (const reg of ['aReg', 'bReg', 'accReg'] as const) {
        const key = `${arrayPath}.${peInstance(i, j)}.${names[reg]}`;
        const count = coverage.get(key);
        if (count === undefined) throw new Error(`coverage: no toggle points for ${key}`);
        out[reg].push(count);
      }
    }
  }
  return out;
}
