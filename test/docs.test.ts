// The power-model reference must list every coefficient of the default technology file with its current value.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COEFFICIENT_NAMES, DEFAULT_TECH } from '../sim/tech.js';

const doc = readFileSync(new URL('../docs/power-model.md', import.meta.url), 'utf8');

describe('docs/power-model.md', () => {
  it.each(COEFFICIENT_NAMES.map((n) => [n]))('lists %s with its value and unit', (name) => {
    const c = DEFAULT_TECH.coefficients[name];
    expect(doc).toContain(`| \`${name}\` | ${c.value} | ${c.unit} |`);
  });
});
