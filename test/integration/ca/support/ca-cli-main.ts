/**
 * A `station` program with only the ca and csr commands (the same root options and error reporting as
 * src-main/cli/station.ts), so the CLI tests do not depend on other areas' commands. Run as a script
 * it behaves like `station`; `runStationInProcess` runs it in the test process and captures output.
 */
import { Command, CommanderError } from 'commander';
import { contextFrom } from '../../../../src-main/cli/cli-context';
import { reportCliError } from '../../../../src-main/cli/cli-errors';
import { registerCaCommands } from '../../../../src-main/cli/commands/ca-command';
import { registerCsrCommands } from '../../../../src-main/cli/commands/csr-command';

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export async function runStation(argv: string[]): Promise<void> {
  const program = new Command('station')
    .option('--data-dir <dir>', 'station data directory')
    .option('--json', 'machine-readable output')
    .exitOverride();
  const context = contextFrom(program);
  registerCaCommands(program, context);
  registerCsrCommands(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    reportCliError(error, program.opts<{ json?: boolean }>().json === true);
  }
}

/** Runs the commands in this process, capturing everything written to stdout and stderr. */
export async function runStationInProcess(args: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const originalOut = process.stdout.write.bind(process.stdout);
  const originalErr = process.stderr.write.bind(process.stderr);
  const capture = (sink: string[]) => (chunk: string | Uint8Array): boolean => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  process.exitCode = 0;
  process.stdout.write = capture(stdout) as typeof process.stdout.write;
  process.stderr.write = capture(stderr) as typeof process.stderr.write;
  try {
    await runStation(args);
  } finally {
    process.stdout.write = originalOut;
    process.stderr.write = originalErr;
  }
  const status = typeof process.exitCode === 'number' ? process.exitCode : 0;
  process.exitCode = 0;
  return { status, stdout: stdout.join(''), stderr: stderr.join('') };
}

if (require.main === module) {
  void runStation(process.argv.slice(2));
}
