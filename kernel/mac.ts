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
  laneKind: i32,
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
  kind = laneKind;
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
  const stride: usize = <usize>n << 2;
  for (let c = 0; c < lanes; c += 8) {
    const l = min(8, lanes - c);
    const at = <usize>c << 2;
    if (kind == KIND_F32) {
      // f32 lanes count the raw bits first (see macLoop) and run again with canonical NaN after a NaN.
      if (!macLoop<f32>(false, true, p + c, l, aVal, bVal + at, stride, aTerm, bTerm + at, k, 0, 0, out + at)) {
        macLoop<f32>(true, true, p + c, l, aVal, bVal + at, stride, aTerm, bTerm + at, k, 0, 0, out + at);
      }
    } else if (i16) macLoop<i16>(false, true, p + c, l, aVal, bVal + at, stride, aTerm, bTerm + at, k, 0, 0, out + at);
    else macLoop<i32>(false, true, p + c, l, aVal, bVal + at, stride, aTerm, bTerm + at, k, 0, 0, out + at);
  }
}

// The bits whose toggles a register holding x, then y counts: raw (ints: masked) or with canonical NaN. x may be
// the pattern the register held before the loop (a masked int, canonical or raw f32 bits): the same bits count.
// @ts-ignore: decorator
@inline
function changed<T>(canonical: bool, x: v128, y: v128, mask: v128): v128 {
  if (isFloat<T>()) return canonical ? v128.xor(f32Bits(x), f32Bits(y)) : v128.xor(x, y);
  return v128.and(v128.xor(x, y), mask);
}

// Per-PE counts of one half (hi: PEs 4–7) of a block's per-byte product popcounts: i16 lanes hold all eight
// products in `lo`.
// @ts-ignore: decorator
@inline
function productCounts<T>(lo: v128, hi: v128, high: bool): v128 {
  if (sizeof<T>() != 2) return bytesPer32(high ? hi : lo);
  const perPe = i16x8.extadd_pairwise_i8x16_u(lo);
  return high ? i32x4.extend_high_i16x8_u(perPe) : i32x4.extend_low_i16x8_u(perPe);
}

/**
 * The MACs of one chunk, eight PEs p..p+lanes−1 (array columns j..j+7 of one row), `steps` of them each:
 * - OS (os): PE j multiplies word t of the A row at x by word t of B's column (at y + t·yStride) and accumulates
 *   in registers; its partial-product toggles are the dot products of the terms at xTerm and yTerm (same
 *   strides), summed in a loop of their own (in the MAC loop their three registers made V8 spill, ~10% slower);
 *   the sums go to out.
 * - WS/IS: PE j holds word j at y and multiplies it by word t of the stream at x, adding the product to sum t at
 *   `from` (eight lanes, 32 bytes per t) into sum t at `to`.
 * f32 lanes count raw IEEE bits unless `canonical`: they are the patterns unless a lane is NaN, and a NaN product
 * or sum leaves every later sum of its chain NaN (NaN + x is NaN), so a run whose final sums hold no NaN needed no
 * canonical NaN. Otherwise it returns false, having written no state, and the caller runs it again canonical.
 */
// @ts-ignore: decorator
@inline
function macLoop<T>(
  canonical: bool,
  os: bool,
  p: i32,
  lanes: i32,
  x: usize,
  y: usize,
  yStride: usize,
  xTerm: usize,
  yTerm: usize,
  steps: i32,
  from: usize,
  to: usize,
  out: usize,
): bool {
  const minV = i32x4.splat(accMin);
  const maxV = i32x4.splat(accMax);
  const pMask = sizeof<T>() == 2 ? i16x8.splat(<i16>productMask) : i32x4.splat(productMask);
  const aMask = i32x4.splat(accMask);
  // WS/IS: the held words, fixed for the run (OS loads B's words per step).
  const heldLo = os ? i32x4.splat(0) : v128.load(y);
  const heldHi = os ? i32x4.splat(0) : v128.load(y, 16);
  const held16 = sizeof<T>() == 2 ? i16x8.narrow_i32x4_s(heldLo, heldHi) : heldLo;
  let pPatLo = lanes32(prodPatAt, p);
  let pPatHi = lanes32(prodPatAt, p + 4);
  if (sizeof<T>() == 2) pPatLo = i16x8.narrow_i32x4_u(pPatLo, pPatHi);
  // The accumulator register's pattern, then the raw sums it takes.
  let prevLo = lanes32(accPatAt, p);
  let prevHi = lanes32(accPatAt, p + 4);
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
  let yAt = y;
  let yTermAt = yTerm;
  let t = 0;
  while (t < steps) {
    const end = min(steps, t + BYTE_BLOCK);
    let prodBytesLo = i32x4.splat(0);
    let prodBytesHi = i32x4.splat(0);
    let accBytesLo = i32x4.splat(0);
    let accBytesHi = i32x4.splat(0);
    for (; t < end; t++) {
      let prodLo: v128;
      let prodHi: v128;
      if (sizeof<T>() == 2) {
        // Eight products in i16 lanes (the low half of each i32 word is the word); their sums in i32 lanes.
        const words = os ? i16x8.narrow_i32x4_s(v128.load(yAt), v128.load(yAt, 16)) : held16;
        const prod = i16x8.mul(v128.load16_splat(x + (<usize>t << 2)), words);
        const np = v128.and(prod, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(np, pPatLo)));
        pPatLo = np;
        prodLo = i32x4.extend_low_i16x8_s(prod);
        prodHi = i32x4.extend_high_i16x8_s(prod);
      } else {
        const word = v128.load32_splat(x + (<usize>t << 2));
        prodLo = mul4<T>(word, os ? v128.load(yAt) : heldLo);
        prodHi = mul4<T>(word, os ? v128.load(yAt, 16) : heldHi);
        const npLo = isFloat<T>() && !canonical ? prodLo : pattern4<T>(prodLo, pMask);
        const npHi = isFloat<T>() && !canonical ? prodHi : pattern4<T>(prodHi, pMask);
        prodBytesLo = i8x16.add(prodBytesLo, i8x16.popcnt(v128.xor(npLo, pPatLo)));
        prodBytesHi = i8x16.add(prodBytesHi, i8x16.popcnt(v128.xor(npHi, pPatHi)));
        pPatLo = npLo;
        pPatHi = npHi;
      }
      const at: usize = <usize>t << 5;
      const sumLo = add4<T>(os ? accLo : v128.load(from + at), prodLo, minV, maxV, laneOverflowsAt);
      const sumHi = add4<T>(os ? accHi : v128.load(from + at, 16), prodHi, minV, maxV, laneOverflowsAt + 16);
      accBytesLo = i8x16.add(accBytesLo, i8x16.popcnt(changed<T>(canonical, prevLo, sumLo, aMask)));
      accBytesHi = i8x16.add(accBytesHi, i8x16.popcnt(changed<T>(canonical, prevHi, sumHi, aMask)));
      prevLo = sumLo;
      prevHi = sumHi;
      if (os) {
        accLo = sumLo;
        accHi = sumHi;
        yAt += yStride;
      } else {
        v128.store(to + at, sumLo);
        v128.store(to + at, sumHi, 16);
      }
    }
    prodTLo = i32x4.add(prodTLo, productCounts<T>(prodBytesLo, prodBytesHi, false));
    prodTHi = i32x4.add(prodTHi, productCounts<T>(prodBytesLo, prodBytesHi, true));
    accTLo = i32x4.add(accTLo, bytesPer32(accBytesLo));
    accTHi = i32x4.add(accTHi, bytesPer32(accBytesHi));
  }
  if (isFloat<T>() && !canonical && (os ? anyNaN(accLo, accHi) : nanSums(to, steps))) return false;
  if (os) {
    for (let t = 0; t < steps; t++) {
      const terms = v128.load32_splat(xTerm + (<usize>t << 2));
      ppLo = i32x4.add(ppLo, i32x4.dot_i16x8_s(terms, v128.load(yTermAt)));
      ppHi = i32x4.add(ppHi, i32x4.dot_i16x8_s(terms, v128.load(yTermAt, 16)));
      yTermAt += yStride;
    }
  }
  finishChunk<T>(p, lanes, prodTLo, prodTHi, accTLo, accTHi, pPatLo, pPatHi, pattern4<T>(prevLo, aMask), pattern4<T>(prevHi, aMask));
  if (os) {
    addCounts(ppTogglesAt, p, lanes, ppLo, ppHi);
    storeLanes(out, lanes, accLo, accHi);
  }
  return true;
}

// @ts-ignore: decorator
@inline
function anyNaN(lo: v128, hi: v128): bool {
  return v128.any_true(v128.or(f32x4.ne(lo, lo), f32x4.ne(hi, hi)));
}

/** Whether any of `steps` eight-lane f32 sums at `at` is NaN. */
function nanSums(at: usize, steps: i32): bool {
  let nan = i32x4.splat(0);
  for (let t = 0; t < steps; t++) {
    const lo = v128.load(at + (<usize>t << 5));
    const hi = v128.load(at + (<usize>t << 5), 16);
    nan = v128.or(nan, v128.or(f32x4.ne(lo, lo), f32x4.ne(hi, hi)));
  }
  return v128.any_true(nan);
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
    // f32 lanes: raw bits first, and a row whose sums met a NaN runs again with canonical patterns (see macLoop).
    if (!macLoop<T>(false, false, pi, lanes, s, w, 0, 0, 0, T, from, to, 0)) macLoop<T>(true, false, pi, lanes, s, w, 0, 0, 0, T, from, to, 0);
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

// ---- The float64 reference GEMM (accuracy yardstick): out = a·b. Each output element sums its products in k order
// and skips a zero a[i][k], as the JS loop in sim/reference-gemm.ts does, so every bit matches; one rounding per
// multiply and per add (no fused multiply-add). Columns go in tiles of GEMM_TILE: a tile of B (K × 128 words,
// 768 KB at K = 768) stays in L2 while every row of A passes it, where whole rows of B were streamed from memory
// once per row of A. Within a tile, two rows of A and four k at a time keep the two output lanes in registers
// across the four adds (a block with a zero a[i][k] takes the row by row path).
const GEMM_TILE: i32 = 128;

export function gemmF64(a: usize, b: usize, out: usize, m: i32, k: i32, n: i32): void {
  for (let j0 = 0; j0 < n; j0 += GEMM_TILE) {
    const j1 = min(n, j0 + GEMM_TILE);
    let i = 0;
    for (; i + 2 <= m; i += 2) {
      let kk = 0;
      for (; kk + 4 <= k; kk += 4) {
        if (nonZero4(a + ((<usize>i * <usize>k + <usize>kk) << 3)) && nonZero4(a + ((<usize>(i + 1) * <usize>k + <usize>kk) << 3))) {
          gemmBlock(a, b, out, i, kk, k, n, j0, j1);
        } else {
          gemmRow(a, b, out, i, kk, kk + 4, k, n, j0, j1);
          gemmRow(a, b, out, i + 1, kk, kk + 4, k, n, j0, j1);
        }
      }
      gemmRow(a, b, out, i, kk, k, k, n, j0, j1);
      gemmRow(a, b, out, i + 1, kk, k, k, n, j0, j1);
    }
    if (i < m) gemmRow(a, b, out, i, 0, k, k, n, j0, j1);
  }
}

// @ts-ignore: decorator
@inline
function nonZero4(at: usize): bool {
  return load<f64>(at) != 0 && load<f64>(at, 8) != 0 && load<f64>(at, 16) != 0 && load<f64>(at, 24) != 0;
}

/** out[i][j0..j1) += a[i][kk]·b[kk][j0..j1) for kk in k0..k1, in that order, a zero a[i][kk] skipped. */
function gemmRow(a: usize, b: usize, out: usize, i: i32, k0: i32, k1: i32, k: i32, n: i32, j0: i32, j1: i32): void {
  const rowBytes: usize = <usize>n << 3;
  const o = out + <usize>i * rowBytes;
  for (let kk = k0; kk < k1; kk++) {
    const x = load<f64>(a + ((<usize>i * <usize>k + <usize>kk) << 3));
    if (x == 0) continue;
    const xv = f64x2.splat(x);
    const row = b + <usize>kk * rowBytes;
    let j = j0;
    for (; j + 2 <= j1; j += 2) {
      const at = <usize>j << 3;
      v128.store(o + at, f64x2.add(v128.load(o + at), f64x2.mul(xv, v128.load(row + at))));
    }
    if (j < j1) store<f64>(o + (<usize>j << 3), load<f64>(o + (<usize>j << 3)) + x * load<f64>(row + (<usize>j << 3)));
  }
}

/** Rows i, i+1 and k = kk..kk+3 (every a[i][k] non-zero) of the tile's columns j0..j1. */
function gemmBlock(a: usize, b: usize, out: usize, i: i32, kk: i32, k: i32, n: i32, j0: i32, j1: i32): void {
  const rowBytes: usize = <usize>n << 3;
  const a0 = a + ((<usize>i * <usize>k + <usize>kk) << 3);
  const a1 = a0 + (<usize>k << 3);
  const x00 = f64x2.splat(load<f64>(a0));
  const x01 = f64x2.splat(load<f64>(a0, 8));
  const x02 = f64x2.splat(load<f64>(a0, 16));
  const x03 = f64x2.splat(load<f64>(a0, 24));
  const x10 = f64x2.splat(load<f64>(a1));
  const x11 = f64x2.splat(load<f64>(a1, 8));
  const x12 = f64x2.splat(load<f64>(a1, 16));
  const x13 = f64x2.splat(load<f64>(a1, 24));
  const b0 = b + <usize>kk * rowBytes;
  const b1 = b0 + rowBytes;
  const b2 = b1 + rowBytes;
  const b3 = b2 + rowBytes;
  const o0 = out + <usize>i * rowBytes;
  const o1 = o0 + rowBytes;
  let j = j0;
  for (; j + 2 <= j1; j += 2) {
    const at = <usize>j << 3;
    const v0 = v128.load(b0 + at);
    const v1 = v128.load(b1 + at);
    const v2 = v128.load(b2 + at);
    const v3 = v128.load(b3 + at);
    let s = v128.load(o0 + at);
    s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(s, f64x2.mul(x00, v0)), f64x2.mul(x01, v1)), f64x2.mul(x02, v2)), f64x2.mul(x03, v3));
    v128.store(o0 + at, s);
    s = v128.load(o1 + at);
    s = f64x2.add(f64x2.add(f64x2.add(f64x2.add(s, f64x2.mul(x10, v0)), f64x2.mul(x11, v1)), f64x2.mul(x12, v2)), f64x2.mul(x13, v3));
    v128.store(o1 + at, s);
  }
  if (j < j1) {
    gemmRow(a, b, out, i, kk, kk + 4, k, n, j, j1);
    gemmRow(a, b, out, i + 1, kk, kk + 4, k, n, j, j1);
  }
}
