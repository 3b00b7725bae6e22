import type { Command } from 'commander';
import { StationCore } from '../../core/station/station-core';
import type { CliContext } from '../cli-context';

/** `station enroll sync`: enrolls the credentials the ledger holds as pending (offline batches). */
export function registerEnrollCommands(program: Command, context: () => CliContext): void {
  const enroll = program.command('enroll').description('enrollment with the device registry');
  enroll
    .command('sync')
    .description('enroll every pending credential now (stops early while the registry is unreachable)')
    .action(async () => {
      const { dataDir, json, secretStore } = context();
      const core = await StationCore.open({ dataDir, secretStore });
      try {
        const result = await core.syncPendingEnrollments();
        if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
        else process.stdout.write(`enrolled ${result.enrolled}, refused ${result.failed}, still pending ${result.stillPending}\n`);
        if (result.failed > 0 || result.stillPending > 0) process.exitCode = 1;
      } finally {
        await core.close();
      }
    });
}
