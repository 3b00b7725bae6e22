import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { SecretStore } from '../../core/keychain/secret-store';
import { StationError } from '../../core/errors';
import { StationCore } from '../../core/station/station-core';
import { startStationHost } from '../../host/station-host';
import { waitForStopSignal } from '../wait-for-stop-signal';

/** What the host command needs from the CLI (the same shape as CliContext). */
export interface HostCommandContext {
  dataDir: string;
  json: boolean;
  secretStore: SecretStore;
}

/** Overridable I/O (tests): where output goes and when to stop. */
export interface HostCommandIo {
  write?: (text: string) => void;
  /** Resolves when the host should stop; default SIGINT/SIGTERM. */
  waitForStop?: () => Promise<void>;
}

interface HostOptions {
  port: string;
  watch?: string[];
  rendererDir?: string;
}

/** The built renderer next to the sources: <project>/out/renderer. */
export function defaultRendererDir(): string {
  return path.resolve(__dirname, '../../../out/renderer');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StationError('usage', `--port ${text} is not a TCP port number.`, { hint: 'Give 1–65535, or 0 for any free port.' });
  }
  return port;
}

/**
 * `station host [--port N] [--watch GLOB…]`: opens the station core, serves the operator's screens on
 * http://127.0.0.1:PORT/?token=… (loopback only) until Ctrl-C, and with --watch starts watching ports.
 * Failure: `renderer-missing` when out/renderer is not built; core errors as usual.
 */
export function registerHostCommand(program: Command, context: () => HostCommandContext, io: HostCommandIo = {}): void {
  program
    .command('host')
    .description("serve the operator's screens to a browser on 127.0.0.1 (token in the printed URL); Ctrl-C stops")
    .option('--port <port>', 'TCP port on 127.0.0.1 (0 = any free port)', '0')
    .option('--watch <glob...>', 'also watch these port paths/globs and provision boards as they appear')
    .option('--renderer-dir <dir>', 'the built renderer (default: out/renderer of this checkout)')
    .action(async (options: HostOptions) => {
      const { dataDir, json, secretStore } = context();
      const write = io.write ?? ((text: string) => void process.stdout.write(text));
      const port = parsePort(options.port);
      const rendererDir = path.resolve(options.rendererDir ?? defaultRendererDir());
      if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
        throw new StationError('renderer-missing', `The operator screens are not built (${rendererDir} has no index.html).`, {
          hint: 'Run `npm run build` (electron-vite build) first, or pass --renderer-dir.',
        });
      }
      const core = await StationCore.open({ dataDir, secretStore });
      try {
        const host = await startStationHost({ core, port, host: '127.0.0.1', rendererDir });
        try {
          if (options.watch && options.watch.length > 0) await core.startWatching(options.watch);
          write(json ? `${JSON.stringify({ url: host.url, port: host.port })}\n` : `Station host: ${host.url}\n(Ctrl-C stops)\n`);
          await (io.waitForStop ?? waitForStopSignal)();
        } finally {
          await host.close();
        }
      } finally {
        await core.close();
      }
    });
}
