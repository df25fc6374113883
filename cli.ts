// The `systolic` command line: registers the subcommands, maps errors to exit codes (0 ok, 1 check failed,
// 2 usage or input error) and is the only place that touches the file system and the console.
import { readFileSync, writeFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import pkg from './package.json' with { type: 'json' };
import type { Io } from './commands/common.js';
import { registerGemm } from './commands/gemm.js';
import { registerRun } from './commands/run.js';
import { InputError } from './sim/input-error.js';

export function buildProgram(out: (s: string) => void, io: Io): Command {
  const program = new Command('systolic')
    .description('Cycle-accurate systolic-array simulator for low-bit ViT attention: cycles, toggles and per-PE energy')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  registerGemm(program, io, out);
  registerRun(program, io, out);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const io: Io = { readFile: (p) => readFileSync(p), writeFile: (p, d) => writeFileSync(p, d), version: pkg.version };
  const program = buildProgram((s) => process.stdout.write(s + '\n'), io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Commander already printed its message; help and version are not errors.
      return e.exitCode === 0 || e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? 0 : 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`systolic: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`systolic: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
