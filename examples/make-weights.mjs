// Writes a timm-style .safetensors file of one ViT attention block (blocks.0.attn.qkv.*, attn.proj.*, norm1.*),
// filled with the seeded synthetic weights of a preset: a stand-in for real checkpoints, which need a model hub.
//   node examples/make-weights.mjs deit-tiny.safetensors [preset] [seed]
import { writeFileSync } from 'node:fs';
import { encodeSafetensors, PRESETS, syntheticBlock } from '../dist/index.js';

const [file = 'deit-tiny.safetensors', preset = 'deit-tiny', seed = '7'] = process.argv.slice(2);
const shape = PRESETS[preset];
const { weights: w } = syntheticBlock(shape, Number(seed));
const D = shape.dim;
writeFileSync(
  file,
  encodeSafetensors({
    'blocks.0.norm1.weight': { shape: [D], data: w.normWeight },
    'blocks.0.norm1.bias': { shape: [D], data: w.normBias },
    'blocks.0.attn.qkv.weight': { shape: [3 * D, D], data: w.qkvWeight.data },
    'blocks.0.attn.qkv.bias': { shape: [3 * D], data: w.qkvBias },
    'blocks.0.attn.proj.weight': { shape: [D, D], data: w.projWeight.data },
    'blocks.0.attn.proj.bias': { shape: [D], data: w.projBias },
  }),
);
console.log(`wrote ${file}: block 0 of ${preset} (D = ${D}), timm tensor names`);
