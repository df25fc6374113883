export interface Block {
  lang: string;
  tag: string;
  start: number;
  end: number;
  body: string;
}
export declare function blocks(markdown: string): Block[];
export declare function runnables(markdown: string): { block: Block; output?: Block }[];
export declare function runBlock(body: string, cwd: string, cliPath: string): string;
export declare function normalise(text: string): string;
export declare function scratchDir(): string;
