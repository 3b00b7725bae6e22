import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { registerHostCommand } from '../../src-main/cli/commands/host-command';
import { KeytarSecretStore } from '../../src-main/core/keychain/keytar-secret-store';
import { RecordingSecretStore } from './support/recording-secret-store';
import { ensureRendererBuilt } from './support/renderer-build';

function firstResult(url: string, frame: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => socket.send(JSON.stringify(frame)));
    socket.once('message', (data) => {
      socket.close();
      resolve(JSON.parse(String(data)));
    });
    socket.once('error', reject);
  });
}

describe('station host', () => {
  const dirs: string[] = [];
  const secrets = new RecordingSecretStore(new KeytarSecretStore());
  afterEach(async () => {
    await secrets.deleteWritten();
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the tokened URL, serves the screens and the contract, watches the given glob, and stops', async () => {
    ensureRendererBuilt();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'station-e2e-host-cmd-'));
    dirs.push(dataDir);
    const glob = path.join(dataDir, 'ptys', '*-station');
    const output: string[] = [];
    let answers: { page: number; overview: unknown } | null = null;
    const program = new Command('station').exitOverride();
    registerHostCommand(program, () => ({ dataDir, json: true, secretStore: secrets }), {
      write: (text) => output.push(text),
      waitForStop: async () => {
        const printed: unknown = JSON.parse(output.join(''));
        const url = typeof printed === 'object' && printed !== null && 'url' in printed ? String(printed.url) : '';
        const parsed = new URL(url);
        const page = (await fetch(url)).status;
        const overview = await firstResult(`ws://${parsed.host}/contract?token=${parsed.searchParams.get('token') ?? ''}`, {
          kind: 'invoke',
          id: 7,
          name: 'station-overview',
          input: {},
        });
        answers = { page, overview };
      },
    });

    await program.parseAsync(['node', 'station', 'host', '--port', '0', '--watch', glob]);

    expect(output.join('')).toMatch(/^\{"url":"http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}","port":\d+\}\n$/);
    expect(answers).toMatchObject({
      page: 200,
      overview: { kind: 'result', id: 7, result: { ok: true, value: { isWatching: true, watchPatterns: [glob] } } },
    });
  });

  it('refuses a port number that is not one', async () => {
    const program = new Command('station').exitOverride();
    registerHostCommand(program, () => ({ dataDir: os.tmpdir(), json: false, secretStore: secrets }), { write: () => undefined });
    await expect(program.parseAsync(['node', 'station', 'host', '--port', '70000'])).rejects.toMatchObject({ code: 'usage' });
  });
});
