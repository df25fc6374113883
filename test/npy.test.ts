// .npy reader: round trips of files the test writes, and clear errors for every kind of damage.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeNpy, NPY_DTYPES, parseNpy, type NpyDtype } from '../io/npy.js';
import { matrix } from '../core/matrix.js';
import { InputError } from '../core/input-error.js';

/** A .npy of exactly this header text (no padding or newline added) and body, in format `version`.0. */
function npyBytes(header: string, body: Uint8Array, version = 1): Uint8Array {
  const text = new TextEncoder().encode(header);
  const start = version === 1 ? 10 : 12;
  const out = new Uint8Array(start + text.length + body.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, start);
  out.set(body, start + text.length);
  return out;
}

/** A .npy of this dict, padded and terminated as numpy writes it. */
function rawNpy(dict: string, body: Uint8Array, version = 1): Uint8Array {
  const start = version === 1 ? 10 : 12;
  return npyBytes(dict + ' '.repeat(63 - ((start + dict.length) % 64)) + '\n', body, version);
}

const ONE_F8 = new Uint8Array(8);
const header = (fields: string) => rawNpy(`{${fields}}`, ONE_F8);

describe('npy reader', () => {
  const m = matrix(2, 3, [1.5, -2, 3, 4, 5.25, -6]);
  it.each(['f8', 'f4', 'i4'] as const)('round-trips %s', (dtype) => {
    const src = dtype === 'i4' ? matrix(2, 3, [1, -2, 3, 4, 5, -6]) : m;
    const back = parseNpy(encodeNpy(src, dtype), 'x.npy');
    expect([back.rows, back.cols, Array.from(back.data)]).toEqual([2, 3, Array.from(src.data)]);
  });
  it('round-trips every dtype in format 1.0, 2.0 and 3.0, both byte orders, C and Fortran order, with the extremes of each integer type', () => {
    const extremes: Record<string, number[]> = { i1: [-128, 127], u1: [0, 255], i2: [-32768, 32767], u2: [0, 65535], i4: [-(2 ** 31), 2 ** 31 - 1], u4: [0, 2 ** 32 - 1] };
    for (const dtype of NPY_DTYPES as NpyDtype[]) {
      const [lo, hi] = extremes[dtype] ?? [-2.5, 1024];
      const src = matrix(2, 3, [lo!, 1, 2, 3, 0, hi!]);
      for (const version of [1, 2, 3] as const) for (const bigEndian of [false, true]) for (const fortranOrder of [false, true]) {
        const bytes = encodeNpy(src, dtype, { version, bigEndian, fortranOrder });
        expect((bytes.length - src.data.length * Number(dtype.slice(1))) % 64).toBe(0);
        expect(Array.from(parseNpy(bytes, 'x.npy').data)).toEqual(Array.from(src.data));
      }
    }
  });
  it('reads the files numpy wrote (examples/) and headers numpy accepts: any padding, Python 2 longs, other key order, trailing bytes', () => {
    const a = parseNpy(readFileSync(new URL('../examples/a-2x3.npy', import.meta.url)), 'a.npy');
    expect([a.rows, a.cols]).toEqual([2, 3]);
    const f8 = new Uint8Array(new Float64Array([7]).buffer);
    expect(parseNpy(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1)}\n", f8), 'x').data[0]).toBe(7);
    expect(parseNpy(npyBytes("{'shape':(1L,1L),'fortran_order':True,\"descr\":'<f8'}  \n", f8, 2), 'x').data[0]).toBe(7);
    expect(parseNpy(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", new Uint8Array([...f8, 1, 2, 3])), 'x').data[0]).toBe(7);
  });
  it('reads float16, int8, big-endian and Fortran order', () => {
    const f2 = new Uint8Array(new Uint16Array([0x3c00, 0xc000]).buffer); // 1, −2
    expect(Array.from(parseNpy(rawNpy("{'descr': '<f2', 'fortran_order': False, 'shape': (1, 2), }", f2), 'h.npy').data)).toEqual([1, -2]);
    const i1 = new Uint8Array([1, 255, 3, 4]); // column-major 2×2: [[1, 3], [−1, 4]]
    expect(Array.from(parseNpy(rawNpy("{'descr': '|i1', 'fortran_order': True, 'shape': (2, 2), }", i1), 'f.npy').data)).toEqual([1, 3, -1, 4]);
    const be = new Uint8Array([0, 0, 1, 2]);
    expect(Array.from(parseNpy(rawNpy("{'descr': '>i2', 'fortran_order': False, 'shape': (1, 2), }", be), 'b.npy').data)).toEqual([0, 258]);
  });
  it('refuses to write a value the integer dtype cannot hold', () => {
    expect(() => encodeNpy(matrix(1, 1, [300]), 'i1')).toThrow('value 300 is not an int8; allowed integers -128..127');
    expect(() => encodeNpy(matrix(1, 1, [0.5]), 'u2')).toThrow(InputError);
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

// The six classes of crashes and the wrongly accepted files that fuzzing found (issue 13), each by a hand-made file.
describe('npy reader on the fuzzing findings', () => {
  const refuses = (bytes: Uint8Array, message: string) => {
    expect(() => parseNpy(bytes, 'x.npy')).toThrow(InputError);
    expect(() => parseNpy(bytes, 'x.npy')).toThrow(`x.npy: ${message}`);
  };
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty'])("a descr naming the object property '<%s' is an unsupported dtype", (prop) => {
    refuses(header(`'descr': '<${prop}', 'fortran_order': False, 'shape': (1, 1), `), `dtype '<${prop}' is not supported; allowed f2, f4, f8, i1, u1, i2, u2, i4, u4`);
  });
  it.each([2, 3])('a format %i.0 file cut to 10 or 11 bytes has no header length', (version) => {
    const whole = rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", ONE_F8, version);
    for (const cut of [10, 11]) refuses(whole.subarray(0, cut), `truncated: the 4-byte header length of format ${version}.0 is cut off`);
  });
  it('a huge shape is checked against the bytes present before anything is allocated', () => {
    refuses(header(`'descr': '<f8', 'fortran_order': False, 'shape': (100000000, 100000000), `), 'truncated data: shape 100000000×100000000 of <f8 needs 80000000000000000 bytes, the file has 8');
    refuses(header(`'descr': '<f8', 'fortran_order': False, 'shape': (1, 9999999999999999), `), "malformed header: 'shape' entry 9999999999999999 is too large");
  });
  it("a 360 kB header repeating 'shape':( fails at once, with a short message", () => {
    const dict = `{'descr': '<f8', 'fortran_order': False, ${"'shape':(".repeat(40_000)}}`;
    const t0 = performance.now();
    expect(() => parseNpy(rawNpy(dict, ONE_F8, 2), 'x.npy')).toThrow('x.npy: malformed header: 360052 characters long; numpy reads at most 10000');
    const small = rawNpy(`{'descr': '<f8', 'fortran_order': False, ${"'shape':(".repeat(1000)}}`, ONE_F8, 2);
    let message = '';
    try {
      parseNpy(small, 'x.npy');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(performance.now() - t0).toBeLessThan(100);
    expect(message).toBe("x.npy: malformed header: 'shape' must hold non-negative integers; at character 50, found ''shape':('shape':('s'");
    expect(message.length).toBeLessThan(200);
  });
  it('a key given twice is refused (numpy would silently take the last)', () => {
    refuses(header(`'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'shape': (2, 2), `), "malformed header: key 'shape' appears twice");
  });
  it.each([
    ["'descr': '<f8', 'shape': (1, 1), ", "malformed header: missing 'fortran_order'; a .npy header has exactly the keys 'descr', 'fortran_order' and 'shape'"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), 'extra': 1, ", "malformed header: unknown key 'extra'"],
    ["'descr': '<f8', 'fortran_order': 0, 'shape': (1, 1), ", "malformed header: 'fortran_order' must be True or False at character 34, found '0"],
    ["'descr': '<f8', 'fortran_order': false, 'shape': (1, 1), ", "malformed header: 'fortran_order' must be True or False"],
    ["'descr': 8, 'fortran_order': False, 'shape': (1, 1), ", "malformed header: expected 'descr' as a quoted string at character 10, found '8,"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': [1, 1], ", "malformed header: expected 'shape' as a tuple '(' at character 50, found '[1, 1]"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': (1, -1), ", "malformed header: 'shape' must hold non-negative integers; at character 54, found '-1)"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': (1, 1.0), ", "malformed header: expected ',' or ')' in 'shape' at character 55, found '.0)"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': (1), ", "malformed header: 'shape' (1) is a number, not a tuple; one dimension is written (1,)"],
    ["'descr': '<f8', 'fortran_order': False, 'shape': (01, 1), ", "malformed header: 'shape' entry 01 has a leading zero"],
    ["'descr': '<f8' 'fortran_order': False, 'shape': (1, 1), ", "malformed header: expected ',' or '}' at character 16"],
    ["'descr': '<f\\x38', 'fortran_order': False, 'shape': (1, 1), ", 'malformed header: the string at character 10 has an escape or a line break; not supported'],
  ])('a header numpy refuses is refused: {%s}', (fields, message) => {
    refuses(header(fields), message);
  });
  it('the header must end in a newline, hold nothing after the dict and fit numpy\'s 10000 characters', () => {
    refuses(npyBytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }    ", ONE_F8), 'malformed header: it does not end with a newline (\\n)');
    refuses(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), } {}", ONE_F8), "malformed header: text after the dict's '}' at character 60, found '{}");
    refuses(rawNpy(`{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }${' '.repeat(10_000)}`, ONE_F8, 2), 'malformed header: 10100 characters long; numpy reads at most 10000');
  });
  it('versions other than 1.0, 2.0 and 3.0, Python 2 longs in 3.0, invalid UTF-8 in 3.0 and a multi-byte dtype without byte order are refused', () => {
    const v = encodeNpy(matrix(1, 1, [1]));
    v[7] = 1;
    refuses(v, '.npy format version 1.1 is not supported; allowed 1.0, 2.0, 3.0');
    refuses(rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1L, 1L), }", ONE_F8, 3), "malformed header: expected ',' or ')' in 'shape' at character 52, found 'L, 1L)");
    const utf8 = rawNpy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1), }", ONE_F8, 3);
    utf8[14] = 0xff;
    refuses(utf8, 'the header is not valid UTF-8, as format 3.0 requires');
    refuses(header("'descr': '|f8', 'fortran_order': False, 'shape': (1, 1), "), "dtype '|f8' has no byte order; allowed '<f8' or '>f8'");
  });
});
