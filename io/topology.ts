// SCALE-Sim topology files (scale-sim-v2, topology_utils.py), parsed from text: a header line, then one layer per
// row. Conv rows `name, IFMAP h, IFMAP w, filter h, filter w, channels, num filters, stride h[, stride w],` become
// the GEMM SCALE-Sim builds (M = output pixels, K = filter h·w·channels, N = filters; a name containing DP is
// depthwise: one GEMM per channel, K = filter h·w). With SCALE-Sim's `-i gemm`, rows are `name, M, N, K,`.
// Every defect is one message naming the file, the line and the field.
import { InputError } from '../core/input-error.js';
import { echo } from './echo.js';

export const TOPOLOGY_FORMATS = ['conv', 'gemm'] as const;
export type TopologyFormat = (typeof TOPOLOGY_FORMATS)[number];

/** One layer as the GEMM it runs: M×K · K×N, `instances` times (a depthwise conv's channels). */
export interface TopologyLayer {
  name: string;
  m: number;
  k: number;
  n: number;
  instances: number;
}

const FIELDS: Record<TopologyFormat, string[]> = {
  conv: ['name', 'IFMAP h', 'IFMAP w', 'filter h', 'filter w', 'channels', 'num filters', 'stride h', 'stride w'],
  gemm: ['name', 'M', 'N', 'K'],
};

/** GEMM dimensions up to 2^20, as `systolic gemm` takes them. */
const MAX_DIM = 2 ** 20;

export function parseTopology(text: string, file: string, format: TopologyFormat): TopologyLayer[] {
  const layers: TopologyLayer[] = [];
  const names = FIELDS[format];
  const required = format === 'conv' ? names.length - 1 : names.length;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    // The first line is the header, as SCALE-Sim skips it; blank lines are skipped.
    if (i === 0 || raw.trim() === '') return;
    const fail = (what: string): never => {
      throw new InputError(`--topology ${file}: line ${line}: ${what}`);
    };
    const cells = raw.split(',').map((c) => c.trim());
    // SCALE-Sim's rows end with a comma; one trailing empty field is that comma.
    if (cells.length > 1 && cells.at(-1) === '') cells.pop();
    if (cells.length < required || cells.length > names.length) {
      fail(`${cells.length} fields; a ${format} row has ${required === names.length ? required : `${required} or ${names.length}`}: ${names.join(', ')}${format === 'conv' ? ' (stride w optional)' : ''}`);
    }
    const name = cells[0]!;
    if (name === '') fail('field name is empty; allowed any text');
    const int = (at: number, min = 1): number => {
      const text = cells[at]!;
      const v = /^\d+$/.test(text) ? Number(text) : NaN;
      if (!(v >= min && v <= MAX_DIM)) fail(`field ${names[at]}: "${echo(text)}" is not allowed; allowed integers ${min}..${MAX_DIM}`);
      return v;
    };
    if (format === 'gemm') {
      const [m, n, k] = [int(1), int(2), int(3)];
      layers.push({ name, m, k, n, instances: 1 });
      return;
    }
    const [ih, iw, fh, fw, channels, filters, sh] = [int(1), int(2), int(3), int(4), int(5), int(6), int(7)];
    const sw = cells.length > 8 ? int(8) : sh;
    if (fh > ih) fail(`field filter h: ${fh} is larger than IFMAP h ${ih}; allowed at most IFMAP h`);
    if (fw > iw) fail(`field filter w: ${fw} is larger than IFMAP w ${iw}; allowed at most IFMAP w`);
    // SCALE-Sim's output size, ⌈(ifmap − filter + stride) / stride⌉, without padding.
    const pixels = (Math.floor((ih - fh) / sh) + 1) * (Math.floor((iw - fw) / sw) + 1);
    const depthwise = name.includes('DP');
    layers.push({ name, m: pixels, k: fh * fw * (depthwise ? 1 : channels), n: filters, instances: depthwise ? channels : 1 });
  });
  if (layers.length === 0) throw new InputError(`--topology ${file}: no layers; a topology file has a header line, then one ${format} row per layer (${names.join(', ')})`);
  return layers;
}
