// A Liberty (.lib) reader for what gate-level energy needs: per cell its leakage, pin capacitances, output
// functions and internal-energy tables (output arcs: 2-D over load and input transition; input pins: 1-D passive).
// Units are converted on read: capacitance to pF, energy to pJ (capacitive_load_unit · voltage²), leakage to nW.

export interface Table {
  /** Rows: index_1 (total output capacitance, pF, or input transition for 1-D); columns: index_2. */
  index1: number[];
  index2: number[];
  values: number[][];
  /** Variable names of index_1 and index_2 from the template. */
  var1: string;
  var2: string;
}

export interface InternalPower {
  relatedPin: string | undefined;
  rise: Table | undefined;
  fall: Table | undefined;
}

export interface LibertyPin {
  name: string;
  direction: 'input' | 'output' | 'inout' | 'internal';
  capacitance: number;
  clock: boolean;
  fn: string | undefined;
  internalPower: InternalPower[];
}

export interface LibertyCell {
  name: string;
  area: number;
  leakageNw: number;
  isSequential: boolean;
  pins: Map<string, LibertyPin>;
}

export interface Library {
  name: string;
  voltage: number;
  timeUnitNs: number;
  cells: Map<string, LibertyCell>;
}

interface Group {
  type: string;
  args: string[];
  attrs: Map<string, string[]>;
  groups: Group[];
}

/** Tokens: identifiers/numbers, quoted strings (quotes kept), and the punctuation ( ) { } : ; , */
function tokenize(text: string): string[] {
  const out: string[] = [];
  const src = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\\\r?\n/g, ' ');
  const re = /"([^"]*)"|([(){}:;,])|([^\s(){}:;,"]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src)) !== null) {
    if (m[1] !== undefined) out.push(`"${m[1]}`);
    else out.push((m[2] ?? m[3]) as string);
  }
  return out;
}

function parseGroups(tokens: string[]): Group {
  let i = 0;
  const unq = (t: string) => (t.startsWith('"') ? t.slice(1) : t);
  const parseBody = (g: Group): void => {
    while (i < tokens.length && tokens[i] !== '}') {
      const name = tokens[i++] as string;
      if (tokens[i] === ':') {
        i++;
        const vals: string[] = [];
        while (i < tokens.length && tokens[i] !== ';' && tokens[i + 1] !== ':' && tokens[i] !== '}') vals.push(unq(tokens[i++] as string));
        if (tokens[i] === ';') i++;
        g.attrs.set(name, vals);
      } else if (tokens[i] === '(') {
        i++;
        const args: string[] = [];
        while (tokens[i] !== ')') {
          if (i >= tokens.length) throw new Error(`liberty: unterminated ( after ${name}`);
          const t = tokens[i++] as string;
          if (t !== ',') args.push(unq(t));
        }
        i++;
        if (tokens[i] === '{') {
          i++;
          const child: Group = { type: name, args, attrs: new Map(), groups: [] };
          parseBody(child);
          i++; // }
          g.groups.push(child);
        } else {
          if (tokens[i] === ';') i++;
          g.attrs.set(name, args); // complex attribute: index_1 (...), values (...), capacitive_load_unit (1, pf)
        }
      } else {
        throw new Error(`liberty: unexpected token "${tokens[i] ?? 'end of file'}" after "${name}"`);
      }
    }
  };
  const root: Group = { type: 'root', args: [], attrs: new Map(), groups: [] };
  parseBody(root);
  return root;
}

const nums = (s: string[] | undefined): number[] => (s ?? []).flatMap((x) => x.split(/[\s,]+/)).filter((x) => x !== '').map(Number);

function parseTable(g: Group, templates: Map<string, Group>): Table {
  const tmpl = templates.get(g.args[0] ?? '');
  const index1 = nums(g.attrs.get('index_1') ?? tmpl?.attrs.get('index_1'));
  const index2 = nums(g.attrs.get('index_2') ?? tmpl?.attrs.get('index_2'));
  const rows = (g.attrs.get('values') ?? []).map((row) => nums([row]));
  const values = index2.length === 0 && rows.length === 1 ? (rows[0] as number[]).map((v) => [v]) : rows;
  return { index1, index2, values, var1: tmpl?.attrs.get('variable_1')?.[0] ?? '', var2: tmpl?.attrs.get('variable_2')?.[0] ?? '' };
}

const CAP_TO_PF: Record<string, number> = { pf: 1, ff: 1e-3, nf: 1e3 };
const POWER_TO_NW: Record<string, number> = { nw: 1, uw: 1e3, mw: 1e6, pw: 1e-3, w: 1e9 };

export function parseLiberty(text: string): Library {
  const root = parseGroups(tokenize(text));
  const lib = root.groups.find((g) => g.type === 'library');
  if (!lib) throw new Error('liberty: no library group');
  const capUnit = lib.attrs.get('capacitive_load_unit');
  const capScale = capUnit ? Number(capUnit[0]) * (CAP_TO_PF[(capUnit[1] ?? 'pf').toLowerCase()] ?? NaN) : 1;
  const leakUnit = /^1?([a-z]+)$/i.exec(lib.attrs.get('leakage_power_unit')?.[0] ?? '1nW');
  const leakScale = POWER_TO_NW[(leakUnit?.[1] ?? 'nW').toLowerCase()] ?? NaN;
  const timeUnit = /^([\d.]+)?\s*(ns|ps)$/i.exec(lib.attrs.get('time_unit')?.[0] ?? '1ns');
  const timeUnitNs = Number(timeUnit?.[1] ?? 1) * (timeUnit?.[2]?.toLowerCase() === 'ps' ? 1e-3 : 1);
  const op = lib.groups.find((g) => g.type === 'operating_conditions');
  const voltage = Number(op?.attrs.get('voltage')?.[0] ?? lib.attrs.get('nom_voltage')?.[0]);
  if (!Number.isFinite(capScale) || !Number.isFinite(leakScale) || !Number.isFinite(voltage)) throw new Error('liberty: unknown units or voltage');
  const templates = new Map<string, Group>();
  for (const g of lib.groups) if (g.type.endsWith('_template')) templates.set(g.args[0] ?? '', g);
  // Energy tables are in capacitive_load_unit · voltage_unit²: scale them like capacitance (to pJ at 1 V units).
  const scaleTable = (t: Table): Table => ({
    ...t,
    index1: t.var1.includes('capacitance') ? t.index1.map((x) => x * capScale) : t.index1,
    index2: t.var2.includes('capacitance') ? t.index2.map((x) => x * capScale) : t.index2,
    values: t.values.map((r) => r.map((v) => v * capScale)),
  });
  const cells = new Map<string, LibertyCell>();
  for (const c of lib.groups.filter((g) => g.type === 'cell')) {
    const pins = new Map<string, LibertyPin>();
    for (const p of c.groups.filter((g) => g.type === 'pin')) {
      const internalPower: InternalPower[] = p.groups
        .filter((g) => g.type === 'internal_power')
        .map((ip) => {
          const rise = ip.groups.find((g) => g.type === 'rise_power');
          const fall = ip.groups.find((g) => g.type === 'fall_power');
          return {
            relatedPin: ip.attrs.get('related_pin')?.[0],
            rise: rise ? scaleTable(parseTable(rise, templates)) : undefined,
            fall: fall ? scaleTable(parseTable(fall, templates)) : undefined,
          };
        });
      for (const name of p.args) {
        pins.set(name, {
          name,
          direction: (p.attrs.get('direction')?.[0] ?? 'input') as LibertyPin['direction'],
          capacitance: Number(p.attrs.get('capacitance')?.[0] ?? 0) * capScale,
          clock: p.attrs.get('clock')?.[0] === 'true',
          fn: p.attrs.get('function')?.[0],
          internalPower,
        });
      }
    }
    const name = c.args[0] ?? '';
    cells.set(name, {
      name,
      area: Number(c.attrs.get('area')?.[0] ?? 0),
      leakageNw: Number(c.attrs.get('cell_leakage_power')?.[0] ?? 0) * leakScale,
      isSequential: c.groups.some((g) => g.type === 'ff' || g.type === 'latch'),
      pins,
    });
  }
  return { name: lib.args[0] ?? '', voltage, timeUnitNs, cells };
}

function bracket(xs: number[], x: number): [number, number, number] {
  if (xs.length === 1) return [0, 0, 0];
  let i = 0;
  while (i < xs.length - 2 && x > (xs[i + 1] as number)) i++;
  const x0 = xs[i] as number;
  const x1 = xs[i + 1] as number;
  return [i, i + 1, (x - x0) / (x1 - x0)]; // extrapolates linearly outside the table, as timing tools do
}

/** Bilinear interpolation of a table at (index_1 = x1, index_2 = x2); a 1-D table ignores x2. */
export function lookup(t: Table, x1: number, x2: number): number {
  const [i0, i1, fi] = bracket(t.index1, x1);
  if (t.index2.length === 0) {
    const a = t.values[i0]?.[0] as number;
    const b = t.values[i1]?.[0] as number;
    return a + (b - a) * fi;
  }
  const [j0, j1, fj] = bracket(t.index2, x2);
  const v = (i: number, j: number) => t.values[i]?.[j] as number;
  const top = v(i0, j0) + (v(i0, j1) - v(i0, j0)) * fj;
  const bot = v(i1, j0) + (v(i1, j1) - v(i1, j0)) * fj;
  return top + (bot - top) * fi;
}

/** Evaluates a table given the named operating point (output load in pF, input transition in ns). */
export function lookupAt(t: Table, loadPf: number, transitionNs: number): number {
  const val = (v: string) => (v.includes('capacitance') ? loadPf : transitionNs);
  return lookup(t, val(t.var1), val(t.var2));
}
