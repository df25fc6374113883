// The patch embedding's input: each image cut into 16×16 patches of 3 channels, one row of 3·16·16 = 768 values per
// patch in timm's order (channel, row, column: patch_embed.proj.weight [D × 3 × 16 × 16] flattened), ImageNet-normalized.
import { matrix, type Matrix } from '../core/matrix.js';
import { deriveSeed, normal, rng } from '../core/random.js';

export const PATCH = 16;
export const CHANNELS = 3;
export const PATCH_DIM = CHANNELS * PATCH * PATCH;

const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];
const IMAGE_STREAM = 4;

/**
 * Seeded synthetic images as patch rows (B·P × 768): 8-bit pixels of a smooth field (four random plane waves per
 * channel over the image, up to four cycles across it) plus pixel noise, then normalized by the ImageNet mean and
 * standard deviation as timm's transforms do. The P patches tile a square image when P is a square, else a strip.
 */
export function syntheticPatches(patches: number, images: number, seed: number): Matrix {
  const next = rng(deriveSeed(seed, IMAGE_STREAM));
  const gauss = normal(next);
  const side = Math.round(Math.sqrt(patches));
  const across = side * side === patches ? side : patches;
  const out = matrix(images * patches, PATCH_DIM);
  const width = across * PATCH;
  for (let i = 0; i < images; i++) {
    for (let c = 0; c < CHANNELS; c++) {
      const waves = Array.from({ length: 4 }, () => ({ fx: (8 * Math.PI * (next() - 0.5)) / width, fy: (8 * Math.PI * (next() - 0.5)) / width, phase: 2 * Math.PI * next(), amplitude: 20 + 30 * next() }));
      const base = 128 + 40 * (next() - 0.5);
      for (let p = 0; p < patches; p++) {
        const [py, px] = [Math.floor(p / across), p % across];
        for (let y = 0; y < PATCH; y++) {
          for (let x = 0; x < PATCH; x++) {
            const [u, v] = [px * PATCH + x, py * PATCH + y];
            let pixel = base + 8 * gauss();
            for (const w of waves) pixel += w.amplitude * Math.cos(w.fx * u + w.fy * v + w.phase);
            const byte = Math.min(255, Math.max(0, Math.round(pixel)));
            out.data[(i * patches + p) * PATCH_DIM + c * PATCH * PATCH + y * PATCH + x] = (byte / 255 - (MEAN[c] as number)) / (STD[c] as number);
          }
        }
      }
    }
  }
  return out;
}
