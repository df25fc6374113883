// The `systolic` command line: registers the subcommands, maps errors to exit codes (0 ok, 1 check failed,
// 2 usage or input error) and hands the subcommands their file and console access (Io). The calibration flow and
// the worker pool also reach the file system (tools and worker scripts); the simulation core never does.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import pkg from './package.json' with { type: 'json' };
import { registerCalibrate } from './commands/calibrate.js';
import { registerCompare } from './commands/compare.js';
import { registerExplore, type ExploreIo } from './commands/explore.js';
import { registerGemm } from './commands/gemm.js';
import { registerMerge } from './commands/merge.js';
import { registerReport, writeReport, type ReportIo } from './commands/report.js';
import { registerRtl, type RtlIo } from './commands/rtl.js';
import { registerRun } from './commands/run.js';
import { registerSweep, type SweepIo } from './commands/sweep.js';
import { InputError } from './core/input-error.js';
import { checkOutputPaths, writeFileAtomic } from './commands/output-files.js';
import { terminalProgress, type ProgressIo } from './commands/progress.js';

type CliIo = SweepIo & ReportIo & RtlIo & ExploreIo & ProgressIo;

export function buildProgram(out: (s: string) => void, io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('systolic')
    .description('Cycle-accurate systolic-array simulator for low-bit ViT attention: cycles, toggles and per-PE energy')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
  const report = (files: string[], html: string) => {
    const bytes = writeReport(io, files, html);
    process.stderr.write(`wrote ${html} (${(bytes / 1024).toFixed(0)} KiB)\n`);
  };
  registerGemm(program, io, out);
  registerRun(program, io, out, report);
  registerSweep(program, io, out, report);
  registerMerge(program, io, out);
  registerReport(program, io, out);
  registerExplore(program, io, out);
  registerCompare(program, io, out, setExit);
  registerCalibrate(program, io, out, (s) => process.stderr.write(s + '\n'));
  registerRtl(program, io, out);
  for (const c of program.commands) c.exitOverride();
  // A finished simulation must never be lost to an unwritable output path: check them all before running.
  program.hook('preAction', (_program, action) => checkOutputPaths(action));
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const io: CliIo = {
    readFile: (p) => readFileSync(p),
    writeFile: writeFileAtomic,
    appendFile: (p, text) => appendFileSync(p, text),
    exists: (p) => existsSync(p),
    makeDir: (p) => mkdirSync(p, { recursive: true }),
    clientScript: () => readFileSync(new URL('../dist/report-client.js', import.meta.url), 'utf8'),
    explorerScripts: () => ({ page: readFileSync(new URL('../dist/explorer-page.js', import.meta.url), 'utf8'), worker: readFileSync(new URL('../dist/explorer-worker.js', import.meta.url), 'utf8') }),
    version: pkg.version,
    // Progress lines go to a terminal only, never into a pipe or a file.
    ...(process.stderr.isTTY && { startProgress: terminalProgress }),
  };
  let exitCode = 0;
  const program = buildProgram((s) => process.stdout.write(s + '\n'), io, (code) => (exitCode = code));
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
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

// A reader that closes the pipe early (`| head`) has all it wants: end quietly, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
