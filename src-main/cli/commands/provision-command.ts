import type { Command } from 'commander';
import { splitPathsAndGlobs } from '../../core/devices/filename-glob';
import { discoverPorts } from '../../core/devices/port-discovery';
import { StationError } from '../../core/errors';
import { StationCore } from '../../core/station/station-core';
import type { CliContext } from '../cli-context';
import { formatSummaryTable, summaryRowFromTile, TileLinePrinter } from './provision-output';
import { waitForStopSignal } from '../wait-for-stop-signal';

interface ProvisionOptions {
  port?: string[];
  watch?: boolean;
  mode?: string;
  verbose?: boolean;
}

/**
 * `station provision --port PATH|GLOB … | --watch [--mode keygen|inject]`: one line per board as it moves
 * through its steps, then a summary; exit status 1 when any board failed.
 */
export function registerProvisionCommand(program: Command, context: () => CliContext): void {
  program
    .command('provision')
    .description('provision the boards on the given ports (paths or globs), or keep watching for boards')
    .option('--port <path-or-glob...>', 'serial port paths or globs (ptys never appear in USB listings)')
    .option('--watch', 'keep watching the ports (and the configured USB filters); provision boards as they appear; Ctrl-C ends')
    .option('--mode <mode>', 'keygen (on-chip key, default) or inject (the station makes the key)')
    .option('--verbose', "print the boards' own log lines")
    .action(async (options: ProvisionOptions) => {
      const { dataDir, json, secretStore } = context();
      const mode = parseMode(options.mode);
      if (!options.watch && (!options.port || options.port.length === 0)) {
        throw new StationError('usage', 'Name the ports with --port PATH|GLOB, or use --watch.', {
          hint: 'Example: station provision --port /dev/ttyACM0 /dev/ttyACM1, or --port "/tmp/station-ptys/*-station".',
        });
      }
      const core = await StationCore.open({
        dataDir,
        secretStore,
        onBoardLog: options.verbose ? (port, line) => process.stdout.write(`${port}  | ${line}\n`) : undefined,
      });
      const printer = new TileLinePrinter(json ? null : (line) => process.stdout.write(`${line}\n`));
      core.subscribe({ onTileChanged: printer.onTileChanged });
      try {
        if (mode) await core.setModePreference(mode);
        if (options.watch) {
          await core.startWatching(options.port);
          if (!json) process.stdout.write(`watching ${(options.port ?? core.stationConfig.ports.paths).join(', ') || 'the USB filters'}; Ctrl-C to stop\n`);
          await waitForStopSignal();
          await core.stopWatching();
          await core.settle();
        } else {
          const ports = await expandPorts(options.port ?? []);
          await Promise.all(ports.map((port) => core.provisionPort(port, mode ?? undefined)));
        }
      } finally {
        await core.close();
      }
      const rows = [...printer.finalTiles.values()].map(summaryRowFromTile);
      if (json) process.stdout.write(`${JSON.stringify({ boards: rows })}\n`);
      else process.stdout.write(`\n${formatSummaryTable(rows)}\nledger: ${core.dataPaths.ledger}\n`);
      if (rows.some((row) => row.result === 'failed')) process.exitCode = 1;
    });
}

function parseMode(mode: string | undefined): 'keygen' | 'inject' | null {
  if (mode === undefined) return null;
  if (mode === 'keygen' || mode === 'inject') return mode;
  throw new StationError('usage', `Unknown mode "${mode}".`, { hint: 'Use --mode keygen or --mode inject.' });
}

/** Explicit paths must exist now; globs may match nothing (then the command says so). */
async function expandPorts(patterns: string[]): Promise<string[]> {
  const { paths, globs } = splitPathsAndGlobs(patterns);
  const found = await discoverPorts({ paths, globs });
  const missing = paths.filter((path) => !found.includes(path));
  if (missing.length > 0) {
    throw new StationError('port-not-found', `No serial port at ${missing.join(', ')}.`, {
      hint: 'Check the cable and the port name (ls /dev/ttyACM* /dev/ttyUSB*), or use --watch to wait for boards.',
    });
  }
  if (found.length === 0) {
    throw new StationError('port-not-found', `No serial port matches ${patterns.join(', ')}.`, {
      hint: 'Plug the boards in, check the pattern, or use --watch to wait for them.',
    });
  }
  return found;
}

