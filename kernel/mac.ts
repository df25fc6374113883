// AssemblyScript, compiled into every bundle by scripts/mac-kernel.mjs: the fast engine's MAC loops, eight PEs
// (eight adjacent array columns) per chunk, with native popcounts. Each group call runs a whole row of columns,
// chunk by chunk, each chunk's K (or M) loop holding its accumulators and counters in registers. The arithmetic is
// one of three lane types (configure), each a compile-time instance of the same generic loop:
// - i16: int PEs whose products fit an i16 lane and whose sums cannot leave the accumulator (checked per call):
//   one i16x8.mul and one popcount give eight products and their toggles; no overflow check.
// - i32: every other int PE the host sends (|accumulator| + |product| < 2^31, dataflow/mac-kernel.ts): i32 lanes,
//   overflow checked per step.
// - f32: float PEs with an fp32 accumulator: f32 lanes.
// Layouts and pointers come from the host; this module allocates nothing.

// The lane type of the run (configure): which instance of the loops the group calls take.
const KIND_I16: i32 = 0;
const KIND_I32: i32 = 1;
const KIND_F32: i32 = 2;
let kind: i32 = 0;
// The run's configuration, set once per GEMM by configure().
let accMin: i32 = 0;
let accMax: i32 = 0;
let accSpan: i64 = 0;
let saturate: bool = false;
let productMask: i32 = 0;
let accMask: i32 = 0;
// Range of one product (int PEs): a run of n products from 0 stays in the accumulator when n times either end does.
let prodMin: i64 = 0;
let prodMax: i64 = 0;
// Per-PE state (i32 arrays: product and accumulator patterns) and per-PE counters (f64 arrays), indexed i·C + j.
let prodPatAt: usize = 0;
let accPatAt: usize = 0;
let prodTogglesAt: usize = 0;
let accTogglesAt: usize = 0;
let overflowsAt: usize = 0;
let ppTogglesAt: usize = 0;
// Scratch areas: a chunk's eight lane values (32 bytes), its per-lane overflow counts (32) and one half's products (16).
let laneAt: usize = 0;
let laneOverflowsAt: usize = 0;
let laneProdAt: usize = 0;

export function configure(
  lanes: i32,
  min: i32,
  max: i32,
  accBits: i32,
  sat: bool,
  pMask: i32,
  aMask: i32,
  pMin: f64,
  pMax: f64,
  prodPat: usize,
  accPat: usize,
  prodToggles: usize,
  accToggles: usize,
  overflows: usize,
  ppToggles: usize,
  scratch: usize,
): void {
  kind = lanes;
  accMin = min;
  accMax = max;
  accSpan = (<i64>1) << accBits;
  saturate = sat;
  productMask = pMask;
  accMask = aMask;
  prodMin = <i64>pMin;
  prodMax = <i64>pMax;
  prodPatAt = prodPat;
  accPatAt = accPat;
  prodTogglesAt = prodToggles;
  accTogglesAt = accToggles;
  overflowsAt = overflows;
  ppTogglesAt = ppToggles;
  laneAt = scratch;
  laneOverflowsAt = scratch + 32;
  laneProdAt = scratch + 64;
}

/** Whether `steps` products summed from zero stay in the accumulator's range, so no lane can overflow. */
function cannotOverflow(steps: i32): bool {
  return <i64>steps * prodMin >= <i64>accMin && <i64>steps * prodMax <= <i64>accMax;
}

// Lanes of one half (four PEs; overflow counts at `counts`) whose acc + prod left the accumulator's range: wrap or
// saturate each (as pe/int-mac.ts), count it.
function overflowLanes(acc: v128, prod: v128, counts: usize): v128 {
  v128.store(laneAt, acc);
  v128.store(laneProdAt, prod);
  for (let l = 0; l < 4; l++) {
    const s: i64 = <i64>load<i32>(laneAt + (<usize>l << 2)) + <i64>load<i32>(laneProdAt + (<usize>l << 2));
    if (s >= <i64>accMin && s <= <i64>accMax) {
      store<i32>(laneAt + (<usize>l << 2), <i32>s);
      continue;
    }
    const at = counts + (<usize>l << 2);
    store<i32>(at, load<i32>(at) + 1);
    let r: i64;
    if (saturate) r = s > <i64>accMax ? <i64>accMax : <i64>accMin;
    else r = ((((s - <i64>accMin) % accSpan) + accSpan) % accSpan) + <i64>accMin;
    store<i32>(laneAt + (<usize>l << 2), <i32>r);
  }
  return v128.load(laneAt);
}

// ---- Lane arithmetic of the three instances (T: i16, i32 or f32; branches on T are resolved at compile time).

// IEEE bits of each lane, NaN canonical (0x7fc00000, as the JS engines' fp32 patterns).
// @ts-ignore: decorator
@inline
function f32Bits(x: v128): v128 {
  return v128.bitselect(x, i32x4.splat(0x7fc00000), f32x4.eq(x, x));
}

// Four products of one operand word (splat) with four words. The product and the sum are each rounded once to
// fp32 in f32 lanes, as Math.fround does on the exact double (53 ≥ 2·24 + 2 bits).
// @ts-ignore: decorator
@inline
function mul4<T>(a: v128, b: v128): v128 {
  if (isFloat<T>()) return f32x4.mul(a, b);
  return i32x4.mul(a, b);
}

// acc + prod for four PEs (overflow counts at `counts`); only the i32 instance checks the range.
// @ts-ignore: decorator
@inline
function add4<T>(acc: v128, prod: v128, minV: v128, maxV: v128, counts: usize): v128 {
  if (isFloat<T>()) return f32x4.add(acc, prod);
  const v = i32x4.add(acc, prod);
  if (sizeof<T>() == 2) return v;
  if (v128.any_true(v128.or(i32x4.lt_s(v, minV), i32x4.gt_s(v, maxV)))) return overflowLanes(acc, prod, counts);
  return v;
}

// The pattern a register of four products or sums holds.
// @ts-ignore: decorator
@inline
function pattern4<T>(x: v128, mask: v128): v128 {
  if (isFloat<T>()) return f32Bits(x);
  return v128.and(x, mask);
}

// Popcounts are summed per byte (at most 8 per step) for at most this many steps before widening to i32 lanes.
const BYTE_BLOCK: i32 = 31;

// Per-byte popcounts summed over a block, as per-PE i32 counts: four bytes per i32 lane.
// @ts-ignore: decorator
@inline
function bytesPer32(bytes: v128): v128 {
  return i32x4.extadd_pairwise_i16x8_u(i16x8.extadd_pairwise_i8x16_u(bytes));
}

// ---- Per-PE state and counters of a chunk: PEs p..p+lanes−1, eight lanes split in halves lo (0–3) and hi (4–7).

// @ts-ignore: decorator
@inline
function lanes32(at: usize, p: i32): v128 {
  return v128.load(at + (<usize>p << 2));
}

/** Adds lanes 0..lanes−1 of lo:hi (i32) to the f64 counters at `at` for PEs p.. . */
function addCounts(at: usize, p: i32, lanes: i32, lo: v128, hi: v128): void {
  v128.store(laneAt, lo);
  v128.store(laneAt, hi, 16);
  for (let l = 0; l < lanes; l++) {
    const c = at + ((<usize>(p + l)) << 3);
    store<f64>(c, load<f64>(c) + <f64>load<i32>(laneAt + (<usize>l << 2)));
  }
}

/** Stores lanes 0..lanes−1 of lo:hi (i32 or f32 bits) to at, at + 4, ... . */
function storeLanes(at: usize, lanes: i32, lo: v128, hi: v128): void {
  v128.store(laneAt, lo);
  v128.store(laneAt, hi, 16);
  for (let l = 0; l < lanes; l++) store<i32>(at + (<usize>l << 2), load<i32>(laneAt + (<usize>l << 2)));
}

/**
 * The chunk's end: toggle counts (i32 lanes lo:hi), its overflows (scratch) and its last patterns (i32 lanes, or
 * the product patterns as i16x8 in pPatLo for the i16 instance) into the per-PE state of PEs p..p+lanes−1.
 */
// @ts-ignore: decorator
@inline
function finishChunk<T>(p: i32, lanes: i32, prodTLo: v128, prodTHi: v128, accTLo: v128, accTHi: v128, pPatLo: v128, pPatHi: v128, aPatLo: v128, aPatHi: v128): void {
  addCounts(prodTogglesAt, p, lanes, prodTLo, prodTHi);
  addCounts(accTogglesAt, p, lanes, accTLo, accTHi);
  if (isInteger<T>() && sizeof<T>() == 4) addCounts(overflowsAt, p, lanes, v128.load(laneOverflowsAt), v128.load(laneOverflowsAt, 16));
  if (sizeof<T>() == 2) storeLanes(prodPatAt + (<usize>p << 2), lanes, i32x4.extend_low_i16x8_u(pPatLo), i32x4.extend_high_i16x8_u(pPatLo));
  else storeLanes(prodPatAt + (<usize>p << 2), lanes, pPatLo, pPatHi);
  storeLanes(accPatAt + (<usize>p << 2), lanes, aPatLo, aPatHi);
}

/**
 * Output stationary, one fold row: PEs (i, j..j+lanes−1), p = i·C + j, accumulate row `aRow` of A (K words at
 * aVal) against columns col..col+lanes−1 of B (row-major K×N words at bVal, N = n), eight columns per chunk.
 * Partial-product toggles are the dot product of packed per-stream terms (aTerm: i16 pairs per A position, bTerm:
 * i16 pairs per B element), plus the fold's first MAC term, which the host adds. Writes the lanes' K-sums to out.
 * Words and sums are i32 (int PEs) or f32 (float PEs), as configured.
 */
export function osGroup(p: i32, lanes: i32, aVal: usize, aTerm: usize, bVal: usize, bTerm: usize, n: i32, k: i32, out: usize): void {
  const i16 = kind == KIND_I16 && cannotOverflow(k);
  for (let c = 0; c < lanes; c += 8) {
    const l = min(8, lanes - c);
    const at = <usize>c << 2;
    if (kind == KIND_F32) osChunkF32(p + c, l, aVal, aTerm, bVal + at, bTerm + at, n, k, out + at);
    else if (i16) osChunk<i16>(false, p + c, l, aVal, aTerm, bVal + at, bTerm + at, n, k, out + at);
    else osChunk<i32>(false, p + c, l, aVal, aTerm, bVal + at, bTerm + at, n, k, out + at);
  }
}

// f32 lanes count the raw bits' toggles first: without a NaN they are the patterns. A NaN product or sum leaves
// its lane's sum NaN to the end (NaN + x is NaN), so a chunk that ends without one needed no canonical NaN;
// one that ends with one runs again with canonical patterns (its state is written only at the end).
function osChunkF32(p: i32, lanes: i32, aVal: usize, aTerm: usize, bVal: usize, bTerm: usize, n: i32, k: i32, out: usize): void {
  if (!osChunk<f32>(false, p, lanes, aVal, aTerm, bVal, bTerm, n, k, out)) osChunk<f32>(true, p, lanes, aVal, aTerm, bVal, bTerm, n, k, out);
}

// The bits whose toggles a register holding x, then y counts: raw (ints: masked) or with canonical NaN.
// @ts-ignore: decorator
@inline
function changed<T>(canonical: bool, x: v128, y: v128, mask: v128): v128 {
  if (isFloat<T>()) return canonical ? v128.xor(f32Bits(x), f32Bits(y)) : v128.xor(x, y);
  return v128.and(v128.xor(x, y), mask);
}

/**
 * One chunk of osGroup, eight columns (lanes of them real). The accumulator's toggles are counted between
 * consecutive sums, from a sum of 0 before the first MAC, and the first MAC's count is then corrected to start
 * from the pattern the register held: so the loop carries no pattern for the accumulator. Returns false (and
 * writes nothing) when raw f32 bits met a NaN.
 */
// @ts-ignore: decorator
@inline
function osChunk<T>(canonical: bool, p: i32, lanes: i32, aVal: usize, aTerm: usize, bVal: usize, bTerm: usize, n: i32, k: i32, out: usize): bool {
  const minV = i32x4.splat(accMin);
  const maxV = i32x4.splat(accMax);
  const pMask = sizeof<T>() == 2 ? i16x8.splat(<i16>productMask) : i32x4.splat(productMask);
  const aMask = i32x4.splat(accMask);
  let pPatLo = lanes32(prodPatAt, p);
  let pPatHi = lanes32(prodPatAt, p + 4);
  if (sizeof<T>() == 2) pPatLo = i16x8.narrow_i32x4_u(pPatLo, pPatHi);
  let accLo = i32x4.splat(0);
  let accHi = i32x4.splat(0);
  let ppLo = i32x4.splat(0);
  let ppHi = i32x4.splat(0);
  let prodTLo = i32x4.splat(0);
  let prodTHi = i32x4.splat(0);
  let accTLo = i32x4.splat(0);
  let accTHi = i32x4.splat(0);
  v128.store(laneOverflowsAt, i32x4.splat(0));
  v128.store(laneOverflowsAt, i32x4.splat(0), 16);
  const stride: usize = <usize>n << 2;
  let bv = bVal;
  let bt = bTerm;
  let t = 0;
  while (t < k) {
    // A first block of one MAC, so the first sum is at hand for the correction below.
    const end = t == 0 ? 1 : min(k, t + BYTE_BLOCK);
    let prodBytesLo = i32x4.splat(0);
    let prodBytesHi = i32x4.splat(0);
    let accBytesLo = i32x4.splat(0);
    let accBytesHi = i32x4.splat(0);
    for (; t < end; t++) {
      let prodLo: v128;
      let prodHi: v128;
      if (sizeof<T>() == 2) {
        // Eight products in i16 lanes (the low half of each i32 word is the word); their sums in i32 lanes.
        const prod = i16x8.mul(v128.load16_splat(aVal + (<usize>t << 2)), i16x8.narrow_i32x4_s(v128.load(bv), v128.load(bv, 16)));
        const np = v128.and(prod, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(np, pPatLo)));
        pPatLo = np;
        prodLo = i32x4.extend_low_i16x8_s(prod);
        prodHi = i32x4.extend_high_i16x8_s(prod);
      } else {
        const a = v128.load32_splat(aVal + (<usize>t << 2));
        prodLo = mul4<T>(a, v128.load(bv));
        prodHi = mul4<T>(a, v128.load(bv, 16));
        const npLo = isFloat<T>() && !canonical ? prodLo : pattern4<T>(prodLo, pMask);
        const npHi = isFloat<T>() && !canonical ? prodHi : pattern4<T>(prodHi, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(npLo, pPatLo)));
        prodBytesHi = i8x16.add(prodBytesHi, i8x16.popcnt(v128.xor(npHi, pPatHi)));
        pPatLo = npLo;
        pPatHi = npHi;
      }
      const sumLo = add4<T>(accLo, prodLo, minV, maxV, laneOverflowsAt);
      const sumHi = add4<T>(accHi, prodHi, minV, maxV, laneOverflowsAt + 16);
      accBytesLo = i8x16.add(accBytesLo, i8x16.popcnt(changed<T>(canonical, accLo, sumLo, aMask)));
      accBytesHi = i8x16.add(accBytesHi, i8x16.popcnt(changed<T>(canonical, accHi, sumHi, aMask)));
      accLo = sumLo;
      accHi = sumHi;
      const terms = v128.load32_splat(aTerm + (<usize>t << 2));
      ppLo = i32x4.add(ppLo, i32x4.dot_i16x8_s(terms, v128.load(bt)));
      ppHi = i32x4.add(ppHi, i32x4.dot_i16x8_s(terms, v128.load(bt, 16)));
      bv += stride;
      bt += stride;
    }
    if (sizeof<T>() == 2) {
      const perPe = i16x8.extadd_pairwise_i8x16_u(prodBytesLo);
      prodTLo = i32x4.add(prodTLo, i32x4.extend_low_i16x8_u(perPe));
      prodTHi = i32x4.add(prodTHi, i32x4.extend_high_i16x8_u(perPe));
    } else {
      prodTLo = i32x4.add(prodTLo, bytesPer32(prodBytesLo));
      prodTHi = i32x4.add(prodTHi, bytesPer32(prodBytesHi));
    }
    accTLo = i32x4.add(accTLo, bytesPer32(accBytesLo));
    accTHi = i32x4.add(accTHi, bytesPer32(accBytesHi));
    if (t == 1) {
      // The first MAC toggled the accumulator from its held pattern, not from 0 (whose pattern is 0).
      const firstLo = pattern4<T>(accLo, aMask);
      const firstHi = pattern4<T>(accHi, aMask);
      const heldLo = lanes32(accPatAt, p);
      const heldHi = lanes32(accPatAt, p + 4);
      accTLo = i32x4.sub(i32x4.add(accTLo, bytesPer32(i8x16.popcnt(v128.xor(firstLo, heldLo)))), bytesPer32(i8x16.popcnt(firstLo)));
      accTHi = i32x4.sub(i32x4.add(accTHi, bytesPer32(i8x16.popcnt(v128.xor(firstHi, heldHi)))), bytesPer32(i8x16.popcnt(firstHi)));
    }
  }
  if (isFloat<T>() && !canonical && v128.any_true(v128.or(f32x4.ne(accLo, accLo), f32x4.ne(accHi, accHi)))) return false;
  finishChunk<T>(p, lanes, prodTLo, prodTHi, accTLo, accTHi, pPatLo, pPatHi, pattern4<T>(accLo, aMask), pattern4<T>(accHi, aMask));
  addCounts(ppTogglesAt, p, lanes, ppLo, ppHi);
  storeLanes(out, lanes, accLo, accHi);
  return true;
}

// Edge-adder overflows (K-folds after the first add into the output buffer), taken by the host after a run.
let edgeOverflows: i32 = 0;

export function takeEdgeOverflows(): i32 {
  const n = edgeOverflows;
  edgeOverflows = 0;
  return n;
}

// acc + p in the accumulator's arithmetic, for one lane.
function addScalar(acc: i32, p: i32): i32 {
  const s: i64 = <i64>acc + <i64>p;
  if (s >= <i64>accMin && s <= <i64>accMax) return <i32>s;
  edgeOverflows++;
  if (saturate) return s > <i64>accMax ? accMax : accMin;
  return <i32>(((((s - <i64>accMin) % accSpan) + accSpan) % accSpan) + <i64>accMin);
}

/**
 * Weight/input stationary, one fold: PEs (i, j..j+lanes−1), p = i·C + j, eight columns per chunk. Row i < kf
 * holds stationary words (at wAt + i·wStride bytes, one per column) and streams column i of S (T words at
 * sAt + i·T·4); each row adds its products to the partial sums from the row above. The sums alternate between two
 * buffers of T × 8 lanes at psum (2 · T · 32 bytes), so a row can run again from its inputs. Rows kf..R−1 forward
 * the finished sums; they leave into out (T rows of outStride bytes): written on the first K-fold, added in the
 * accumulator's arithmetic after. Words and sums are i32 or f32, as configured.
 */
export function stationaryGroup(p: i32, lanes: i32, C: i32, R: i32, kf: i32, wAt: usize, wStride: i32, sAt: usize, T: i32, psum: usize, out: usize, outStride: i32, firstFold: bool): void {
  const i16 = kind == KIND_I16 && cannotOverflow(kf);
  for (let c = 0; c < lanes; c += 8) {
    const l = min(8, lanes - c);
    const at = <usize>c << 2;
    if (kind == KIND_F32) stationaryChunk<f32>(p + c, l, C, R, kf, wAt + at, wStride, sAt, T, psum, out + at, outStride, firstFold);
    else if (i16) stationaryChunk<i16>(p + c, l, C, R, kf, wAt + at, wStride, sAt, T, psum, out + at, outStride, firstFold);
    else stationaryChunk<i32>(p + c, l, C, R, kf, wAt + at, wStride, sAt, T, psum, out + at, outStride, firstFold);
  }
}

function stationaryChunk<T>(p: i32, lanes: i32, C: i32, R: i32, kf: i32, wAt: usize, wStride: i32, sAt: usize, T: i32, psum: usize, out: usize, outStride: i32, firstFold: bool): void {
  const aMask = i32x4.splat(accMask);
  const half: usize = <usize>T << 5;
  // Row 0 adds its products to zero sums, as the JS loop does (0 + −0 is +0 in f32 lanes too).
  for (let mm = 0; mm < T; mm++) {
    v128.store(psum + (<usize>mm << 5), i32x4.splat(0));
    v128.store(psum + (<usize>mm << 5), i32x4.splat(0), 16);
  }
  for (let i = 0; i < kf; i++) {
    const pi = p + i * C;
    const w = wAt + <usize>i * <usize>wStride;
    const s = sAt + (<usize>(i * T) << 2);
    const from = psum + (<usize>(i & 1)) * half;
    const to = psum + (<usize>((i + 1) & 1)) * half;
    // f32 lanes: raw bits first, as in osChunkF32; a row whose sums met a NaN runs again with canonical patterns.
    if (!stationaryRow<T>(false, pi, lanes, w, s, T, from, to)) stationaryRow<T>(true, pi, lanes, w, s, T, from, to);
  }
  const sums = psum + (<usize>(kf & 1)) * half;
  if (kf < R) {
    // The forwarding rows' registers see the finished sums in m order: toggles between consecutive sums, shared.
    let innerLo = i32x4.splat(0);
    let innerHi = i32x4.splat(0);
    const firstLo = pattern4<T>(v128.load(sums), aMask);
    const firstHi = pattern4<T>(v128.load(sums, 16), aMask);
    let prevLo = firstLo;
    let prevHi = firstHi;
    for (let mm = 1; mm < T; mm++) {
      const curLo = pattern4<T>(v128.load(sums + (<usize>mm << 5)), aMask);
      const curHi = pattern4<T>(v128.load(sums + (<usize>mm << 5), 16), aMask);
      innerLo = i32x4.add(innerLo, bytesPer32(i8x16.popcnt(v128.xor(curLo, prevLo))));
      innerHi = i32x4.add(innerHi, bytesPer32(i8x16.popcnt(v128.xor(curHi, prevHi))));
      prevLo = curLo;
      prevHi = curHi;
    }
    for (let i = kf; i < R; i++) {
      const pi = p + i * C;
      const toLo = i32x4.add(innerLo, bytesPer32(i8x16.popcnt(v128.xor(firstLo, lanes32(accPatAt, pi)))));
      const toHi = i32x4.add(innerHi, bytesPer32(i8x16.popcnt(v128.xor(firstHi, lanes32(accPatAt, pi + 4)))));
      addCounts(accTogglesAt, pi, lanes, toLo, toHi);
      storeLanes(accPatAt + (<usize>pi << 2), lanes, prevLo, prevHi);
    }
  }
  for (let mm = 0; mm < T; mm++) {
    const row = out + <usize>mm * <usize>outStride;
    const sum = sums + (<usize>mm << 5);
    for (let l = 0; l < lanes; l++) {
      const at = row + (<usize>l << 2);
      if (isFloat<T>()) {
        const v = load<f32>(sum + (<usize>l << 2));
        store<f32>(at, firstFold ? v : load<f32>(at) + v);
      } else {
        const v = load<i32>(sum + (<usize>l << 2));
        store<i32>(at, firstFold ? v : addScalar(load<i32>(at), v));
      }
    }
  }
}

/**
 * One row of a stationary chunk: PEs pi..pi+lanes−1 hold the words at w and take the stream at s, adding their
 * products to the T sums at `from` into `to`. Returns false (and writes no state) when raw f32 bits met a NaN.
 */
// @ts-ignore: decorator
@inline
function stationaryRow<T>(canonical: bool, pi: i32, lanes: i32, w: usize, s: usize, T: i32, from: usize, to: usize): bool {
  const minV = i32x4.splat(accMin);
  const maxV = i32x4.splat(accMax);
  const pMask = sizeof<T>() == 2 ? i16x8.splat(<i16>productMask) : i32x4.splat(productMask);
  const aMask = i32x4.splat(accMask);
  const wLo = v128.load(w);
  const wHi = v128.load(w, 16);
  const w16 = sizeof<T>() == 2 ? i16x8.narrow_i32x4_s(wLo, wHi) : wLo;
  let pPatLo = lanes32(prodPatAt, pi);
  let pPatHi = lanes32(prodPatAt, pi + 4);
  if (sizeof<T>() == 2) pPatLo = i16x8.narrow_i32x4_u(pPatLo, pPatHi);
  let aPatLo = lanes32(accPatAt, pi);
  let aPatHi = lanes32(accPatAt, pi + 4);
  let prodTLo = i32x4.splat(0);
  let prodTHi = i32x4.splat(0);
  let accTLo = i32x4.splat(0);
  let accTHi = i32x4.splat(0);
  let nan = i32x4.splat(0);
  v128.store(laneOverflowsAt, i32x4.splat(0));
  v128.store(laneOverflowsAt, i32x4.splat(0), 16);
  let mm = 0;
  while (mm < T) {
    const end = min(T, mm + BYTE_BLOCK);
    let prodBytesLo = i32x4.splat(0);
    let prodBytesHi = i32x4.splat(0);
    let accBytesLo = i32x4.splat(0);
    let accBytesHi = i32x4.splat(0);
    for (; mm < end; mm++) {
      const at: usize = <usize>mm << 5;
      let prodLo: v128;
      let prodHi: v128;
      if (sizeof<T>() == 2) {
        const prod = i16x8.mul(v128.load16_splat(s + (<usize>mm << 2)), w16);
        const np = v128.and(prod, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(np, pPatLo)));
        pPatLo = np;
        prodLo = i32x4.extend_low_i16x8_s(prod);
        prodHi = i32x4.extend_high_i16x8_s(prod);
      } else {
        const sv = v128.load32_splat(s + (<usize>mm << 2));
        prodLo = mul4<T>(sv, wLo);
        prodHi = mul4<T>(sv, wHi);
        const npLo = isFloat<T>() && !canonical ? prodLo : pattern4<T>(prodLo, pMask);
        const npHi = isFloat<T>() && !canonical ? prodHi : pattern4<T>(prodHi, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(npLo, pPatLo)));
        prodBytesHi = i8x16.add(prodBytesHi, i8x16.popcnt(v128.xor(npHi, pPatHi)));
        pPatLo = npLo;
        pPatHi = npHi;
      }
      const vLo = add4<T>(v128.load(from + at), prodLo, minV, maxV, laneOverflowsAt);
      const vHi = add4<T>(v128.load(from + at, 16), prodHi, minV, maxV, laneOverflowsAt + 16);
      v128.store(to + at, vLo);
      v128.store(to + at, vHi, 16);
      if (isFloat<T>() && !canonical) nan = v128.or(nan, v128.or(f32x4.ne(vLo, vLo), f32x4.ne(vHi, vHi)));
      const naLo = isFloat<T>() && !canonical ? vLo : pattern4<T>(vLo, aMask);
      const naHi = isFloat<T>() && !canonical ? vHi : pattern4<T>(vHi, aMask);
      accBytesLo = i8x16.add(accBytesLo, i8x16.popcnt(v128.xor(naLo, aPatLo)));
      accBytesHi = i8x16.add(accBytesHi, i8x16.popcnt(v128.xor(naHi, aPatHi)));
      aPatLo = naLo;
      aPatHi = naHi;
    }
    if (sizeof<T>() == 2) {
      const perPe = i16x8.extadd_pairwise_i8x16_u(prodBytesLo);
      prodTLo = i32x4.add(prodTLo, i32x4.extend_low_i16x8_u(perPe));
      prodTHi = i32x4.add(prodTHi, i32x4.extend_high_i16x8_u(perPe));
    } else {
      prodTLo = i32x4.add(prodTLo, bytesPer32(prodBytesLo));
      prodTHi = i32x4.add(prodTHi, bytesPer32(prodBytesHi));
    }
    accTLo = i32x4.add(accTLo, bytesPer32(accBytesLo));
    accTHi = i32x4.add(accTHi, bytesPer32(accBytesHi));
  }
  if (isFloat<T>() && !canonical && v128.any_true(nan)) return false;
  finishChunk<T>(pi, lanes, prodTLo, prodTHi, accTLo, accTHi, pPatLo, pPatHi, aPatLo, aPatHi);
  return true;
}

// ---- The float64 reference GEMM (accuracy yardstick): out = a·b in i, k, j order, two j lanes per step. Each
// output element sums its products in k order and skips a zero a[i][k], as the JS loop in sim/reference-gemm.ts
// does, so every bit matches.
export function gemmF64(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  const rowBytes: usize = <usize>n << 3;
  const pairs = n & ~1;
  for (let i = 0; i < m; i++) {
    const o = out + <usize>i * rowBytes;
    for (let kk = 0; kk < k; kk++) {
      const x = load<f64>(a + ((<usize>i * <usize>k + <usize>kk) << 3));
      if (x == 0) continue;
      const xv = f64x2.splat(x);
      const row = b + <usize>kk * rowBytes;
      let j = 0;
      for (; j < pairs; j += 2) {
        const at = o + (<usize>j << 3);
        v128.store(at, f64x2.add(v128.load(at), f64x2.mul(xv, v128.load(row + (<usize>j << 3)))));
      }
      if (j < n) store<f64>(o + (<usize>j << 3), load<f64>(o + (<usize>j << 3)) + x * load<f64>(row + (<usize>j << 3)));
    }
  }
}
