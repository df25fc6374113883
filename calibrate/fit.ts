// Fits the per-PE coefficients of the power model (docs/power-model.md) to gate-level energies: non-negative least
// squares on relative error, reweighted towards the worst (kind, stream) pair (Lawson's minimax iteration), with
// the float adder's scale found by a 1-D search (it multiplies the int adder's per-toggle energies). A prior pulls
// each coefficient towards the shape of a reference technology file (scaled by one factor) as far as the error
// target allows: the counters are correlated, and without it the fit moves energy between components freely.
import type { Tech } from '../sim/tech.js';
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
export function nnls(A: number[][], b: number[], sweeps = 3000): number[] {
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

/** Prior coefficients (fJ, same order as FEATURES) and float adder scale from a reference technology file. */
export function priorOf(tech: Tech): { x: number[]; addScaleFloat: number } {
  const c = tech.coefficients;
  const mul = (s: number) => c.mulGlitch.value * c.ppToggle.value * s;
  const intAdd = c.intAdderGlitch.value * c.addScaleInt.value;
  return {
    x: [
      c.regToggleBase.value,
      c.regToggleWidth.value,
      c.flopDataToggle.value,
      c.clockPerFlop.value,
      mul(c.mulScaleInt.value),
      mul(c.mulScaleFp16.value),
      mul(c.mulScaleBf16.value),
      mul(c.mulScaleFp32.value),
      intAdd * c.adderAccToggle.value,
      intAdd * c.adderProductToggle.value,
    ],
    addScaleFloat: (c.floatAdderGlitch.value * c.addScaleFp32Acc.value) / intAdd,
  };
}

interface Prior {
  /** Prior coefficients already scaled to the measurements. */
  x: number[];
  lambda: number;
}

function solve(ms: Measurement[], addScaleFloat: number, weights: number[], prior: Prior): number[] {
  const A = ms.map((m, i) => features(m, addScaleFloat).map((f) => (f * weights[i]!) / dynamicFj(m)));
  const b = ms.map((_, i) => weights[i]!);
  if (prior.lambda > 0) {
    prior.x.forEach((x0, j) => {
      if (x0 <= 0) return;
      A.push(prior.x.map((_, k) => (k === j ? prior.lambda / x0 : 0)));
      b.push(prior.lambda);
    });
  }
  return nnls(A, b);
}

function relErrors(ms: Measurement[], addScaleFloat: number, x: number[]): number[] {
  return ms.map((m) => features(m, addScaleFloat).reduce((s, f, j) => s + f * x[j]!, 0) / dynamicFj(m) - 1);
}

/** Minimax-weighted NNLS for one float-adder scale: returns the coefficients with the smallest worst error. */
function fitAt(ms: Measurement[], addScaleFloat: number, prior: Prior): { x: number[]; worst: number } {
  let w = ms.map(() => 1);
  let best = { x: solve(ms, addScaleFloat, w, prior), worst: Infinity };
  for (let it = 0; it < 40; it++) {
    const x = solve(ms, addScaleFloat, w, prior);
    const r = relErrors(ms, addScaleFloat, x);
    const worst = Math.max(...r.map(Math.abs));
    if (worst < best.worst) best = { x, worst };
    const sum = r.reduce((s, e, i) => s + w[i]! * Math.abs(e), 0) || 1;
    w = w.map((wi, i) => Math.max(1e-6, (wi * Math.abs(r[i]!)) / sum) * ms.length);
    w = w.map((wi) => Math.sqrt(wi)); // damped: square root of Lawson's update keeps the iteration stable
  }
  return best;
}

/** Prior strengths tried, strongest first; the fit keeps the strongest whose worst error meets the target. */
const LAMBDAS = [1, 0.5, 0.3, 0.2, 0.15, 0.1, 0.07, 0.05, 0.03, 0.02, 0.01, 0.003, 0.001, 0];

export interface FitResult {
  coefficients: FittedCoefficients;
  worstRelError: number;
  /** Prior strength used, and the factor that scaled the reference file's coefficients to the measurements. */
  lambda: number;
  priorScale: number;
}

/**
 * Fits the coefficients; `target` is the worst relative error (e.g. 0.1) the prior may cost at most. Without a
 * reference file, plain minimax NNLS.
 */
export function fitCoefficients(ms: Measurement[], reference?: Tech, target = 0.1): FitResult {
  if (ms.length === 0) throw new Error('fit: no measurements');
  if (!reference) return { ...fitWithPrior(ms, { x: [], lambda: 0 }), lambda: 0, priorScale: 1 };
  const p = priorOf(reference);
  // One factor scales the reference model to the measurements (least squares on relative error).
  const ratios = ms.map((m) => features(m, p.addScaleFloat).reduce((s, f, j) => s + f * p.x[j]!, 0) / dynamicFj(m));
  const scale = ratios.reduce((s, r) => s + r, 0) / ratios.reduce((s, r) => s + r * r, 0);
  let last: FitResult | undefined;
  for (const lambda of LAMBDAS) {
    const r = fitWithPrior(ms, { x: p.x.map((v) => v * scale), lambda });
    last = { ...r, lambda, priorScale: scale };
    if (r.worstRelError <= target) return last;
  }
  return last!;
}

function fitWithPrior(ms: Measurement[], prior: Prior): { coefficients: FittedCoefficients; worstRelError: number } {
  // Golden-section search of the float adder scale on a log axis.
  let lo = Math.log(0.01);
  let hi = Math.log(1000);
  const g = (Math.sqrt(5) - 1) / 2;
  const at = (ls: number) => fitAt(ms, Math.exp(ls), prior);
  let c = hi - g * (hi - lo);
  let d = lo + g * (hi - lo);
  let fc = at(c);
  let fd = at(d);
  for (let it = 0; it < 20; it++) {
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
