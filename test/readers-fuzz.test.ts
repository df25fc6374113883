// Fuzzing of the .npy and .safetensors readers (issue 13): valid files of every dtype, format version, byte order
// and layout, mutated at random (byte flips, cuts, insertions, repeated header pieces, edited numbers and strings,
// edited header lengths). The reader either returns consistent data or throws an InputError with a short message,
// never anything else, and takes under 100 ms a file. FUZZ_RUNS=<n> sets the cases per format (default 3000).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../core/input-error.js';
import { matrix } from '../core/matrix.js';
import { encodeNpy, NPY_DTYPES, parseNpy, type NpyDtype } from '../io/npy.js';
import { encodeSafetensors, parseSafetensors, type SafetensorsDtype } from '../io/safetensors.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 3000);
const MAX_MS = 100;
const MAX_MESSAGE = 500;

/** A valid file and where its header length field sits; the header follows that field. */
interface Seed {
  bytes: Uint8Array;
  lengthAt: number;
  lengthBytes: 2 | 4 | 8;
}

const SIGNED = [-3, 0, 1, 2, 100, 5];
const npySeeds: Seed[] = (NPY_DTYPES as NpyDtype[]).flatMap((dtype) =>
  ([1, 2, 3] as const).flatMap((version) =>
    [false, true].flatMap((bigEndian) =>
      [false, true].map((fortranOrder) => {
        const values = dtype.startsWith('u') ? SIGNED.map(Math.abs) : dtype.startsWith('f') ? SIGNED.map((v) => v * 1.25) : SIGNED;
        const bytes = encodeNpy(matrix(3, 2, values), dtype, { version, bigEndian, fortranOrder });
        return { bytes, lengthAt: 8, lengthBytes: version === 1 ? 2 : 4 } as const;
      }),
    ),
  ),
);

const ST_DTYPES: SafetensorsDtype[] = ['F64', 'F32', 'F16', 'BF16', 'I32', 'U32', 'I16', 'U16', 'I8', 'U8'];
const stFile = (dtypes: SafetensorsDtype[], metadata?: Record<string, string>): Seed => ({
  bytes: encodeSafetensors(
    Object.fromEntries(
      dtypes.flatMap((dtype, i) => [
        [`blocks.${i}.w`, { shape: [2, 3], data: [0, 1, 2, 3, 4, 5], dtype }],
        [`blocks.${i}.b`, { shape: [3], data: [7, 8, 9], dtype }],
        [`blocks.${i}.s`, { shape: [], data: [1], dtype }],
        [`blocks.${i}.e`, { shape: [0, 4], data: [], dtype }],
      ]),
    ),
    metadata,
  ),
  lengthAt: 0,
  lengthBytes: 8,
});
const stSeeds: Seed[] = [...ST_DTYPES.map((d) => stFile([d])), stFile(ST_DTYPES, { format: 'pt', note: 'fuzz' })];

/** Text the mutations insert or substitute: the formats' own tokens, object property names and hostile bytes. */
const PIECES = ["'", '"', ',', ':', '(', ')', '{', '}', '[', ']', '\\', '\n', ' ', 'L', '-', '.', 'e', '\xff', '\xc3\xa9', '\x00', '\\u0061', 'True', 'False', 'null', '[0,4]', '(1,', "'shape':(", '"dtype":"F32",'];
const WORDS = ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'descr', 'shape', 'fortran_order', 'dtype', 'data_offsets', '__metadata__', '<f8', '>i2', '|u1', '=f4', '<c16', 'I8', 'U32', 'F16', 'BF16', 'I64', 'BOOL', ''];
const NUMBERS = ['0', '1', '-1', '-4', '3', '1e3', '1.5', '01', '65535', '4294967295', '9007199254740993', '18446744073709551616', '99999999999999999999'];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ kind: fc.constant('repeat' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 40 }), times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom(200, 2000)) }),
  fc.record({ kind: fc.constant('number' as const), which: fc.nat(), text: fc.oneof(fc.constantFrom(...NUMBERS), fc.integer().map(String)) }),
  fc.record({ kind: fc.constant('word' as const), which: fc.nat(), text: fc.constantFrom(...WORDS) }),
  fc.record({ kind: fc.constant('body' as const), cut: fc.integer({ min: -16, max: 16 }), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

/** The header as one character per byte, so text edits can insert any byte. */
const bytesToText = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('');
const textToBytes = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

function splice(text: string, at: number, remove: number, insert: string): string {
  const i = text.length === 0 ? 0 : at % (text.length + 1);
  return text.slice(0, i) + insert + text.slice(i + remove);
}

/** Replaces the which-th match of pattern (wrapping around) with replacement. */
function replaceMatch(text: string, pattern: RegExp, which: number, replacement: (match: string) => string): string {
  const matches = [...text.matchAll(pattern)];
  const m = matches[which % Math.max(1, matches.length)];
  return m === undefined ? text : text.slice(0, m.index) + replacement(m[0]) + text.slice(m.index + m[0].length);
}

function mutateHeader(header: string, m: Mutation): string {
  switch (m.kind) {
    case 'flip':
      return header.length === 0 ? header : splice(header, m.at % header.length, 1, String.fromCharCode(m.value));
    case 'insert':
      return splice(header, m.at, 0, m.text);
    case 'delete':
      return splice(header, m.at, m.count, '');
    case 'repeat': {
      const from = header.length === 0 ? 0 : m.at % header.length;
      return splice(header, from, 0, header.slice(from, from + m.count).repeat(m.times));
    }
    case 'number':
      return replaceMatch(header, /\d+/g, m.which, () => m.text);
    case 'word':
      return replaceMatch(header, /'[^']*'|"[^"]*"/g, m.which, (q) => `${q[0]}${m.text}${q[0]}`);
    case 'body':
      return header;
  }
}

function mutateBody(body: Uint8Array, m: Mutation): Uint8Array {
  if (m.kind !== 'body') return body;
  const out = m.cut < 0 ? body.slice(0, Math.max(0, body.length + m.cut)) : Uint8Array.from([...body, ...new Array<number>(m.cut).fill(m.value)]);
  if (out.length > 0) out[m.at % out.length] = m.value;
  return out;
}

const fileEdit = fc.oneof(
  fc.record({ kind: fc.constant('none' as const) }),
  fc.record({ kind: fc.constant('length' as const), delta: fc.integer({ min: -8, max: 8 }) }),
  fc.record({ kind: fc.constant('set length' as const), value: fc.constantFrom(0, 1, 0xffff, 0xffffffff, 2 ** 53, 2 ** 63) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.integer({ min: 0, max: 15 }), value: fc.integer({ min: 0, max: 255 }) }),
);
type FileEdit = typeof fileEdit extends fc.Arbitrary<infer E> ? E : never;

/** The seed with its header and body mutated; the length field follows the new header unless keepLength. */
function mutate(seed: Seed, mutations: Mutation[], keepLength: boolean, edit: FileEdit): Uint8Array {
  const view = new DataView(seed.bytes.buffer, seed.bytes.byteOffset, seed.bytes.byteLength);
  const start = seed.lengthAt + seed.lengthBytes;
  const length = seed.lengthBytes === 2 ? view.getUint16(seed.lengthAt, true) : seed.lengthBytes === 4 ? view.getUint32(seed.lengthAt, true) : Number(view.getBigUint64(seed.lengthAt, true));
  let header = bytesToText(seed.bytes.subarray(start, start + length));
  let body: Uint8Array = seed.bytes.slice(start + length);
  for (const m of mutations) {
    header = mutateHeader(header, m);
    body = mutateBody(body, m);
  }
  const headerBytes = textToBytes(header);
  const out = new Uint8Array(start + headerBytes.length + body.length);
  out.set(seed.bytes.subarray(0, start));
  out.set(headerBytes, start);
  out.set(body, start + headerBytes.length);
  const field = keepLength ? length : headerBytes.length;
  const value = edit.kind === 'length' ? Math.max(0, field + edit.delta) : edit.kind === 'set length' ? edit.value : field;
  const outView = new DataView(out.buffer);
  if (seed.lengthBytes === 2) outView.setUint16(seed.lengthAt, value % 2 ** 16, true);
  else if (seed.lengthBytes === 4) outView.setUint32(seed.lengthAt, value % 2 ** 32, true);
  else outView.setBigUint64(seed.lengthAt, BigInt(value) % 2n ** 64n, true);
  if (edit.kind === 'flip' && edit.at < out.length) out[edit.at] = edit.value;
  return edit.kind === 'cut' ? out.subarray(0, edit.at % (out.length + 1)) : out;
}

/** The error parse throws on bytes (undefined if none) and its best time of up to three runs. */
function timedOutcome(parse: (bytes: Uint8Array) => void, bytes: Uint8Array): { error: unknown; ms: number } {
  let error: unknown;
  let ms = Infinity;
  // The machine is shared: a run over budget is repeated, and the best time counts.
  for (let run = 0; run < 3 && ms >= MAX_MS; run++) {
    const t0 = performance.now();
    try {
      parse(bytes);
      error = undefined;
    } catch (e) {
      error = e;
    }
    ms = Math.min(ms, performance.now() - t0);
  }
  return { error, ms };
}

/** Runs parse on every case; returns how often it accepted and the distinct kinds of refusal, to show the fuzzing reaches deep. */
function fuzz(seeds: Seed[], parse: (bytes: Uint8Array) => void): { accepted: number; refusals: Set<string> } {
  let accepted = 0;
  const refusals = new Set<string>();
  fc.assert(
    fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 0, maxLength: 4 }), fc.boolean(), fileEdit, (seed, mutations, keepLength, edit) => {
      const { error, ms } = timedOutcome(parse, mutate(seed, mutations, keepLength, edit));
      expect(ms).toBeLessThan(MAX_MS);
      if (error === undefined) {
        accepted++;
        return;
      }
      if (!(error instanceof InputError)) throw error;
      expect(error.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
      refusals.add(error.message.replace(/tensor \S+/g, 'tensor').split(/["'\d]/)[0]!);
    }),
    { numRuns: RUNS },
  );
  return { accepted, refusals };
}

describe('reader fuzzing', () => {
  it(`.npy: ${RUNS} mutated files of ${npySeeds.length} seeds (every dtype, format 1.0/2.0/3.0, both byte orders, C and Fortran order)`, () => {
    const { accepted, refusals } = fuzz(npySeeds, (bytes) => {
      const m = parseNpy(bytes, 'f');
      expect(m.data.length).toBe(m.rows * m.cols);
      expect(m.data.every(Number.isFinite)).toBe(true);
    });
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(refusals.size).toBeGreaterThan(12);
  });
  it(`.safetensors: ${RUNS} mutated files of ${stSeeds.length} seeds (every dtype, scalars, empty tensors, metadata)`, () => {
    const { accepted, refusals } = fuzz(stSeeds, (bytes) => {
      for (const t of parseSafetensors(bytes, 'f').values()) {
        expect(t.data.length).toBe(t.shape.reduce((a, b) => a * b, 1));
        expect(t.data.every(Number.isFinite)).toBe(true);
      }
    });
    expect(accepted).toBeGreaterThan(RUNS / 50);
    expect(refusals.size).toBeGreaterThan(12);
  });
});
