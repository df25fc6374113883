import { DEFAULT_TECH } from './sim/tech.js';
import { PRESETS } from './workloads/presets.js';
import { runVitJob } from './workloads/vit-job.js';
const shape = { ...PRESETS['vit-base']!, tokens: 9 };
const t = performance.now();
const out = runVitJob({ scope: 'block', block: 0, shape, images: 2, orders: ['after'], quant: { wbits: 8, abits: 8, pbits: 8, pquant: 'uniform', zeroPoints: 'asymmetric', calibration: 'minmax', reparam: true }, setup: { rows: 8, cols: 8, dataflow: 'os', gating: 'valid', tech: DEFAULT_TECH, clockMhz: 500, floatPe: 'fp16', softmax: 'float' }, seed: 1, config: {}, version: 't' });
console.log('total', performance.now() - t);
