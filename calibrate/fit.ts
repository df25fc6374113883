// Fits the per-PE coefficients of the power model (docs/power-model.md) to gate-level energies: non-negative least
// squares on relative error, reweighted towards the worst (kind, stream) pair (Lawson's minimax iteration), with
// the float adder's scale found by a 1-D search (it multiplies the int adder's per-toggle energies).
import type { Measurement } from './measure.js';

/** Coefficients the fit determines, in fJ per event (scales dimensionless). */
export interface FittedCoefficients {
  regToggleBase: number;
  regToggleWidth: number;
  flopDataToggle: number;
  clockPerFlop: number;
  /** ppToggle·mulScale per multiplier family (the int family shares one). */
  ppInt: number;
  ppFp16: number;
  ppBf16: number;
  ppFp32: number;
  adderAccToggle: number;
  adderProductToggle: number;
  /** Float (fp32-accumulator) adder relative to the int adder's per-toggle energies. */
  addScaleFloat: number;
}

const FEATURES = ['regToggleBase', 'regToggleWidth', 'flopDataToggle', 'clockPerFlop', 'ppInt', 'ppFp16', 'ppBf16', 'ppFp32', 'adderAccToggle', 'adderProductToggle'] as const;

function features(m: Measurement, addScaleFloat: number): number[] {
  const c = m.counters;
  const float = m.pe === 'bf16' || m.pe === 'fp16' || m.pe === 'fp32';
  const s = float ? addScaleFloat : 1;
  return [
    c.aReg + c.bReg,
    m.aBits * c.aReg + m.bBits * c.bReg,
    c.accReg,
    c.clockedFlops,
    m.pe.startsWith('int') ? c.ppArray : 0,
    m.pe === 'fp16' ? c.ppArray : 0,
    m.pe === 'bf16' ? c.ppArray : 0,
    m.pe === 'fp32' ? c.ppArray : 0,
    s * c.accReg,
    s * c.product,
  ];
}

/** Dynamic gate-level energy (fJ): everything but leakage, which the model charges per cycle on its own. */
export const dynamicFj = (m: Measurement) => (m.gate.total - m.gate.leakage) * 1000;

/** Non-negative least squares min ‖Ax − b‖ by cyclic coordinate descent on unit-norm columns. */
export function nnls(A: number[][], b: number[], sweeps = 4000): number[] {
  const n = A[0]?.length ?? 0;
  const norms = Array.from({ length: n }, (_, j) => Math.sqrt(A.reduce((s, row) => s + (row[j] as number) ** 2, 0)) || 1);
  const G = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => A.reduce((s, row) => s + ((row[i] as number) / norms[i]!) * ((row[j] as number) / norms[j]!), 0)));
  const h = Array.from({ length: n }, (_, j) => A.reduce((s, row, r) => s + ((row[j] as number) / norms[j]!) * (b[r] as number), 0));
  const x = new Array<number>(n).fill(0);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    let moved = 0;
    for (let j = 0; j < n; j++) {
      const gjj = G[j]![j]!;
      if (gjj === 0) continue;
      let grad = -h[j]!;
      for (let k = 0; k < n; k++) grad += G[j]![k]! * x[k]!;
      const next = Math.max(0, x[j]! - grad / gjj);
      moved = Math.max(moved, Math.abs(next - x[j]!));
      x[j] = next;
    }
    if (moved < 1e-12) break;
  }
  return x.map((v, j) => v / norms[j]!);
}

function solve(ms: Measurement[], addScaleFloat: number, weights: number[]): number[] {
  const A = ms.map((m, i) => features(m, addScaleFloat).map((f) => (f * weights[i]!) / dynamicFj(m)));
  const b = ms.map((_, i) => weights[i]!);
  return nnls(A, b);
}

function relErrors(ms: Measurement[], addScaleFloat: number, x: number[]): number[] {
  return ms.map((m) => features(m, addScaleFloat).reduce((s, f, j) => s + f * x[j]!, 0) / dynamicFj(m) - 1);
}

/** Minimax-weighted NNLS for one float-adder scale: returns the coefficients with the smallest worst error. */
function fitAt(ms: Measurement[], addScaleFloat: number): { x: number[]; worst: number } {
  let w = ms.map(() => 1);
  let best = { x: solve(ms, addScaleFloat, w), worst: Infinity };
  for (let it = 0; it < 60; it++) {
    const x = solve(ms, addScaleFloat, w);
    const r = relErrors(ms, addScaleFloat, x);
    const worst = Math.max(...r.map(Math.abs));
    if (worst < best.worst) best = { x, worst };
    const sum = r.reduce((s, e, i) => s + w[i]! * Math.abs(e), 0) || 1;
    w = w.map((wi, i) => Math.max(1e-6, (wi * Math.abs(r[i]!)) / sum) * ms.length);
    w = w.map((wi) => Math.sqrt(wi)); // damped: square root of Lawson's update keeps the iteration stable
  }
  return best;
}

export function fitCoefficients(ms: Measurement[]): { coefficients: FittedCoefficients; worstRelError: number } {
  if (ms.length === 0) throw new Error('fit: no measurements');
  // Golden-section search of the float adder scale on a log axis.
  let lo = Math.log(0.01);
  let hi = Math.log(1000);
  const g = (Math.sqrt(5) - 1) / 2;
  const at = (ls: number) => fitAt(ms, Math.exp(ls));
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = at(c);
  let fd = at(d);
  for (let it = 0; it < 25; it++) {
    if (fc.worst < fd.worst) {
      hi = d;
      d = c;
      fd = fc;
      c = hi - g * (hi - lo);
      fc = at(c);
    } else {
      lo = c;
      c = d;
      fc = fd;
      d = lo + g * (hi - lo);
      fd = at(d);
    }
  }
  const [best, ls] = fc.worst < fd.worst ? [fc, c] : [fd, d];
  const coefficients = Object.fromEntries(FEATURES.map((f, j) => [f, best.x[j]!])) as unknown as FittedCoefficients;
  coefficients.addScaleFloat = Math.exp(ls);
  return { coefficients, worstRelError: best.worst };
}
