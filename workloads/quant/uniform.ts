// Uniform quantizer (docs/workloads.md): q = clamp(round(x/s) + z, qmin, qmax), x̂ = s·(q − z); per tensor or per
// column (a weight's output channel), symmetric (z = 0, signed codes) or asymmetric (unsigned codes);
// calibrated by min-max, a percentile of the data, or an MSE search over clipping ranges.
import { InputError } from '../../core/input-error.js';
import type { Matrix } from '../../core/matrix.js';

export const CALIBRATIONS = ['minmax', 'percentile', 'mse'] as const;
export type Calibration = (typeof CALIBRATIONS)[number];

export interface UniformQuantizer {
  kind: 'uniform';
  bits: number;
  symmetric: boolean;
  qmin: number;
  qmax: number;
  /** One scale and zero point per column (perChannel), or one for the tensor. */
  perChannel: boolean;
  scale: Float64Array;
  zero: Float64Array;
}

export interface UniformOptions {
  bits: number;
  symmetric: boolean;
  perChannel?: boolean;
  calibration?: Calibration;
  /** Percentile of |x| (symmetric) or of each tail (asymmetric) kept by `percentile` calibration. */
  percentile?: number;
  /** Fixed range instead of calibration (e.g. [0, 1] for probabilities). */
  range?: [number, number];
  /** The MSE search measures its error on at most this many values, evenly strided (the range is still every value's). */
  sample?: number;
}

/** Codes the array reads have 2..8 bits; tensors only vector units read (the residual stream) have up to 16. */
export function checkBits(field: string, bits: number, max = 8): number {
  if (!Number.isInteger(bits) || bits < 2 || bits > max) throw new InputError(`${field}: ${bits} is not allowed; allowed integers 2..${max}`);
  return bits;
}

function codeRange(bits: number, symmetric: boolean): [number, number] {
  return symmetric ? [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1] : [0, 2 ** bits - 1];
}

/** Scale and zero point that map [lo, hi] onto the code range. */
function fit(lo: number, hi: number, bits: number, symmetric: boolean): [number, number] {
  const [qmin, qmax] = codeRange(bits, symmetric);
  // A range too small for a positive double scale (all zeros, or subnormals) quantizes with scale 1.
  const usable = (scale: number) => (scale > 0 && Number.isFinite(scale) ? scale : 1);
  if (symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return [usable(m / qmax), 0];
  }
  lo = Math.min(lo, 0);
  hi = Math.max(hi, 0);
  const s = usable((hi - lo) / (qmax - qmin));
  return [s, Math.min(qmax, Math.max(qmin, Math.round(qmin - lo / s)))];
}

function quantizeValue(x: number, s: number, z: number, qmin: number, qmax: number): number {
  const q = Math.round(x / s) + z;
  return q < qmin ? qmin : q > qmax ? qmax : q;
}

const sortedCopy = (xs: Float64Array): Float64Array => xs.slice().sort();

function quantile(sorted: ArrayLike<number>, p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round((p / 100) * (sorted.length - 1))));
  return sorted[i] as number;
}

function calibrateGroup(values: Float64Array, o: UniformOptions): [number, number] {
  const [qmin, qmax] = codeRange(o.bits, o.symmetric);
  if (o.range) return fit(o.range[0], o.range[1], o.bits, o.symmetric);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const method = o.calibration ?? 'minmax';
  if (method === 'percentile') {
    const p = o.percentile ?? 99.99;
    if (o.symmetric) {
      const m = quantile(sortedCopy(values.map(Math.abs)), p);
      return fit(-m, m, o.bits, true);
    }
    const sorted = sortedCopy(values);
    return fit(quantile(sorted, 100 - p), quantile(sorted, p), o.bits, false);
  }
  if (method === 'mse') {
    // Shrink the min-max range by α in a grid and keep the α with the lowest squared error.
    const stride = o.sample && values.length > o.sample ? Math.ceil(values.length / o.sample) : 1;
    const measured = stride === 1 ? values : Float64Array.from({ length: Math.ceil(values.length / stride) }, (_, i) => values[i * stride] as number);
    let best: [number, number] = fit(lo, hi, o.bits, o.symmetric);
    let bestErr = Infinity;
    for (let step = 0; step <= 80; step++) {
      const alpha = 1 - step * 0.01;
      const [s, z] = fit(lo * alpha, hi * alpha, o.bits, o.symmetric);
      let err = 0;
      // quantizeValue inlined: this loop runs 81 times over the tensor (a model's MLP activations).
      for (let i = 0; i < measured.length; i++) {
        const v = measured[i] as number;
        const q = Math.round(v / s) + z;
        const d = v - s * ((q < qmin ? qmin : q > qmax ? qmax : q) - z);
        err += d * d;
      }
      if (err < bestErr) [bestErr, best] = [err, [s, z]];
    }
    return best;
  }
  return fit(lo, hi, o.bits, o.symmetric);
}

/** Per-column min-max ranges in one pass over the rows (a weight's columns are far apart in memory); each column's values in row order, as its own pass would see them. */
function columnRanges(x: Matrix, o: UniformOptions, scale: Float64Array, zero: Float64Array): void {
  const lo = new Float64Array(x.cols).fill(Infinity);
  const hi = new Float64Array(x.cols).fill(-Infinity);
  for (let r = 0; r < x.rows; r++) {
    const row = r * x.cols;
    for (let c = 0; c < x.cols; c++) {
      const v = x.data[row + c] as number;
      if (v < (lo[c] as number)) lo[c] = v;
      if (v > (hi[c] as number)) hi[c] = v;
    }
  }
  for (let c = 0; c < x.cols; c++) [scale[c], zero[c]] = fit(lo[c] as number, hi[c] as number, o.bits, o.symmetric);
}

export function calibrateUniform(x: Matrix, o: UniformOptions): UniformQuantizer {
  checkBits('bits', o.bits, 16);
  const [qmin, qmax] = codeRange(o.bits, o.symmetric);
  const perChannel = o.perChannel ?? false;
  const groups = perChannel ? x.cols : 1;
  const scale = new Float64Array(groups);
  const zero = new Float64Array(groups);
  if (perChannel && !o.range && (o.calibration ?? 'minmax') === 'minmax') {
    columnRanges(x, o, scale, zero);
    return { kind: 'uniform', bits: o.bits, symmetric: o.symmetric, qmin, qmax, perChannel, scale, zero };
  }
  for (let g = 0; g < groups; g++) {
    let values = x.data;
    if (perChannel) {
      values = new Float64Array(x.rows);
      for (let r = 0; r < x.rows; r++) values[r] = x.data[r * x.cols + g] as number;
    }
    [scale[g], zero[g]] = calibrateGroup(values, o);
  }
  return { kind: 'uniform', bits: o.bits, symmetric: o.symmetric, qmin, qmax, perChannel, scale, zero };
}

/** Codes of x (as a matrix of integers). */
export function quantizeUniform(q: UniformQuantizer, x: Matrix): Matrix {
  const data = new Float64Array(x.data.length);
  // Row by row, so that a column's scale and zero point are found without a division per value.
  for (let at = 0; at < data.length; at += x.cols) {
    for (let c = 0; c < x.cols; c++) {
      const g = q.perChannel ? c : 0;
      data[at + c] = quantizeValue(x.data[at + c] as number, q.scale[g] as number, q.zero[g] as number, q.qmin, q.qmax);
    }
  }
  return { rows: x.rows, cols: x.cols, data };
}

export function dequantizeUniform(q: UniformQuantizer, codes: Matrix): Matrix {
  const data = new Float64Array(codes.data.length);
  for (let at = 0; at < data.length; at += codes.cols) {
    for (let c = 0; c < codes.cols; c++) {
      const g = q.perChannel ? c : 0;
      data[at + c] = (q.scale[g] as number) * ((codes.data[at + c] as number) - (q.zero[g] as number));
    }
  }
  return { rows: codes.rows, cols: codes.cols, data };
}
