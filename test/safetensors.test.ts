// .safetensors reader and timm weight mapping: round trips of files the test writes, and clear errors.
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, parseSafetensors, type SafetensorsDtype } from '../io/safetensors.js';
import { timmAttentionWeights } from '../workloads/timm-weights.js';
import { InputError } from '../core/input-error.js';

/** A .safetensors of exactly this header text and body. */
function withJson(json: string | Uint8Array, body: Uint8Array): Uint8Array {
  const text = typeof json === 'string' ? new TextEncoder().encode(json) : json;
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(body, 8 + text.length);
  return out;
}
const withHeader = (header: object, body: Uint8Array) => withJson(JSON.stringify(header), body);

describe('safetensors reader', () => {
  it('round-trips F32 tensors and reads F16 and BF16', () => {
    const bytes = encodeSafetensors({ a: { shape: [2, 2], data: [1, -2.5, 3, 0.125] }, b: { shape: [3], data: [7, 8, 9] } });
    const t = parseSafetensors(bytes, 'w.safetensors');
    expect(t.get('a')).toEqual({ dtype: 'F32', shape: [2, 2], data: Float64Array.from([1, -2.5, 3, 0.125]) });
    expect(Array.from(t.get('b')!.data)).toEqual([7, 8, 9]);
    const half = new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer); // fp16 1, −2
    const bf = new Uint8Array(new Uint16Array([0x3f80, 0x4040]).buffer); // bf16 1, 3
    expect(Array.from(parseSafetensors(withHeader({ h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] } }, half), 'x').get('h')!.data)).toEqual([1, -2]);
    expect(Array.from(parseSafetensors(withHeader({ h: { dtype: 'BF16', shape: [2], data_offsets: [0, 4] } }, bf), 'x').get('h')!.data)).toEqual([1, 3]);
  });
  it('round-trips every dtype, integers at their extremes, with metadata, scalars and empty tensors', () => {
    const values: Record<SafetensorsDtype, number[]> = {
      F64: [0.1, -1e300], F32: [0.5, -3], F16: [0.5, -65504], BF16: [1, -3], I8: [-128, 127], U8: [0, 255],
      I16: [-32768, 32767], U16: [0, 65535], I32: [-(2 ** 31), 2 ** 31 - 1], U32: [0, 2 ** 32 - 1],
    };
    const tensors = Object.fromEntries(Object.entries(values).map(([dtype, data]) => [`t.${dtype}`, { shape: [2, 1], data, dtype: dtype as SafetensorsDtype }]));
    const back = parseSafetensors(encodeSafetensors({ ...tensors, scalar: { shape: [], data: [4], dtype: 'I8' }, empty: { shape: [0, 3], data: [] } }, { format: 'pt' }), 'q.safetensors');
    for (const [dtype, data] of Object.entries(values)) expect(back.get(`t.${dtype}`)).toEqual({ dtype, shape: [2, 1], data: Float64Array.from(data) });
    expect(back.get('scalar')).toEqual({ dtype: 'I8', shape: [], data: Float64Array.from([4]) });
    expect(back.get('empty')).toEqual({ dtype: 'F32', shape: [0, 3], data: new Float64Array(0) });
    expect(() => encodeSafetensors({ q: { shape: [1], data: [128], dtype: 'I8' } })).toThrow('value 128 is not an int8; allowed integers -128..127');
  });
  it('reads tensors stored in any order of offsets, as the reference writer sorts them by alignment', () => {
    const body = new Uint8Array([5, 0, 0, 0, 7]);
    const t = parseSafetensors(withHeader({ b: { dtype: 'U8', shape: [1], data_offsets: [4, 5] }, a: { dtype: 'I32', shape: [1], data_offsets: [0, 4] } }, body), 'x');
    expect([...t.keys()]).toEqual(['b', 'a']);
    expect([t.get('a')!.data[0], t.get('b')!.data[0]]).toEqual([5, 7]);
  });
  it.each([
    [new Uint8Array([1, 2]), 'w: truncated: shorter than the 8-byte header length'],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)), 'w: truncated data: tensor a ends at byte'],
    [withHeader({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), 'w: tensor a: dtype "I64" is not supported; allowed F64, F32, F16, BF16, I32, U32, I16, U16, I8, U8'],
    [withHeader({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), 'w: tensor a: 8 bytes do not hold shape [3] of F32'],
    [withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(new Float32Array([NaN]).buffer)), 'w: tensor a: value at flat index 0 is NaN; allowed finite numbers only'],
    [(() => {
      const b = new Uint8Array(16);
      new DataView(b.buffer).setBigUint64(0, 1000n, true);
      return b;
    })(), 'w: truncated header: it declares 1000 bytes'],
    [withHeader({}, new Uint8Array(0)).map((v, i) => (i === 8 ? 0x5b : v)), 'w: the header is not'],
  ])('rejects damage with a clear message (%#)', (bytes, message) => {
    expect(() => parseSafetensors(bytes, 'w')).toThrow(message);
  });
});

// The crashes and the wrongly accepted files that fuzzing found (issue 13), each by a hand-made file.
describe('safetensors reader on the fuzzing findings', () => {
  const refuses = (bytes: Uint8Array, message: string) => {
    expect(() => parseSafetensors(bytes, 'w')).toThrow(InputError);
    expect(() => parseSafetensors(bytes, 'w')).toThrow(`w: ${message}`);
  };
  const f32 = (offsets: unknown) => ({ dtype: 'F32', shape: [1], data_offsets: offsets });
  it('an entry that is JSON null, or not an object', () => {
    refuses(withHeader({ a: null }, new Uint8Array(0)), 'tensor a: the entry is null; expected {"dtype", "shape", "data_offsets"}');
    refuses(withHeader({ a: [1] }, new Uint8Array(0)), 'tensor a: the entry is [1]');
  });
  it('negative data_offsets, out of range or pointing into the header', () => {
    refuses(withHeader({ a: f32([-1000, -996]) }, new Uint8Array(0)), 'tensor a: data_offsets [-1000,-996] is not [begin, end] of integers with 0 ≤ begin ≤ end');
    refuses(withHeader({ a: f32([-4, 0]) }, new Uint8Array(0)), 'tensor a: data_offsets [-4,0] is not [begin, end]');
    refuses(withHeader({ a: f32([0.5, 4.5]) }, new Uint8Array(4)), 'tensor a: data_offsets [0.5,4.5] is not');
    refuses(withHeader({ a: f32([4, 0]) }, new Uint8Array(4)), 'tensor a: data_offsets [4,0] is not');
    refuses(withHeader({ a: f32('0-4') }, new Uint8Array(4)), 'tensor a: data_offsets "0-4" is not');
  });
  it('a key given twice, at the top or in an entry, even when spelled with escapes', () => {
    const entry = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
    refuses(withJson(`{"a":${entry},"\\u0061":${entry}}`, new Uint8Array(4)), 'tensor a appears twice in the header');
    refuses(withJson('{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}', new Uint8Array(4)), 'key "dtype" appears twice in a');
    refuses(withJson('{"__metadata__":{"k":"1","k":"2"}}', new Uint8Array(0)), 'key "k" appears twice in __metadata__');
  });
  it('a header that is not UTF-8, or does not start with {', () => {
    refuses(withJson(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), new Uint8Array(0)), 'the header is not valid UTF-8');
    refuses(withJson(' {}', new Uint8Array(0)), 'the header is not a JSON object (it must start with "{")');
    refuses(withJson('{"a":', new Uint8Array(0)), 'the header is not valid JSON');
  });
  it('overlapping tensors, holes and bytes after the last tensor', () => {
    refuses(withHeader({ a: f32([0, 4]), b: { dtype: 'U8', shape: [2], data_offsets: [2, 4] } }, new Uint8Array(4)), 'tensor b: bytes 2..4 overlap tensor a (bytes 0..4)');
    refuses(withHeader({ a: f32([0, 4]), b: f32([0, 4]) }, new Uint8Array(4)), 'tensor b: bytes 0..4 overlap tensor a');
    refuses(withHeader({ a: f32([4, 8]) }, new Uint8Array(8)), 'bytes 0..4 of the data belong to no tensor; the format allows no holes');
    refuses(withHeader({ a: f32([0, 4]) }, new Uint8Array(8)), 'the last 4 bytes of the file belong to no tensor');
  });
  it('a dtype that is not a string, a bad shape, unknown or missing fields, and a __metadata__ that is not strings', () => {
    refuses(withHeader({ a: { dtype: 5, shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)), 'tensor a: dtype 5 is not a string');
    refuses(withHeader({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), 'tensor a: shape [-1] is not a list of non-negative integers');
    refuses(withHeader({ a: { dtype: 'F32', shape: [2 ** 30, 2 ** 30, 2 ** 30, 0], data_offsets: [0, 0] } }, new Uint8Array(0)), 'tensor a: shape [1073741824,1073741824,1073741824,0] has more elements than a file can hold');
    refuses(withHeader({ a: { ...f32([0, 4]), offsets: [0, 4] } }, new Uint8Array(4)), 'tensor a: unknown field "offsets"; allowed dtype, shape, data_offsets');
    refuses(withHeader({ a: { dtype: 'F32', shape: [1] } }, new Uint8Array(4)), 'tensor a: "data_offsets" is missing');
    refuses(withHeader({ __metadata__: { epoch: 3 } }, new Uint8Array(0)), '"__metadata__" is {"epoch":3}; allowed an object of strings');
  });
  it('object property names are plain names: an unsupported dtype, tensors that round-trip; user text in messages is cut to 100 characters', () => {
    refuses(withHeader({ a: { dtype: 'constructor', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)), 'tensor a: dtype "constructor" is not supported');
    const named = parseSafetensors(encodeSafetensors(Object.fromEntries([['__proto__', { shape: [1], data: [3] }], ['toString', { shape: [1], data: [4] }]])), 'w');
    expect([...named].map(([k, t]) => [k, t.data[0]])).toEqual([['__proto__', 3], ['toString', 4]]);
    const long = 'x'.repeat(100_000);
    let message = '';
    try {
      parseSafetensors(withHeader({ [long]: null }, new Uint8Array(0)), 'w');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`w: tensor ${'x'.repeat(100)}… (100000 characters): the entry is null; expected {"dtype", "shape", "data_offsets"}`);
  });
});

describe('timm attention weights', () => {
  const D = 4;
  const file = encodeSafetensors({
    'blocks.1.attn.qkv.weight': { shape: [3 * D, D], data: new Array(3 * D * D).fill(0.5) },
    'blocks.1.attn.qkv.bias': { shape: [3 * D], data: new Array(3 * D).fill(1) },
    'blocks.1.attn.proj.weight': { shape: [D, D], data: new Array(D * D).fill(0.25) },
    'blocks.1.attn.proj.bias': { shape: [D], data: new Array(D).fill(2) },
  });
  const tensors = parseSafetensors(file, 'w.safetensors');
  it('maps blocks.{i}.attn.* of any block index', () => {
    const w = timmAttentionWeights(tensors, 1, D, 'w.safetensors');
    expect([w.qkvWeight.rows, w.qkvWeight.cols, w.qkvWeight.data[0], w.qkvBias[11], w.projWeight.data[15], w.projBias[3]]).toEqual([12, 4, 0.5, 1, 0.25, 2]);
    expect(Array.from(w.normWeight)).toEqual([1, 1, 1, 1]);
  });
  it('names the missing tensor and the blocks the file has', () => {
    expect(() => timmAttentionWeights(tensors, 0, D, 'w.safetensors')).toThrow('w.safetensors: tensor blocks.0.attn.qkv.weight not found; the file has blocks 1');
  });
  it('names a wrong shape', () => {
    expect(() => timmAttentionWeights(tensors, 1, 8, 'w.safetensors')).toThrow('w.safetensors: tensor blocks.1.attn.qkv.weight has shape [12, 4]; expected [24, 8] for dim 8');
  });
});
