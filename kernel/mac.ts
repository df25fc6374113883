// AssemblyScript, compiled into every bundle by scripts/mac-kernel.mjs: the fast engine's MAC loops, four PEs
// (four adjacent array columns) per SIMD step, with native popcounts. Int PEs: every sum fits an i32 lane (the
// host calls these only when |accumulator| + |product| < 2^31, dataflow/mac-kernel.ts); float PEs with an fp32
// accumulator: f32 lanes. Layouts and pointers come from the host; this module allocates nothing.

// The run's configuration, set once per GEMM by configure().
let accMin: i32 = 0;
let accMax: i32 = 0;
let accSpan: i64 = 0;
let saturate: bool = false;
let productMask: i32 = 0;
let accMask: i32 = 0;
// Per-PE state (i32 arrays: product and accumulator patterns) and per-PE counters (f64 arrays), indexed i·C + j.
let prodPatAt: usize = 0;
let accPatAt: usize = 0;
let prodTogglesAt: usize = 0;
let accTogglesAt: usize = 0;
let overflowsAt: usize = 0;
let ppTogglesAt: usize = 0;
// 16-byte scratch areas: lane values, per-lane overflow counts and products of the group in flight.
let laneAt: usize = 0;
let laneOverflowsAt: usize = 0;
let laneProdAt: usize = 0;

export function configure(
  min: i32,
  max: i32,
  accBits: i32,
  sat: bool,
  pMask: i32,
  aMask: i32,
  prodPat: usize,
  accPat: usize,
  prodToggles: usize,
  accToggles: usize,
  overflows: usize,
  ppToggles: usize,
  scratch: usize,
): void {
  accMin = min;
  accMax = max;
  accSpan = (<i64>1) << accBits;
  saturate = sat;
  productMask = pMask;
  accMask = aMask;
  prodPatAt = prodPat;
  accPatAt = accPat;
  prodTogglesAt = prodToggles;
  accTogglesAt = accToggles;
  overflowsAt = overflows;
  ppTogglesAt = ppToggles;
  laneAt = scratch;
  laneOverflowsAt = scratch + 16;
  laneProdAt = scratch + 32;
}

// Lanes whose acc + prod left the accumulator's range: wrap or saturate each (as pe/int-mac.ts), count it.
function overflowLanes(acc: v128, prod: v128): v128 {
  v128.store(laneAt, acc);
  v128.store(laneProdAt, prod);
  for (let l = 0; l < 4; l++) {
    const s: i64 = <i64>load<i32>(laneAt + (<usize>l << 2)) + <i64>load<i32>(laneProdAt + (<usize>l << 2));
    if (s >= <i64>accMin && s <= <i64>accMax) {
      store<i32>(laneAt + (<usize>l << 2), <i32>s);
      continue;
    }
    const at = laneOverflowsAt + (<usize>l << 2);
    store<i32>(at, load<i32>(at) + 1);
    let r: i64;
    if (saturate) r = s > <i64>accMax ? <i64>accMax : <i64>accMin;
    else r = ((((s - <i64>accMin) % accSpan) + accSpan) % accSpan) + <i64>accMin;
    store<i32>(laneAt + (<usize>l << 2), <i32>r);
  }
  return v128.load(laneAt);
}

// Adds the group's lane counts to the per-PE f64 counters of PEs p..p+lanes−1 and stores the new patterns.
function finishGroup(p: i32, lanes: i32, prodT: v128, accT: v128, pPat: v128, aPat: v128): void {
  v128.store(laneAt, prodT);
  for (let l = 0; l < lanes; l++) {
    const at = prodTogglesAt + ((<usize>(p + l)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
  }
  v128.store(laneAt, accT);
  for (let l = 0; l < lanes; l++) {
    const at = accTogglesAt + ((<usize>(p + l)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
  }
  for (let l = 0; l < lanes; l++) {
    const at = overflowsAt + ((<usize>(p + l)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<i32>(laneOverflowsAt + (<usize>l << 2)));
  }
  v128.store(laneAt, pPat);
  for (let l = 0; l < lanes; l++) store<i32>(prodPatAt + ((<usize>(p + l)) << 2), load<i32>(laneAt + (<usize>l << 2)));
  v128.store(laneAt, aPat);
  for (let l = 0; l < lanes; l++) store<i32>(accPatAt + ((<usize>(p + l)) << 2), load<i32>(laneAt + (<usize>l << 2)));
}

// Per-lane popcount of a ^ b, as i16 pairs (each i32 lane's count is the sum of its two i16 halves).
// @ts-ignore: decorator
@inline
function toggles16(a: v128, b: v128): v128 {
  return i16x8.extadd_pairwise_i8x16_u(i8x16.popcnt(v128.xor(a, b)));
}

// Popcounts are summed in i16 halves for at most this many steps (16 per step per half) before widening to i32.
const BLOCK: i32 = 2048;

/**
 * Output stationary, one fold row: PEs (i, j..j+lanes−1), p = i·C + j, accumulate row `aRow` of A (K i32 values at
 * aVal) against columns col..col+3 of B (row-major K×N i32 at bVal, N = n). Partial-product toggles are the dot
 * product of packed per-stream terms (aTerm: i16 pairs per A position, bTerm: i16 pairs per B element), plus the
 * fold's first MAC term, which the host adds. Writes the lanes' K-sums to out (i32, `lanes` values).
 */
export function osGroup(p: i32, lanes: i32, aVal: usize, aTerm: usize, bVal: usize, bTerm: usize, n: i32, k: i32, out: usize): void {
  const minV = i32x4.splat(accMin);
  const maxV = i32x4.splat(accMax);
  const pMask = i32x4.splat(productMask);
  const aMask = i32x4.splat(accMask);
  let pPat = v128.load(prodPatAt + (<usize>p << 2));
  let aPat = v128.load(accPatAt + (<usize>p << 2));
  let acc = i32x4.splat(0);
  let pp = i32x4.splat(0);
  let prodT = i32x4.splat(0);
  let accT = i32x4.splat(0);
  v128.store(laneOverflowsAt, i32x4.splat(0));
  const stride: usize = <usize>n << 2;
  let bv = bVal;
  let bt = bTerm;
  let t = 0;
  while (t < k) {
    const end = min(k, t + BLOCK);
    let prodT16 = i32x4.splat(0);
    let accT16 = i32x4.splat(0);
    for (; t < end; t++) {
      const prod = i32x4.mul(v128.load32_splat(aVal + (<usize>t << 2)), v128.load(bv));
      const np = v128.and(prod, pMask);
      prodT16 = i16x8.add(prodT16, toggles16(np, pPat));
      pPat = np;
      let v = i32x4.add(acc, prod);
      if (v128.any_true(v128.or(i32x4.lt_s(v, minV), i32x4.gt_s(v, maxV)))) v = overflowLanes(acc, prod);
      acc = v;
      const na = v128.and(v, aMask);
      accT16 = i16x8.add(accT16, toggles16(na, aPat));
      aPat = na;
      pp = i32x4.add(pp, i32x4.dot_i16x8_s(v128.load32_splat(aTerm + (<usize>t << 2)), v128.load(bt)));
      bv += stride;
      bt += stride;
    }
    prodT = i32x4.add(prodT, i32x4.extadd_pairwise_i16x8_u(prodT16));
    accT = i32x4.add(accT, i32x4.extadd_pairwise_i16x8_u(accT16));
  }
  finishGroup(p, lanes, prodT, accT, pPat, aPat);
  v128.store(laneAt, pp);
  for (let l = 0; l < lanes; l++) {
    const at = ppTogglesAt + ((<usize>(p + l)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
  }
  v128.store(laneAt, acc);
  for (let l = 0; l < lanes; l++) store<i32>(out + (<usize>l << 2), load<i32>(laneAt + (<usize>l << 2)));
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
 * Weight/input stationary, one fold's column group: PEs (i, j..j+lanes−1), p = i·C + j. Row i < kf holds
 * stationary words w (4 i32 lanes at wAt + i·wStride bytes) and streams column i of S (T i32 values at
 * sAt + i·T·4); each row adds its products to the partial sums from the row above (T × 4 i32 at psum). Rows kf..R−1
 * forward the finished sums; they leave into out (T rows of outStride bytes): written on the first K-fold, added
 * in the accumulator's arithmetic after.
 */
export function stationaryGroup(p: i32, lanes: i32, C: i32, R: i32, kf: i32, wAt: usize, wStride: i32, sAt: usize, T: i32, psum: usize, out: usize, outStride: i32, firstFold: bool): void {
  const minV = i32x4.splat(accMin);
  const maxV = i32x4.splat(accMax);
  const pMask = i32x4.splat(productMask);
  const aMask = i32x4.splat(accMask);
  for (let i = 0; i < kf; i++) {
    const pi = p + i * C;
    const w = v128.load(wAt + <usize>i * <usize>wStride);
    const s = sAt + (<usize>(i * T) << 2);
    let pPat = v128.load(prodPatAt + (<usize>pi << 2));
    let aPat = v128.load(accPatAt + (<usize>pi << 2));
    let prodT = i32x4.splat(0);
    let accT = i32x4.splat(0);
    v128.store(laneOverflowsAt, i32x4.splat(0));
    let mm = 0;
    while (mm < T) {
      const end = min(T, mm + BLOCK);
      let prodT16 = i32x4.splat(0);
      let accT16 = i32x4.splat(0);
      for (; mm < end; mm++) {
        const at = psum + (<usize>mm << 4);
        const prod = i32x4.mul(v128.load32_splat(s + (<usize>mm << 2)), w);
        const np = v128.and(prod, pMask);
        prodT16 = i16x8.add(prodT16, toggles16(np, pPat));
        pPat = np;
        const from = i === 0 ? i32x4.splat(0) : v128.load(at);
        let v = i32x4.add(from, prod);
        if (v128.any_true(v128.or(i32x4.lt_s(v, minV), i32x4.gt_s(v, maxV)))) v = overflowLanes(from, prod);
        const na = v128.and(v, aMask);
        accT16 = i16x8.add(accT16, toggles16(na, aPat));
        aPat = na;
        v128.store(at, v);
      }
      prodT = i32x4.add(prodT, i32x4.extadd_pairwise_i16x8_u(prodT16));
      accT = i32x4.add(accT, i32x4.extadd_pairwise_i16x8_u(accT16));
    }
    finishGroup(pi, lanes, prodT, accT, pPat, aPat);
  }
  if (kf < R) {
    // The forwarding rows' registers see the finished sums in m order: toggles between consecutive sums, shared.
    let inner = i32x4.splat(0);
    let prev = v128.and(v128.load(psum), aMask);
    for (let mm = 1; mm < T; mm++) {
      const cur = v128.and(v128.load(psum + (<usize>mm << 4)), aMask);
      inner = i32x4.add(inner, i32x4.extadd_pairwise_i16x8_u(toggles16(cur, prev)));
      prev = cur;
    }
    const first = v128.and(v128.load(psum), aMask);
    for (let i = kf; i < R; i++) {
      const pi = p + i * C;
      const aPat = v128.load(accPatAt + (<usize>pi << 2));
      v128.store(laneAt, i32x4.add(inner, i32x4.extadd_pairwise_i16x8_u(toggles16(first, aPat))));
      for (let l = 0; l < lanes; l++) {
        const at = accTogglesAt + ((<usize>(pi + l)) << 3);
        store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
        store<i32>(accPatAt + ((<usize>(pi + l)) << 2), load<i32>(psum + (<usize>(T - 1) << 4) + (<usize>l << 2)) & accMask);
      }
    }
  }
  for (let mm = 0; mm < T; mm++) {
    const row = out + <usize>mm * <usize>outStride;
    const sums = psum + (<usize>mm << 4);
    for (let l = 0; l < lanes; l++) {
      const at = row + (<usize>l << 2);
      const v = load<i32>(sums + (<usize>l << 2));
      store<i32>(at, firstFold ? v : addScalar(load<i32>(at), v));
    }
  }
}

// ---- fp32-accumulator float PEs (fp16, bf16, fp32 operands): f32 lanes. The product of two operand words and
// the sum are each rounded once to fp32, as Math.fround does on the exact double (53 ≥ 2·24 + 2 bits).

// IEEE bits of each lane, NaN canonical (0x7fc00000, as the JS engines' fp32 patterns).
// @ts-ignore: decorator
@inline
function f32Bits(x: v128): v128 {
  return v128.bitselect(x, i32x4.splat(0x7fc00000), f32x4.eq(x, x));
}

/** As osGroup, for f32 words: aVal and bVal hold f32 values; out receives f32 sums. No overflows to count. */
export function osGroupF32(p: i32, lanes: i32, aVal: usize, aTerm: usize, bVal: usize, bTerm: usize, n: i32, k: i32, out: usize): void {
  let pPat = v128.load(prodPatAt + (<usize>p << 2));
  let aPat = v128.load(accPatAt + (<usize>p << 2));
  let acc = f32x4.splat(0);
  let pp = i32x4.splat(0);
  let prodT = i32x4.splat(0);
  let accT = i32x4.splat(0);
  v128.store(laneOverflowsAt, i32x4.splat(0));
  const stride: usize = <usize>n << 2;
  let bv = bVal;
  let bt = bTerm;
  let t = 0;
  while (t < k) {
    const end = min(k, t + BLOCK);
    let prodT16 = i32x4.splat(0);
    let accT16 = i32x4.splat(0);
    for (; t < end; t++) {
      const prod = f32x4.mul(v128.load32_splat(aVal + (<usize>t << 2)), v128.load(bv));
      const np = f32Bits(prod);
      prodT16 = i16x8.add(prodT16, toggles16(np, pPat));
      pPat = np;
      acc = f32x4.add(acc, prod);
      const na = f32Bits(acc);
      accT16 = i16x8.add(accT16, toggles16(na, aPat));
      aPat = na;
      pp = i32x4.add(pp, i32x4.dot_i16x8_s(v128.load32_splat(aTerm + (<usize>t << 2)), v128.load(bt)));
      bv += stride;
      bt += stride;
    }
    prodT = i32x4.add(prodT, i32x4.extadd_pairwise_i16x8_u(prodT16));
    accT = i32x4.add(accT, i32x4.extadd_pairwise_i16x8_u(accT16));
  }
  finishGroup(p, lanes, prodT, accT, pPat, aPat);
  v128.store(laneAt, pp);
  for (let l = 0; l < lanes; l++) {
    const at = ppTogglesAt + ((<usize>(p + l)) << 3);
    store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
  }
  v128.store(laneAt, acc);
  for (let l = 0; l < lanes; l++) store<f32>(out + (<usize>l << 2), load<f32>(laneAt + (<usize>l << 2)));
}

/** As stationaryGroup, for f32 words and sums; the output adds round to fp32. */
export function stationaryGroupF32(p: i32, lanes: i32, C: i32, R: i32, kf: i32, wAt: usize, wStride: i32, sAt: usize, T: i32, psum: usize, out: usize, outStride: i32, firstFold: bool): void {
  for (let i = 0; i < kf; i++) {
    const pi = p + i * C;
    const w = v128.load(wAt + <usize>i * <usize>wStride);
    const s = sAt + (<usize>(i * T) << 2);
    let pPat = v128.load(prodPatAt + (<usize>pi << 2));
    let aPat = v128.load(accPatAt + (<usize>pi << 2));
    let prodT = i32x4.splat(0);
    let accT = i32x4.splat(0);
    v128.store(laneOverflowsAt, i32x4.splat(0));
    let mm = 0;
    while (mm < T) {
      const end = min(T, mm + BLOCK);
      let prodT16 = i32x4.splat(0);
      let accT16 = i32x4.splat(0);
      for (; mm < end; mm++) {
        const at = psum + (<usize>mm << 4);
        const prod = f32x4.mul(v128.load32_splat(s + (<usize>mm << 2)), w);
        const np = f32Bits(prod);
        prodT16 = i16x8.add(prodT16, toggles16(np, pPat));
        pPat = np;
        const v = f32x4.add(i === 0 ? f32x4.splat(0) : v128.load(at), prod);
        const na = f32Bits(v);
        accT16 = i16x8.add(accT16, toggles16(na, aPat));
        aPat = na;
        v128.store(at, v);
      }
      prodT = i32x4.add(prodT, i32x4.extadd_pairwise_i16x8_u(prodT16));
      accT = i32x4.add(accT, i32x4.extadd_pairwise_i16x8_u(accT16));
    }
    finishGroup(pi, lanes, prodT, accT, pPat, aPat);
  }
  if (kf < R) {
    let inner = i32x4.splat(0);
    let prev = f32Bits(v128.load(psum));
    for (let mm = 1; mm < T; mm++) {
      const cur = f32Bits(v128.load(psum + (<usize>mm << 4)));
      inner = i32x4.add(inner, i32x4.extadd_pairwise_i16x8_u(toggles16(cur, prev)));
      prev = cur;
    }
    const first = f32Bits(v128.load(psum));
    v128.store(laneProdAt, prev);
    for (let i = kf; i < R; i++) {
      const pi = p + i * C;
      const aPat = v128.load(accPatAt + (<usize>pi << 2));
      v128.store(laneAt, i32x4.add(inner, i32x4.extadd_pairwise_i16x8_u(toggles16(first, aPat))));
      for (let l = 0; l < lanes; l++) {
        const at = accTogglesAt + ((<usize>(pi + l)) << 3);
        store<f64>(at, load<f64>(at) + <f64>load<i32>(laneAt + (<usize>l << 2)));
        store<i32>(accPatAt + ((<usize>(pi + l)) << 2), load<i32>(laneProdAt + (<usize>l << 2)));
      }
    }
  }
  for (let mm = 0; mm < T; mm++) {
    const row = out + <usize>mm * <usize>outStride;
    const sums = psum + (<usize>mm << 4);
    for (let l = 0; l < lanes; l++) {
      const at = row + (<usize>l << 2);
      const v = load<f32>(sums + (<usize>l << 2));
      store<f32>(at, firstFold ? v : load<f32>(at) + v);
    }
  }
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
