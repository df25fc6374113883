// The WebAssembly MAC kernel (kernel/mac.ts, its bytes in every bundle: mac-kernel-bytes.ts): loading, when it
// applies, its lane type and the layout of its memory. The fast engines call it for int PEs whose sums fit an i32
// lane and fp32-accumulator float PEs, when it is present; everything else runs on their JS loops, bit-identical. test/fast-engine.test.ts holds both to the
// reference engine and to each other.
import { popcount32 } from '../pe/bits.js';
import { operandRange } from '../pe/int-mac.js';
import type { PeModel } from '../pe/pe-model.js';
import builtKernel from './mac-kernel-bytes.js';
import type { PeCounters } from './pe-counters.js';
import type { OperandWords } from './operand-words.js';

interface KernelExports {
  memory: WebAssembly.Memory;
  configure(
    laneKind: number,
    accMin: number,
    accMax: number,
    accBits: number,
    saturate: number,
    productMask: number,
    accMask: number,
    prodMin: number,
    prodMax: number,
    prodPat: number,
    accPat: number,
    prodToggles: number,
    accToggles: number,
    overflows: number,
    ppToggles: number,
    scratch: number,
  ): void;
  osGroup: OsGroup;
  stationaryGroup: StationaryGroup;
  takeEdgeOverflows(): number;
  gemmF64(a: number, b: number, out: number, m: number, k: number, n: number): void;
}

type OsGroup = (p: number, lanes: number, aVal: number, aTerm: number, bVal: number, bTerm: number, n: number, k: number, out: number) => void;
type StationaryGroup = (
  p: number,
  lanes: number,
  C: number,
  R: number,
  kf: number,
  wAt: number,
  wStride: number,
  sAt: number,
  T: number,
  psum: number,
  out: number,
  outStride: number,
  firstFold: number,
) => void;

let wasm = builtKernel;
let loaded: KernelExports | undefined;

/** Runs the MACs on these kernel bytes from now on, or on the JS loops (undefined): the differential tests' switch. */
export function useMacKernel(bytes: Uint8Array<ArrayBuffer> | undefined): void {
  wasm = bytes;
  loaded = undefined;
}

// Instantiated at first use, so a run that never takes the kernel never compiles it.
function kernel(): KernelExports | undefined {
  if (!loaded && wasm) loaded = new WebAssembly.Instance(new WebAssembly.Module(wasm), {}).exports as unknown as KernelExports;
  return loaded;
}

/** Largest K the kernel takes: its per-fold partial-product sums (< 2048 per MAC) stay below 2^31. */
const MAX_K = 1 << 20;

/**
 * Whether the kernel computes this PE exactly: an int MAC whose |accumulator| + |product| stays below 2^31, or a
 * float MAC with an fp32 accumulator.
 */
export function kernelFits(pe: PeModel, k: number): boolean {
  const spec = pe.spec;
  if (k > MAX_K) return false;
  if (spec.kind === 'float') return spec.acc === 'fp32';
  if (spec.kind !== 'int' || !pe.int) return false;
  const [prodMin, prodMax] = productRange(pe);
  return Math.max(-pe.int.accMin, pe.int.accMax) + Math.max(-prodMin, prodMax) < 2 ** 31;
}

/** Range of one int PE's product ([0, 0] for other PEs). */
function productRange(pe: PeModel): [number, number] {
  const spec = pe.spec;
  if (spec.kind !== 'int') return [0, 0];
  const [aMin, aMax] = operandRange(spec.aBits, spec.aSigned);
  const [bMin, bMax] = operandRange(spec.bBits, spec.bSigned);
  const corners = [aMin * bMin, aMin * bMax, aMax * bMin, aMax * bMax];
  return [Math.min(...corners), Math.max(...corners)];
}

/** Whether a run's MACs go to the kernel: it is present and computes this PE exactly. */
export function kernelTakes(pe: PeModel, k: number): boolean {
  return kernelFits(pe, k) && kernel() !== undefined;
}

/** The kernel's memory, grown to at least `bytes` and zeroed up to there (runs use it one at a time). */
function zeroedMemory(exports: KernelExports, bytes: number): ArrayBuffer {
  const memory = exports.memory;
  const need = Math.ceil((bytes - memory.buffer.byteLength) / 65536);
  if (need > 0) memory.grow(need);
  new Uint8Array(memory.buffer, 0, bytes).fill(0);
  return memory.buffer;
}

/**
 * out = a·b (m×k by k×n, row-major float64) in the kernel, bit-identical to sim/reference-gemm.ts's JS loop;
 * undefined without the kernel.
 */
export function gemmF64(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array | undefined {
  const exports = kernel();
  if (!exports) return undefined;
  const aAt = 16;
  const bAt = aAt + a.length * 8;
  const outAt = bAt + b.length * 8;
  const buf = zeroedMemory(exports, outAt + m * n * 8);
  new Float64Array(buf, aAt, a.length).set(a);
  new Float64Array(buf, bAt, b.length).set(b);
  exports.gemmF64(aAt, bAt, outAt, m, k, n);
  return new Float64Array(buf, outAt, m * n).slice();
}

/**
 * The kernel's lane type (kernel/mac.ts): 0, i16 lanes for int products that fit one (signed) and whose pattern
 * is their low 16 bits or fewer, eight products per multiply; 1, i32 lanes for other ints; 2, f32 lanes.
 */
function laneKind(pe: PeModel, prodMin: number, prodMax: number): number {
  if (pe.spec.kind === 'float') return 2;
  return prodMin >= -(2 ** 15) && prodMax < 2 ** 15 && pe.productBits <= 16 ? 0 : 1;
}

/** A run's view of the kernel memory: per-PE state and counters, then the operands the caller lays out. */
export class MacKernel {
  readonly exports: KernelExports;
  /**
   * A row of PEs (OS: one array row, j..j+lanes−1) or a fold's columns (WS/IS), eight columns per chunk in the
   * kernel; `lanes` may be any count (a four-column group, as the engines once sent, still works).
   */
  readonly osGroup: OsGroup;
  readonly stationaryGroup: StationaryGroup;
  /** Whether words and sums are f32 (else i32). */
  readonly float: boolean;
  private prodToggles!: Float64Array;
  private accToggles!: Float64Array;
  private overflows!: Float64Array;
  private ppToggles!: Float64Array;
  private readonly offsets = new Map<string, number>();
  private readonly P: number;

  /** `extra` regions (name, bytes) are laid out after the state; `at`, `i32` and `words` address them. */
  constructor(pe: PeModel, P: number, extra: [string, number][]) {
    const exports = kernel();
    if (!exports) throw new Error('MacKernel: no kernel loaded (engines check kernelTakes first)');
    this.exports = exports;
    this.P = P;
    this.float = pe.spec.kind === 'float';
    this.osGroup = this.exports.osGroup;
    this.stationaryGroup = this.exports.stationaryGroup;
    const padded = P + 8; // a chunk's eight lanes may run past the last PE
    let at = 16;
    for (const [name, bytes] of [
      ['prodPat', padded * 4],
      ['accPat', padded * 4],
      ['prodToggles', padded * 8],
      ['accToggles', padded * 8],
      ['overflows', padded * 8],
      ['ppToggles', padded * 8],
      ['scratch', 128],
      ...extra,
    ] as [string, number][]) {
      this.offsets.set(name, at);
      at += Math.ceil((bytes + 32) / 16) * 16; // 32 bytes of slack: a chunk's eight lanes read past a row's end
    }
    const buf = zeroedMemory(this.exports, at);
    this.prodToggles = new Float64Array(buf, this.at('prodToggles'), P);
    this.accToggles = new Float64Array(buf, this.at('accToggles'), P);
    this.overflows = new Float64Array(buf, this.at('overflows'), P);
    this.ppToggles = new Float64Array(buf, this.at('ppToggles'), P);
    // Float PEs use the pattern state and counters only.
    const r = pe.int ?? { accMin: 0, accMax: 0, saturate: false };
    const [prodMin, prodMax] = productRange(pe);
    this.exports.configure(
      laneKind(pe, prodMin, prodMax),
      r.accMin,
      r.accMax,
      pe.accBits,
      r.saturate ? 1 : 0,
      pe.productBits >= 32 ? -1 : (1 << pe.productBits) - 1,
      pe.accBits >= 32 ? -1 : (1 << pe.accBits) - 1,
      prodMin,
      prodMax,
      this.at('prodPat'),
      this.at('accPat'),
      this.at('prodToggles'),
      this.at('accToggles'),
      this.at('overflows'),
      this.at('ppToggles'),
      this.at('scratch'),
    );
  }

  /** Byte offset of a region. */
  at(name: string): number {
    return this.offsets.get(name)!;
  }

  i32(name: string, length: number): Int32Array {
    return new Int32Array(this.exports.memory.buffer, this.at(name), length);
  }

  /** A region of words or sums in the PE's lane type. */
  words(name: string, length: number): Int32Array | Float32Array {
    return this.float ? new Float32Array(this.exports.memory.buffer, this.at(name), length) : this.i32(name, length);
  }

  /**
   * End of a run: adds the kernel's per-PE counts to the run's counters (its overflows, and the edge adders', to
   * the PE's running count and the run's edge count) and copies the sums in region `outName` to `out`.
   */
  finish(pe: PeModel, counters: PeCounters, edgeOverflows: { count: number }, outName: string, out: Float64Array): void {
    const t = counters.toggles;
    for (let p = 0; p < this.P; p++) {
      t.product[p]! += this.prodToggles[p] as number;
      t.accReg[p]! += this.accToggles[p] as number;
      t.ppArray[p]! += this.ppToggles[p] as number;
      counters.overflows[p]! += this.overflows[p] as number;
      pe.overflows += this.overflows[p] as number;
    }
    const edge = this.exports.takeEdgeOverflows();
    pe.overflows += edge;
    edgeOverflows.count += edge;
    out.set(this.words(outName, out.length));
  }

}

/** Words of `w` as lane values in `dst` (ids 0..dst.length−1: the words in the matrix's own layout). */
export function fillValues(w: OperandWords, dst: Int32Array | Float32Array): void {
  dst.set(w.val.subarray(0, dst.length)); // converts as an element store does: ToInt32 or fp32 rounding
}

/**
 * OS partial-product terms of A's row streams (rows × k words, row-major), packed as i16 pairs:
 * low x_t = pop(pp_t & pp_t−1) (0 at t = 0), high the coefficient of B's pop(pp_t) once the identity
 * PPHD = x·HD(b,b') + (pop a − x)·pop b + (pop a' − x)·pop b' is summed over t ≥ 1.
 */
export function fillRowTerms(w: OperandWords, rows: number, k: number, dst: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    for (let t = 0; t < k; t++) {
      const id = r * k + t;
      const pop = w.ppPop[id] as number;
      const x = t > 0 ? popcount32((w.pp[id] as number) & (w.pp[id - 1] as number)) : 0;
      const xNext = t + 1 < k ? popcount32((w.pp[id] as number) & (w.pp[id + 1] as number)) : 0;
      const coef = (t > 0 ? pop - x : 0) + (t + 1 < k ? pop - xNext : 0);
      dst[id] = x | (coef << 16);
    }
  }
}

/** OS terms of B's column streams (k × n words, row-major), packed as i16 pairs: low HD(pp_t, pp_t−1), high pop(pp_t). */
export function fillColumnTerms(w: OperandWords, k: number, n: number, dst: Int32Array): void {
  const { pp, ppPop } = w;
  // Row 0 has no word before it (HD 0); every later word's predecessor in its column is n ids back.
  const firstRow = Math.min(n, k * n);
  for (let id = 0; id < firstRow; id++) dst[id] = (ppPop[id] as number) << 16;
  for (let id = firstRow; id < k * n; id++) dst[id] = popcount32((pp[id] as number) ^ (pp[id - n] as number)) | ((ppPop[id] as number) << 16);
}
