// "What was simulated", in words, from the resolved config records that results carry: one fact per concern
// (model, array, dataflow, orders, bits, quantizers, gating, technology, data). A fact whose value differs between
// runs or sweep points lists every value, in the order the runs come.

export interface Fact {
  label: string;
  values: string[];
}

type Config = Record<string, unknown>;

const DATAFLOW_NAMES: Record<string, string> = { os: 'output-stationary', ws: 'weight-stationary', is: 'input-stationary' };

const GATING_NAMES: Record<string, string> = {
  valid: 'idle registers hold and are clock-gated (valid)',
  none: 'idle registers load zero and stay clocked (none)',
  zero: 'idle registers hold and are clock-gated, and a zero operand isolates the multiplier and adder (zero)',
};

const has = (c: Config, ...keys: string[]) => keys.every((k) => c[k] !== undefined);
const str = (v: unknown) => String(v);

/** A PE as the result names it: a kind (`int`, `fp16`) or a gemm's PE object with its name. */
const peName = (pe: unknown) => (typeof pe === 'object' && pe !== null && 'name' in pe ? str(pe.name) : str(pe));

/** The PE of a config's order: the float PE before, the integer PE kind after, or a gemm's one PE. */
function orderText(c: Config): string | undefined {
  if (c['order'] === 'before') return `dequant-before on ${str(c['floatPe'])} float PEs`;
  if (c['order'] === 'after') return `dequant-after on integer PEs (${str(c['pe'])})`;
  return has(c, 'pe') ? `one GEMM on ${peName(c['pe'])} PEs` : undefined;
}

function weightsText(c: Config): string {
  return c['wquant'] === 'framequant' ? `FrameQuant in frame space (redundancy ${str(c['redundancy'])})` : 'uniform per output channel';
}

const FACTS: [string, (c: Config) => string | undefined][] = [
  ['Model', (c) => (has(c, 'model') ? `${str(c['model'])} attention block` : has(c, 'm', 'k', 'n') ? `GEMM ${str(c['m'])}×${str(c['k'])} · ${str(c['k'])}×${str(c['n'])}` : undefined)],
  ['Shape', (c) => (has(c, 'tokens', 'dim', 'heads') ? `${str(c['tokens'])} tokens, embedding dim ${str(c['dim'])}, ${str(c['heads'])} heads of dim ${Number(c['dim']) / Number(c['heads'])}` : undefined)],
  ['Array', (c) => (has(c, 'rows', 'cols') ? `${str(c['rows'])}×${str(c['cols'])} PEs` : undefined)],
  ['Dataflow', (c) => (has(c, 'dataflow') ? `${DATAFLOW_NAMES[str(c['dataflow'])] ?? str(c['dataflow'])} (${str(c['dataflow']).toUpperCase()})` : undefined)],
  ['Orders and PEs', orderText],
  ['Bit widths', (c) => (has(c, 'wbits', 'abits', 'pbits') ? `weights ${str(c['wbits'])}, activations ${str(c['abits'])}, attention probabilities ${str(c['pbits'])}` : undefined)],
  ['Weights', (c) => (has(c, 'wquant') ? weightsText(c) : undefined)],
  ['Activations', (c) => (has(c, 'zeroPoints', 'calibration') ? `${str(c['zeroPoints'])} zero points, ${str(c['calibration'])} calibration${c['reparam'] ? ', reparameterized block input' : ''}` : undefined)],
  ['Probabilities and softmax', (c) => (has(c, 'pquant', 'softmax') ? `${str(c['pquant'])} probability quantizer, ${str(c['softmax'])} softmax unit` : undefined)],
  // Only a pipelined run names its microarchitecture (the simple array is the default).
  ['Microarchitecture', (c) => (has(c, 'micro') ? `${str(c['micro'])}: double-buffered stationary registers, folds overlap` : undefined)],
  ['Gating', (c) => (has(c, 'gating') ? GATING_NAMES[str(c['gating'])] ?? str(c['gating']) : undefined)],
  ['Technology', (c) => (has(c, 'tech', 'clockMhz') ? `${str(c['tech'])} at ${str(c['clockMhz'])} MHz` : undefined)],
  ['Memory', memoryText],
  ['Data', dataText],
  ['Engine', (c) => (has(c, 'engine') ? `${str(c['engine'])} engine` : undefined)],
];

/** Only a run with a memory system names it (docs/memory.md). */
function memoryText(c: Config): string | undefined {
  const m = c['memory'] as { mode: string; sramKb: { a: number; b: number; c: number }; banks: number; bandwidth: number | string; dram: string } | undefined;
  if (!m) return undefined;
  const port = m.bandwidth === 'calc' ? 'bandwidth calc (no stalls; the bandwidth needed is reported)' : `${str(m.bandwidth)} B/cycle`;
  return `${m.mode} mode: buffers A ${m.sramKb.a} kB, B ${m.sramKb.b} kB, C ${m.sramKb.c} kB (${m.banks} bank${m.banks > 1 ? 's' : ''} each), ${m.dram} DRAM at ${port}`;
}

function dataText(c: Config): string | undefined {
  const d = c['data'] as { synthetic?: boolean; seed?: number; weights?: string; block?: number; input?: string } | undefined;
  if (!d) return undefined;
  if (d.synthetic) return `synthetic weights and input, seed ${str(d.seed)}`;
  return `weights ${str(d.weights)} (block ${str(d.block)}), input ${str(d.input)}`;
}

/** The facts of every config, merged: each label once, with the distinct values of the configs that have it. */
export function simulatedFacts(configs: Config[]): Fact[] {
  return FACTS.map(([label, text]) => ({ label, values: [...new Set(configs.map(text).filter((v): v is string => v !== undefined))] })).filter((f) => f.values.length > 0);
}
