// The summary of a block or model run (docs/result-schema.md): energy per image, and the ops' cost by kind (linear,
// matmul, vector), by layer group (attention, mlp, norm, other) and per encoder block, with each block's per-PE
// energy (its heatmap) and the accuracy of its output.
import type { Accuracy } from '../sim/accuracy.js';
import type { OpResult } from '../sim/op-result.js';
import type { BlockSummary, Share, Summary } from '../sim/result.js';
import { LAYER_GROUPS, type LayerGroup } from './ops.js';

export const OP_KINDS = ['linear', 'matmul', 'vector'] as const;

/** Where a result comes from: its op's layer group, and the encoder block it is part of (none for the stem and the head). */
export interface OpTag {
  group: LayerGroup;
  block?: string;
}

export function perPeMean(op: OpResult): number {
  return op.perPe.energyPj.reduce((a, b) => a + b, 0) / op.perPe.energyPj.length;
}

function share(ops: OpResult[]): Share {
  const s: Share = { energyPj: 0, cycles: 0, macs: 0, perPeMeanPj: 0 };
  for (const op of ops) {
    s.energyPj += op.energyPj.total;
    s.cycles += op.cycles;
    s.macs += op.macs;
    s.perPeMeanPj += perPeMean(op);
  }
  return s;
}

/** `outputs`: the accuracy of each block's output, by block name. */
export function summarize(ops: OpResult[], tags: OpTag[], images: number, outputs: ReadonlyMap<string, Accuracy>): Summary {
  const tagged = ops.map((op, i) => ({ op, tag: tags[i]! }));
  const where = (f: (t: OpTag, op: OpResult) => boolean, from = tagged) => from.filter((x) => f(x.tag, x.op)).map((x) => x.op);
  const total = share(ops);
  const blocks: BlockSummary[] = [...outputs].map(([name, outputAccuracy]) => {
    const inBlock = tagged.filter((x) => x.tag.block === name);
    const s = share(inBlock.map((x) => x.op));
    const perPe = new Array<number>(ops[0]?.perPe.energyPj.length ?? 0).fill(0);
    for (const { op } of inBlock) op.perPe.energyPj.forEach((e, p) => (perPe[p] = (perPe[p] as number) + e));
    const groups = Object.fromEntries(LAYER_GROUPS.map((g) => [g, share(where((t) => t.group === g, inBlock)).energyPj]));
    return { name, energyPj: s.energyPj, cycles: s.cycles, macs: s.macs, groups, outputAccuracy, perPeEnergyPj: perPe };
  });
  return {
    images,
    energyPerImagePj: total.energyPj / images,
    cyclesPerImage: total.cycles / images,
    byKind: Object.fromEntries(OP_KINDS.map((k) => [k, share(where((_, op) => op.kind === k))])),
    byGroup: Object.fromEntries(LAYER_GROUPS.map((g) => [g, share(where((t) => t.group === g))])),
    blocks,
  };
}
