// Reads the mapped netlist yosys writes (`write_verilog -noattr -noexpr`) down to single-bit nets, and writes it
// back with one scalar wire per net (n0, n1, …) so that a VCD dump names every net the energy sum needs.

export interface CellInstance {
  type: string;
  name: string;
  /** Pin name → net id. */
  pins: Map<string, number>;
}

export interface Port {
  name: string;
  direction: 'input' | 'output';
  /** Net id of each bit, LSB first. */
  bits: number[];
}

export interface Netlist {
  module: string;
  nets: number;
  ports: Port[];
  cells: CellInstance[];
  /** Net ids tied to constant 0 and 1 (undefined when unused). */
  const0: number | undefined;
  const1: number | undefined;
}

/** Identifiers (plain or escaped), numbers with a base, and punctuation. */
function tokenize(src: string): string[] {
  const out: string[] = [];
  const re = /\\(\S+)\s|(\d+'[bhdo][0-9a-fA-FxzXZ_]+)|([A-Za-z_$][\w$]*)|(\d+)|([()[\]{}:;,.=])/g;
  const text = src.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/gm, ' ');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? (m[5] as string));
  return out;
}

export function parseNetlist(src: string): Netlist {
  const t = tokenize(src);
  let i = 0;
  const expect = (s: string) => {
    if (t[i] !== s) throw new Error(`netlist: expected "${s}" at token ${i}, found "${t[i] ?? 'end'}"`);
    i++;
  };
  // Union-find over bit ids: `assign` merges nets.
  const parent: number[] = [];
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x] as number] as number;
    return x;
  };
  const fresh = () => {
    parent.push(parent.length);
    return parent.length - 1;
  };
  const signals = new Map<string, { lsb: number; width: number; ids: number[] }>();
  let c0: number | undefined;
  let c1: number | undefined;
  const constBit = (b: string): number => {
    if (b === '1') return (c1 ??= fresh());
    if (b === '0') return (c0 ??= fresh());
    throw new Error(`netlist: constant bit "${b}" is not supported; allowed 0 and 1`);
  };
  const declare = (name: string, msb: number, lsb: number) => {
    if (signals.has(name)) return;
    const width = Math.abs(msb - lsb) + 1;
    signals.set(name, { lsb: Math.min(msb, lsb), width, ids: Array.from({ length: width }, fresh) });
  };
  const range = (): [number, number] => {
    if (t[i] !== '[') return [0, 0];
    i++;
    const msb = Number(t[i++]);
    expect(':');
    const lsb = Number(t[i++]);
    expect(']');
    return [msb, lsb];
  };
  /** Bits of an expression, MSB first (Verilog concatenation order). */
  const expr = (): number[] => {
    const tok = t[i++] as string;
    if (tok === '{') {
      const bits: number[] = [];
      for (;;) {
        bits.push(...expr());
        if (t[i] === ',') i++;
        else break;
      }
      expect('}');
      return bits;
    }
    const undriven = /^(\d+)'[bh][xXzZ_]+$/.exec(tok);
    // Bits yosys leaves undriven (x): a net of their own that no cell drives.
    if (undriven) return Array.from({ length: Number(undriven[1]) }, fresh);
    const lit = /^(\d+)'([bhdo])([0-9a-fA-F_]+)$/.exec(tok);
    if (lit) {
      const width = Number(lit[1]);
      const prefix = { h: '0x', b: '0b', o: '0o', d: '' }[lit[2] as 'h' | 'b' | 'o' | 'd'];
      const v = BigInt(prefix + (lit[3] as string).replace(/_/g, ''));
      return Array.from({ length: width }, (_, k) => constBit(((v >> BigInt(width - 1 - k)) & 1n).toString()));
    }
    const s = signals.get(tok);
    if (!s) throw new Error(`netlist: undeclared signal "${tok}"`);
    if (t[i] === '[') {
      i++;
      const hi = Number(t[i++]);
      let lo = hi;
      if (t[i] === ':') {
        i++;
        lo = Number(t[i++]);
      }
      expect(']');
      const bits: number[] = [];
      for (let b = hi; b >= lo; b--) bits.push(s.ids[b - s.lsb] as number);
      return bits;
    }
    return [...s.ids].reverse();
  };
  const ports: Port[] = [];
  const portOrder: string[] = [];
  const cells: CellInstance[] = [];
  const pending: { type: string; name: string; conns: [string, number[]][] }[] = [];
  expect('module');
  const moduleName = t[i++] as string;
  expect('(');
  while (t[i] !== ')') if (t[i++] !== ',') portOrder.push(t[i - 1] as string);
  expect(')');
  expect(';');
  while (t[i] !== 'endmodule') {
    const kw = t[i++] as string;
    if (kw === 'input' || kw === 'output' || kw === 'wire' || kw === 'reg' || kw === 'inout') {
      const [msb, lsb] = range();
      const name = t[i++] as string;
      declare(name, msb, lsb);
      if (kw === 'input' || kw === 'output') ports.push({ name, direction: kw, bits: [] });
      expect(';');
    } else if (kw === 'assign') {
      const lhs = expr();
      expect('=');
      const rhs = expr();
      expect(';');
      if (lhs.length !== rhs.length) throw new Error(`netlist: assign of ${rhs.length} bits to ${lhs.length} bits`);
      lhs.forEach((l, k) => (parent[find(l)] = find(rhs[k] as number)));
    } else {
      const name = t[i++] as string;
      expect('(');
      const conns: [string, number[]][] = [];
      while (t[i] !== ')') {
        expect('.');
        const pin = t[i++] as string;
        expect('(');
        const bits = t[i] === ')' ? [] : expr();
        expect(')');
        conns.push([pin, bits]);
        if (t[i] === ',') i++;
      }
      expect(')');
      expect(';');
      pending.push({ type: kw, name, conns });
    }
  }
  // Renumber the union-find roots densely.
  const dense = new Map<number, number>();
  const id = (x: number) => {
    const r = find(x);
    let d = dense.get(r);
    if (d === undefined) dense.set(r, (d = dense.size));
    return d;
  };
  for (const p of pending) {
    const pins = new Map<string, number>();
    for (const [pin, bits] of p.conns) {
      if (bits.length !== 1) throw new Error(`netlist: cell ${p.name} pin ${pin} has ${bits.length} bits; cells have 1-bit pins`);
      pins.set(pin, id(bits[0] as number));
    }
    cells.push({ type: p.type, name: p.name, pins });
  }
  for (const p of ports) p.bits = (signals.get(p.name) as { ids: number[] }).ids.map(id);
  ports.sort((a, b) => portOrder.indexOf(a.name) - portOrder.indexOf(b.name));
  const const0 = c0 === undefined ? undefined : id(c0);
  const const1 = c1 === undefined ? undefined : id(c1);
  return { module: moduleName, nets: dense.size, ports, cells, const0, const1 };
}

/** The netlist with scalar wires n<id>; ports keep their names and widths. */
export function flatVerilog(n: Netlist): string {
  const lines = [`module ${n.module} (${n.ports.map((p) => p.name).join(', ')});`];
  for (const p of n.ports) lines.push(`  ${p.direction} ${p.bits.length > 1 ? `[${p.bits.length - 1}:0] ` : ''}${p.name};`);
  for (let k = 0; k < n.nets; k++) lines.push(`  wire n${k};`);
  for (const p of n.ports) {
    const one = p.bits.length === 1;
    p.bits.forEach((b, k) => {
      const port = one ? p.name : `${p.name}[${k}]`;
      lines.push(p.direction === 'input' ? `  assign n${b} = ${port};` : `  assign ${port} = n${b};`);
    });
  }
  if (n.const0 !== undefined) lines.push(`  assign n${n.const0} = 1'b0;`);
  if (n.const1 !== undefined) lines.push(`  assign n${n.const1} = 1'b1;`);
  n.cells.forEach((c, k) => {
    lines.push(`  ${c.type} c${k} (${[...c.pins].map(([pin, net]) => `.${pin}(n${net})`).join(', ')});`);
  });
  lines.push('endmodule', '');
  return lines.join('\n');
}
