#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { reportCliError } from './cli-errors';
import { contextFrom } from './cli-context';
import { registerCaCommands } from './commands/ca-command';
import { registerCsrCommands } from './commands/csr-command';
import { registerEnrollCommands } from './commands/enroll-command';
import { registerHostCommand } from './commands/host-command';
import { registerLedgerCommands } from './commands/ledger-command';
import { registerProvisionCommand } from './commands/provision-command';
import { registerRegistryCommands } from './commands/registry-command';

/**
 * `station`: the same verbs as the app, for headless stations and scripts. Every command takes
 * --data-dir (or STATION_DATA_DIR; default: the platform's application-data folder) and --json.
 */
export function buildStationProgram(): Command {
  const program = new Command('station')
    .description('Factory provisioning station: line CA, board provisioning, device registry enrollment, ledger.')
    .option('--data-dir <dir>', 'station data directory (default: $STATION_DATA_DIR or the platform app-data folder)')
    .option('--json', 'machine-readable output where it makes sense')
    .showHelpAfterError()
    .exitOverride();
  const context = contextFrom(program);
  registerCaCommands(program, context);
  registerCsrCommands(program, context);
  registerLedgerCommands(program, context);
  registerRegistryCommands(program, context);
  registerProvisionCommand(program, context);
  registerEnrollCommands(program, context);
  registerHostCommand(program, context);
  return program;
}

export async function runStationCli(argv: string[]): Promise<void> {
  const program = buildStationProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed the usage problem (or the help text).
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    reportCliError(error, program.opts<{ json?: boolean }>().json === true);
  }
}

if (require.main === module) {
  void runStationCli(process.argv);
}
