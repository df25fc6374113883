// The fixed matrix of the committed baselines: DeiT-Tiny; arrays 4, 8, 16; OS, WS, IS; dequant-before (fp16 PEs)
// and dequant-after (int8 PEs at W8A8, int4 PEs at W4A4).
export const BASELINE_SWEEP = ['--model', 'deit-tiny', '--arrays', '4,8,16', '--dataflows', 'os,ws,is', '--orders', 'before,after', '--bits', 'w8a8,w4a4', '--pes', 'fp16', '--jobs', '2'];
