export declare const BASELINE_SWEEP: string[];
