// .safetensors reader and timm weight mapping: round trips of files the test writes, and clear errors.
import { describe, expect, it } from 'vitest';
import { encodeSafetensors, parseSafetensors } from '../io/safetensors.js';
import { timmAttentionWeights } from '../workloads/timm-weights.js';

function withHeader(header: object, body: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

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
  it.each([
    [new Uint8Array([1, 2]), 'w: truncated: shorter than the 8-byte header length'],
    [withHeader({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)), 'w: truncated data: tensor a ends at byte'],
    [withHeader({ a: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), 'w: tensor a: dtype "I64" is not supported; allowed F64, F32, F16, BF16'],
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
