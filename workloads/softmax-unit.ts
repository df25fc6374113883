// Softmax as a vector unit: fp32 or I-ViT's integer base-2 unit, as --softmax says, in either order.
import { base2Softmax, floatSoftmax } from './softmax.js';
import type { VectorFunction, VectorUnit } from './vector-unit.js';

const FLOAT: VectorFunction = { input: { kind: 'float' }, apply: ([s]) => floatSoftmax(s!.x, s!.scale) };
// The base-2 unit takes fixed-point inputs: float S on a 2^−10 grid.
const BASE2: VectorFunction = { input: { kind: 'int', step: 2 ** -10 }, apply: ([s]) => base2Softmax(s!.x, s!.scale) };

export const SOFTMAX: VectorUnit = { implementation: (setup) => (setup.softmax === 'float' ? FLOAT : BASE2) };
