// Numeric error of a simulated result against a reference: cosine similarity, relative L2 and max absolute error.

export interface Accuracy {
  cosine: number;
  relL2: number;
  maxAbs: number;
}

export function accuracyOf(got: ArrayLike<number>, ref: ArrayLike<number>): Accuracy {
  let dot = 0;
  let gg = 0;
  let rr = 0;
  let ee = 0;
  let maxAbs = 0;
  for (let i = 0; i < ref.length; i++) {
    const g = got[i] as number;
    const r = ref[i] as number;
    dot += g * r;
    gg += g * g;
    rr += r * r;
    const e = Math.abs(g - r);
    ee += e * e;
    if (!(e <= maxAbs)) maxAbs = e; // NaN propagates: a NaN output is never reported as accurate
  }
  const cosine = gg === 0 && rr === 0 ? 1 : dot / Math.sqrt(gg * rr);
  const relL2 = rr === 0 ? (ee === 0 ? 0 : Infinity) : Math.sqrt(ee / rr);
  return { cosine, relL2, maxAbs };
}
