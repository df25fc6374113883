import { gelu, polynomialGelu, erf } from './workloads/gelu.js';
let max = 0, at = 0;
for (let x = -10; x <= 10; x += 1e-4) { const e = Math.abs(gelu(x) - polynomialGelu(x)); if (e > max) { max = e; at = x; } }
console.log('poly max err', max, 'at', at);
console.log(erf(0.5), 0.5204998778130465, erf(2), 0.9953222650189527, erf(-3.2), -0.9999939742388483);
