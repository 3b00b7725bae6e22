import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { discoverPorts } from '../../../src-main/core/devices/port-discovery';
import { PortWatcher } from '../../../src-main/core/devices/port-watcher';
import { startSocatPair, type SocatPtyPair } from './support/socat-pty-pair';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves with the next event the watcher reports. */
function nextEvent(watcher: PortWatcher): Promise<string> {
  return new Promise((resolve) => {
    const offAttached = watcher.onAttached((path) => done(`attached ${path}`));
    const offDetached = watcher.onDetached((path) => done(`detached ${path}`));
    function done(event: string): void {
      offAttached();
      offDetached();
      resolve(event);
    }
  });
}

describe('PortWatcher on real socat ptys', () => {
  it('sees a glob path appear, disappear and reappear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'station-ptys-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const warnings: string[] = [];
    const watcher = new PortWatcher({
      globs: [join(dir, 'board-*')],
      usbIds: ['1915:520f'],
      intervalMs: 20,
      onWarning: (message) => warnings.push(message),
    });
    cleanups.push(() => watcher.stop());
    const boardLink = join(dir, 'board-1');
    watcher.start();

    let event = nextEvent(watcher);
    let pair: SocatPtyPair = await startSocatPair(dir, ['board-1', 'peer-1']);
    cleanups.push(() => pair.dispose());
    expect(await event).toBe(`attached ${boardLink}`);
    expect(await discoverPorts({ globs: [join(dir, 'board-*')] })).toEqual([boardLink]);

    event = nextEvent(watcher);
    await pair.kill();
    expect(await event).toBe(`detached ${boardLink}`);

    event = nextEvent(watcher);
    pair = await startSocatPair(dir, ['board-1', 'peer-1']);
    cleanups.push(() => pair.kill());
    expect(await event).toBe(`attached ${boardLink}`);
    expect(watcher.attached).toEqual([boardLink]);
    expect(warnings.every((message) => message.includes('USB serial ports'))).toBe(true);
  });
});
