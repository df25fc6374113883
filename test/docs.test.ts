// The power-model reference must list every coefficient of the default technology file with its current value;
// docs/calibration.md lists every coefficient of the calibrated 180 nm file the same way.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import tech180Json from '../tech/180nm.json' with { type: 'json' };
import { COEFFICIENT_NAMES, DEFAULT_TECH, parseTech } from '../sim/tech.js';

const doc = readFileSync(new URL('../docs/power-model.md', import.meta.url), 'utf8');
const calibrationDoc = readFileSync(new URL('../docs/calibration.md', import.meta.url), 'utf8');
const tech180 = parseTech(tech180Json, 'tech/180nm.json');

describe('docs/power-model.md', () => {
  it.each(COEFFICIENT_NAMES.map((n) => [n]))('lists %s with its value and unit', (name) => {
    const c = DEFAULT_TECH.coefficients[name];
    expect(doc).toContain(`| \`${name}\` | ${c.value} | ${c.unit} |`);
  });
});

describe('docs/power-model.md, memory system', () => {
  it.each(Object.entries(DEFAULT_TECH.dram ?? {}))('lists DRAM %s with its value and unit', (name, c) => {
    expect(doc).toContain(`| \`${name}\` | ${c.value} | ${c.unit} |`);
  });
  it('both technology files price DRAM alike (off chip)', () => {
    expect(tech180.dram).toEqual(DEFAULT_TECH.dram);
    expect(Object.keys(DEFAULT_TECH.dram ?? {})).toEqual(['ddr3', 'lpddr4', 'hbm2']);
  });
});

describe('docs/calibration.md', () => {
  it.each(COEFFICIENT_NAMES.map((n) => [n]))('lists %s of tech/180nm.json with its value and unit', (name) => {
    const c = tech180.coefficients[name];
    expect(calibrationDoc).toContain(`| \`${name}\` | ${c.value} | ${c.unit} |`);
  });
});
