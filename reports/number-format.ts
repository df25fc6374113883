// Numbers for people: an SI prefix chosen per magnitude (pJ … J, k/M/G counts), 4 significant digits, one style of
// percentage and ratio, and never an exponent. Raw values stay in the result JSON; this is only how pages show them.

/** A display unit: values are divided by `factor` and followed by `symbol`. */
export interface Unit {
  factor: number;
  symbol: string;
}

const ENERGY_UNITS: Unit[] = [
  { factor: 1, symbol: 'pJ' },
  { factor: 1e3, symbol: 'nJ' },
  { factor: 1e6, symbol: 'µJ' },
  { factor: 1e9, symbol: 'mJ' },
  { factor: 1e12, symbol: 'J' },
];

const COUNT_UNITS: Unit[] = [
  { factor: 1, symbol: '' },
  { factor: 1e3, symbol: 'k' },
  { factor: 1e6, symbol: 'M' },
  { factor: 1e9, symbol: 'G' },
  { factor: 1e12, symbol: 'T' },
];

const TIME_UNITS: Unit[] = [
  { factor: 1e-3, symbol: 'ns' },
  { factor: 1, symbol: 'µs' },
  { factor: 1e3, symbol: 'ms' },
  { factor: 1e6, symbol: 's' },
];

export type Quantity = 'energy' | 'count' | 'time';
const UNITS: Record<Quantity, Unit[]> = { energy: ENERGY_UNITS, count: COUNT_UNITS, time: TIME_UNITS };

/** The largest unit in which `magnitude` is at least 1 (the smallest unit for 0 and for tiny values). */
export function unitFor(quantity: Quantity, magnitude: number): Unit {
  const units = UNITS[quantity];
  const a = Math.abs(magnitude);
  return units.reduce((best, u) => (a >= u.factor * (1 - 5e-5) ? u : best), units[0]!);
}

/** `digits` significant digits as plain decimals (at most 6 after the point), never `1e+6` or `1e-7`. */
export function significant(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? '–' : x > 0 ? '∞' : '−∞';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(digits));
  const decimals = Math.min(6, Math.max(0, digits - 1 - Math.floor(Math.log10(Math.abs(rounded)))));
  // toFixed turns 1e21 and above into exponents; Intl never does.
  return rounded.toLocaleString('en-US', { useGrouping: false, minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A value with its own unit: `159.5 nJ`, `228.9 k` (counts), `457.8 µs`. Energies in pJ, times in µs. */
export function withUnit(quantity: Quantity, value: number, digits = 4): string {
  const u = unitFor(quantity, value);
  const text = significant(value / u.factor, digits);
  return u.symbol ? `${text} ${u.symbol}` : text;
}

export const energy = (pj: number) => withUnit('energy', pj);
export const count = (n: number) => withUnit('count', n);
export const time = (us: number) => withUnit('time', us);

/** A fraction as a percentage with one decimal: `81.9 %`. */
export const percent = (fraction: number) => `${(100 * fraction).toFixed(1)} %`;

/** A ratio (after/before): three decimals, as the CLI prints it. */
export const ratio = (x: number) => x.toFixed(3);

/** A ratio as a change: `−74.4 %`, `+3.0 %`, `±0.0 %`. */
export function change(x: number): string {
  const d = 100 * (x - 1);
  const text = Math.abs(d).toFixed(1);
  return text === '0.0' ? '±0.0 %' : `${d < 0 ? '−' : '+'}${text} %`;
}

/** Cosine similarity: five decimals (its distance from 1 is what matters). */
export const cosine = (x: number) => x.toFixed(5);
