// Rewrites the mean-matching scale factors of a technology file (default tech/45nm.json) and prints what moved.
import { readFileSync, writeFileSync } from 'node:fs';
import { deriveScales } from '../sim/calibration.js';
import { parseTech } from '../sim/tech.js';

const path = process.argv[2] ?? new URL('../tech/45nm.json', import.meta.url).pathname;
const json = JSON.parse(readFileSync(path, 'utf8'));
const scales = deriveScales(parseTech(json, path));
for (const [name, value] of Object.entries(scales)) {
  const old = json.coefficients[name].value;
  json.coefficients[name].value = value;
  console.log(`${name}: ${old} -> ${value}`);
}
writeFileSync(path, JSON.stringify(json, null, 2) + '\n');
