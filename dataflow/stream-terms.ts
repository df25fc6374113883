// Per-stream terms the fast engine shares between all PEs a stream passes: register toggles along a stream and
// the pieces of the partial-product identity (docs/power-model.md, "How toggles become energy") between consecutive words.
import { popcount32 } from '../pe/bits.js';
import type { OperandWords } from './operand-words.js';

/** Words of `w` laid out as streams: stream s, position t is word ids[s·len + t]. */
export interface Streams {
  ids: Int32Array;
  len: number;
  /** Σ_t≥1 popcount(pat[t] ^ pat[t−1]) per stream: register toggles after the first word. */
  innerToggles: Float64Array;
  /** Σ_t≥1 popcount(pp[t] ^ pp[t−1]) per stream: its partial-product HD sum against a fixed other operand. */
  ppXorSum: Float64Array;
}

/** What the JS MAC loops read per stream position (the WebAssembly kernel lays out its own). */
export interface StreamWords {
  /** Word values and partial-product popcounts in stream order (contiguous for the MAC loops). */
  val: Float64Array;
  ppPop: Uint8Array;
  /** Partial-product rows and zero-detector flags (gating zero), in stream order. */
  pp: Uint32Array;
  iso: Uint8Array;
  /** popcount(pp[t] & pp[t−1]) and popcount(pp[t] ^ pp[t−1]) for t ≥ 1 (0 at t = 0). */
  ppAnd: Uint8Array;
  ppXor: Uint8Array;
}

/** Streams of a row-major matrix of word ids: `byRow` streams run along rows, else along columns. */
export function streamsOf(w: OperandWords, rows: number, cols: number, byRow: boolean): Streams {
  const count = byRow ? rows : cols;
  const len = byRow ? cols : rows;
  const ids = new Int32Array(count * len);
  const innerToggles = new Float64Array(count);
  const ppXorSum = new Float64Array(count);
  const { pat, pp } = w;
  // Both walk the matrix in memory order: a row stream's words are adjacent; column streams each take one step per
  // row, their sums in arrays (of integers: exact in any order). ~20% faster than one loop over stream positions.
  if (byRow) {
    for (let s = 0; s < rows; s++) {
      let toggles = 0;
      let xors = 0;
      const base = s * cols;
      ids[base] = base;
      for (let id = base + 1; id < base + cols; id++) {
        ids[id] = id;
        toggles += popcount32((pat[id - 1] as number) ^ (pat[id] as number));
        xors += popcount32((pp[id - 1] as number) ^ (pp[id] as number));
      }
      innerToggles[s] = toggles;
      ppXorSum[s] = xors;
    }
  } else {
    for (let c = 0; c < cols; c++) ids[c * len] = c;
    for (let r = 1; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const id = r * cols + c;
        ids[c * len + r] = id;
        innerToggles[c]! += popcount32((pat[id - cols] as number) ^ (pat[id] as number));
        ppXorSum[c]! += popcount32((pp[id - cols] as number) ^ (pp[id] as number));
      }
    }
  }
  return { ids, len, innerToggles, ppXorSum };
}

/**
 * A register that holds word last[slot] takes stream s: its toggles (the step onto the stream's first word plus the
 * stream's own), and last[slot] becomes the stream's last word.
 */
export function takeStream(w: OperandWords, streams: Streams, last: Int32Array, slot: number, s: number): number {
  const { ids, len } = streams;
  const toggles = popcount32((w.pat[last[slot] as number] as number) ^ (w.pat[ids[s * len] as number] as number)) + (streams.innerToggles[s] as number);
  last[slot] = ids[s * len + len - 1] as number;
  return toggles;
}

/** The per-position words and partial-product terms of streams, in stream order. */
export function streamWords(w: OperandWords, streams: Streams): StreamWords {
  const { ids, len } = streams;
  const val = new Float64Array(ids.length);
  const ppPop = new Uint8Array(ids.length);
  const pp = new Uint32Array(ids.length);
  const iso = new Uint8Array(ids.length);
  const ppAnd = new Uint8Array(ids.length);
  const ppXor = new Uint8Array(ids.length);
  for (let at = 0; at < ids.length; at++) {
    const id = ids[at] as number;
    val[at] = w.val[id] as number;
    ppPop[at] = w.ppPop[id] as number;
    pp[at] = w.pp[id] as number;
    iso[at] = w.iso[id] as number;
    if (at % len > 0) {
      const prev = ids[at - 1] as number;
      ppAnd[at] = popcount32((w.pp[prev] as number) & (w.pp[id] as number));
      ppXor[at] = popcount32((w.pp[prev] as number) ^ (w.pp[id] as number));
    }
  }
  return { val, ppPop, pp, iso, ppAnd, ppXor };
}
