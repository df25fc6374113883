// .npy reader: round trips of files the test writes, and clear errors for every kind of damage.
import { describe, expect, it } from 'vitest';
import { encodeNpy, parseNpy } from '../io/npy.js';
import { matrix } from '../core/matrix.js';

function rawNpy(header: string, body: Uint8Array): Uint8Array {
  const h = header + ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + h.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, h.length, true);
  out.set(new TextEncoder().encode(h), 10);
  out.set(body, 10 + h.length);
  return out;
}

describe('npy reader', () => {
  const m = matrix(2, 3, [1.5, -2, 3, 4, 5.25, -6]);
  it.each(['f8', 'f4', 'i4'] as const)('round-trips %s', (dtype) => {
    const src = dtype === 'i4' ? matrix(2, 3, [1, -2, 3, 4, 5, -6]) : m;
    const back = parseNpy(encodeNpy(src, dtype), 'x.npy');
    expect([back.rows, back.cols, Array.from(back.data)]).toEqual([2, 3, Array.from(src.data)]);
  });
  it('reads float16, int8, big-endian and Fortran order', () => {
    const f2 = new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer); // 1, −2
    expect(Array.from(parseNpy(rawNpy("{'descr': '<f2', 'fortran_order': False, 'shape': (1, 2), }", f2), 'h.npy').data)).toEqual([1, -2]);
    const i1 = new Uint8Array([1, 255, 3, 4]); // column-major 2×2: [[1, 3], [−1, 4]]
    expect(Array.from(parseNpy(rawNpy("{'descr': '|i1', 'fortran_order': True, 'shape': (2, 2), }", i1), 'f.npy').data)).toEqual([1, 3, -1, 4]);
    const be = new Uint8Array([0, 0, 1, 2]);
    expect(Array.from(parseNpy(rawNpy("{'descr': '>i2', 'fortran_order': False, 'shape': (1, 2), }", be), 'b.npy').data)).toEqual([0, 258]);
  });
  it.each([
    [new Uint8Array([1, 2, 3]), 'x.npy: not a .npy file'],
    [encodeNpy(m).subarray(0, 40), 'x.npy: truncated header'],
    [encodeNpy(m).subarray(0, encodeNpy(m).length - 8), 'x.npy: truncated data: shape 2×3 of <f8 needs 48 bytes, the file has 40'],
    [rawNpy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array(16)), "x.npy: dtype '<c16' is not supported"],
    [rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (4,), }", new Uint8Array(32)), 'x.npy: shape (4,) is not allowed; allowed a 2-D array'],
    [encodeNpy(matrix(1, 2, [1, NaN])), 'x.npy: value at [0][1] is NaN; allowed finite numbers only'],
    [encodeNpy(matrix(1, 2, [Infinity, 1]), 'f4'), 'x.npy: value at [0][0] is Infinity'],
    [rawNpy("{'shape': (1, 1), }", new Uint8Array(8)), 'x.npy: malformed header'],
  ])('rejects damage with a clear message (%#)', (bytes, message) => {
    expect(() => parseNpy(bytes, 'x.npy')).toThrow(message);
  });
});
