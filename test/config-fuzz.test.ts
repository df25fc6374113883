// Fuzzing of the --config reader (issue 13): valid JSON and YAML configs, edited at random (syntax tokens spliced in,
// pieces repeated up to past the size bound, floods of keys, hostile values, raw bytes). The reader returns the
// config or throws an InputError with a short message, never anything else, within 100 ms an input.
// FUZZ_RUNS=<n> sets the cases per format (default 3000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CONFIG_BYTES, parseConfig } from '../commands/config-file.js';
import { runConfigSchema } from '../commands/run.js';
import { InputError } from '../core/input-error.js';
import { stringify as toYaml } from 'yaml';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);
const MAX_MS = 100;
/** The message's own words, a path, a field and two echoes of at most ~100 characters each. */
const MAX_MESSAGE = 400;

const CONFIGS: Record<string, unknown>[] = [
  { model: 'custom', tokens: 8, dim: 16, heads: 2, array: 4, dataflow: 'ws', order: 'after', wbits: 4, abits: 6, pquant: 'log2', pe: 'shift', seed: 5, jobs: 1 },
  { model: 'deit-tiny', rows: 8, cols: 4, gating: 'none', engine: 'reference', reparam: true, wquant: 'framequant', redundancy: 1.5, floatPe: 'bf16', maxMemory: '2GB' },
  { tech: 'tech/45nm.json', clockMhz: 250.5, zeroPoints: 'symmetric', calibration: 'mse', softmax: 'base2', out: 'r.json', report: 'r.html', block: 0 },
];

const SEEDS: Record<'json' | 'yaml', string[]> = {
  json: CONFIGS.flatMap((c) => [JSON.stringify(c), JSON.stringify(c, null, 2)]),
  yaml: CONFIGS.flatMap((c) => [toYaml(c), `# experiment\n${toYaml(c, { defaultStringType: 'QUOTE_DOUBLE' })}`, `${JSON.stringify(c)}\n`]),
};

/** Syntax of both formats, YAML's anchors, tags, directives and merge keys, object property names, hostile text. */
const TOKENS = [
  '{', '}', '[', ']', ',', ':', ': ', '"', "'", '\\', '\n', '\n  ', '\t', '#', '- ', '? ', '---\n', '...\n', '%YAML 1.1\n',
  '&a ', '*a', '<<: *a\n', '!!str ', '!!binary ', '!foo ', '|\n', '>-\n', '~', 'null', 'true', 'NaN', '.inf', '-.inf', '0x1f', '1e999',
  '-0', '9007199254740993', '__proto__', 'constructor', 'toString', 'tokens', '\u0000', '\u001b[2J', '\ud800', 'é', '\uFEFF',
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), remove: fc.integer({ min: 0, max: 8 }), insert: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 30 }), times: fc.constantFrom(1, 2, 3, 50, 500, 5000) }),
  fc.record({ kind: fc.constant('keys' as const), count: fc.constantFrom(2, 40, 500, 4000), style: fc.constantFrom('block', 'flow', 'same') }),
  fc.record({ kind: fc.constant('value' as const), which: fc.nat(), value: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 300 }), fc.double().map(String)) }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;

/** A flood of keys in the seed's own style: new lines of YAML, members of a JSON object or one key repeated. */
function keys(text: string, count: number, style: string): string {
  const names = Array.from({ length: count }, (_, i) => (style === 'same' ? 'tokens' : `k${i}`));
  if (text.trimStart().startsWith('{')) return `{${names.map((k, i) => `"${k}": ${i}`).join(', ')}, ${text.trim().slice(1)}`;
  return style === 'flow' ? `{${names.join(', ')}}\n` : names.map((k, i) => `${k}: ${i}\n`).join('') + text;
}

function apply(text: string, e: Edit): string {
  const at = (n: number) => (text.length === 0 ? 0 : n % (text.length + 1));
  switch (e.kind) {
    case 'splice':
      return text.slice(0, at(e.at)) + e.insert + text.slice(at(e.at) + e.remove);
    case 'repeat':
      return text.slice(0, at(e.at)) + text.slice(at(e.at), at(e.at) + e.length).repeat(e.times) + text.slice(at(e.at));
    case 'keys':
      return keys(text, e.count, e.style);
    case 'value': {
      // The which-th value after a colon, replaced (quoted when the seed quotes it).
      const values = [...text.matchAll(/: *("[^"\n]*"|[^,\n}]*)/g)];
      const m = values[e.which % Math.max(1, values.length)];
      if (!m) return text;
      const quoted = m[1]!.startsWith('"') ? JSON.stringify(e.value) : e.value;
      return text.slice(0, m.index) + ': ' + quoted + text.slice(m.index + m[0].length);
    }
  }
}

const byteEdit = fc.option(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { nil: undefined });

/** The outcome of reading the bytes and the best time of up to three tries (the machine is shared). */
function timed(bytes: Uint8Array, path: string): { error: unknown; ms: number; config?: Record<string, unknown> } {
  let outcome: { error: unknown; config?: Record<string, unknown> } = { error: undefined };
  let ms = Infinity;
  for (let run = 0; run < 3 && ms >= MAX_MS; run++) {
    const t0 = performance.now();
    try {
      outcome = { error: undefined, config: parseConfig(bytes, path, runConfigSchema) };
    } catch (error) {
      outcome = { error };
    }
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ...outcome, ms };
}

describe.each(['json', 'yaml'] as const)('config fuzzing: %s', (format) => {
  it(`${RUNS} edited configs of ${SEEDS[format].length} seeds: a config or an InputError, under ${MAX_MS} ms each`, () => {
    let accepted = 0;
    let tooLarge = 0;
    const refusals = new Set<string>();
    fc.assert(
      fc.property(fc.constantFrom(...SEEDS[format]), fc.array(edit, { maxLength: 4 }), byteEdit, (seed, edits, flip) => {
        const bytes = new TextEncoder().encode(edits.reduce(apply, seed));
        if (flip && bytes.length > 0) bytes[flip.at % bytes.length] = flip.value;
        const { error, ms, config } = timed(bytes, `exp.${format}`);
        expect(ms).toBeLessThan(MAX_MS);
        if (error === undefined) {
          expect(runConfigSchema.safeParse(config).success).toBe(true);
          accepted++;
          return;
        }
        if (!(error instanceof InputError)) throw error;
        expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
        if (bytes.length > MAX_CONFIG_BYTES) tooLarge++;
        refusals.add(error.message.replace(/^--config \S+: /, '').split(/["'(=\d]/)[0]!);
      }),
      { numRuns: RUNS },
    );
    // The edits reach every stage: accepted files, the size bound and many kinds of refusal.
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(tooLarge).toBeGreaterThan(0);
    expect(refusals.size).toBeGreaterThan(8);
  });
});

describe('config bounds', () => {
  const read = (text: string, path = 'exp.yaml') => () => parseConfig(new TextEncoder().encode(text), path, runConfigSchema);

  it('refuses 40,000 YAML keys by size at once, and names at most three unknown keys', () => {
    const t0 = performance.now();
    expect(read(Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n'))).toThrow(/537779 bytes is too large; allowed at most 8192 bytes/);
    expect(performance.now() - t0).toBeLessThan(MAX_MS);
    expect(read(Array.from({ length: 800 }, (_, i) => `k${i}: ${i}`).join('\n'))).toThrow(/: 800 fields is too many; allowed at most \d+, one per option$/);
    expect(read('a: 1\nb: 2\nc: 3\nd: 4\nmodel: custom\n')).toThrow(/^--config exp\.yaml: fields a, b, c and 1 more: not options of this command; allowed/);
  });

  it('refuses a field given twice, in YAML (top level) and in JSON', () => {
    expect(read('tokens: 8\nmodel: custom\ntokens: 9\n')).toThrow(/field tokens appears twice/);
    expect(read('{"tokens": 8, "tokens": 9}', 'exp.json')).toThrow(/field tokens appears twice/);
  });

  it('echoes at most ~100 characters of a value or a key', () => {
    for (const [text, path] of [[`model: ${'x'.repeat(5000)}`, 'exp.yaml'], [`{${'k'.repeat(5000)}: 1}`, 'exp.yaml'], [`{"${'k'.repeat(5000)}": 1}`, 'exp.json']] as const) {
      expect(read(text, path)).toThrow(/^.{0,300}… \(50\d\d characters\)[^…]*$/);
    }
  });

  it('refuses nesting thousands deep in a message of its own', () => {
    for (const text of ['{"m'.repeat(2500) + '{"model":"deit-tiny"}\n', `${'- '.repeat(4000)}a`, `${'['.repeat(4000)}1${']'.repeat(4000)}`, `a: ${'"":'.repeat(2500)}`]) {
      expect(read(text)).toThrow(/^--config exp\.yaml: nested more than 64 levels deep; allowed a flat mapping of fields$/);
    }
    expect(read(`{"tokens": ${'['.repeat(4000)}${']'.repeat(4000)}}`, 'exp.json')).toThrow(/field tokens = a list: /);
  });
});
