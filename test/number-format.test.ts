// Numbers for people (reports/number-format.ts): SI prefixes per magnitude, 4 significant digits, never an
// exponent; and the series styles of sweep charts (reports/palette.ts) that do not repeat.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { change, count, energy, percent, ratio, significant, time, unitFor } from '../reports/number-format.js';
import { seriesStyle } from '../reports/palette.js';

describe('number formats', () => {
  it('picks the SI prefix per magnitude and keeps 4 significant digits', () => {
    expect(energy(159_512.3)).toBe('159.5 nJ');
    expect(energy(4.6622e6)).toBe('4.662 µJ');
    expect(energy(596_632.3384)).toBe('596.6 nJ');
    expect(energy(0.5)).toBe('0.5000 pJ');
    expect(energy(2.5e9)).toBe('2.500 mJ');
    expect(count(228_875)).toBe('228.9 k');
    expect(count(2.9421e6)).toBe('2.942 M');
    expect(count(413)).toBe('413.0');
    expect(time(457.75)).toBe('457.8 µs');
    expect(time(0.5)).toBe('500.0 ns');
  });

  it('moves to the next prefix when rounding would show 1000', () => {
    expect(energy(999_960)).toBe('1.000 µJ');
    expect(energy(999_940)).toBe('999.9 nJ');
    expect(unitFor('count', 0).symbol).toBe('');
  });

  it('never prints an exponent, at any magnitude', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e30, max: 1e30, noNaN: true }), (x) => {
        for (const text of [energy(Math.abs(x)), count(Math.abs(x)), time(Math.abs(x)), significant(x)]) expect(text).not.toMatch(/e[+-]/i);
      }),
    );
  });

  it('shows percentages, ratios and changes one way', () => {
    expect(percent(0.8191)).toBe('81.9 %');
    expect(ratio(0.25605588287592124)).toBe('0.256');
    expect(change(0.25605588287592124)).toBe('−74.4 %');
    expect(change(1.03)).toBe('+3.0 %');
    expect(change(1)).toBe('±0.0 %');
  });
});

describe('series styles', () => {
  it('gives 24 series 24 different colours', () => {
    expect(new Set(Array.from({ length: 24 }, (_, i) => seriesStyle(i).colour)).size).toBe(24);
  });

  it('never gives two of the first 96 series the same colour and dash, nor neighbours the same dash', () => {
    const styles = Array.from({ length: 96 }, (_, i) => seriesStyle(i));
    expect(new Set(styles.map((s) => `${s.colour} ${s.dash.join(',')}`)).size).toBe(96);
    for (let i = 1; i < 96; i++) expect(styles[i]!.dash).not.toEqual(styles[i - 1]!.dash);
  });
});
