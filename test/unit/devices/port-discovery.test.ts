import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  discoverPorts,
  matchesUsbFilters,
  parseUsbIdFilter,
  PortDiscovery,
} from '../../../src-main/core/devices/port-discovery';
import { PortWatcher } from '../../../src-main/core/devices/port-watcher';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'port-discovery-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('USB id filters', () => {
  it('parses vendor:product and vendor-only filters', () => {
    expect(parseUsbIdFilter('1915:520F')).toEqual({ vendorId: '1915', productId: '520f' });
    expect(parseUsbIdFilter('1915')).toEqual({ vendorId: '1915', productId: null });
    for (const bad of ['19150:520f', 'xyz', '1915:', '']) expect(() => parseUsbIdFilter(bad)).toThrow(TypeError);
  });

  it('matches listed ports case-insensitively', () => {
    const filters = [parseUsbIdFilter('1915:520f')];
    expect(matchesUsbFilters({ path: '/dev/ttyACM0', vendorId: '1915', productId: '520F' }, filters)).toBe(true);
    expect(matchesUsbFilters({ path: '/dev/ttyACM1', vendorId: '1915', productId: '0001' }, filters)).toBe(false);
    expect(matchesUsbFilters({ path: '/dev/ttyS0' }, filters)).toBe(false);
  });
});

describe('PortDiscovery', () => {
  it('joins filtered list() ports, existing explicit paths and glob matches', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'board-1'), '');
    writeFileSync(join(dir, 'other'), '');
    symlinkSync(join(dir, 'board-1'), join(dir, 'board-2'));
    const paths = await discoverPorts({
      usbIds: ['1915:520f'],
      paths: [join(dir, 'other'), join(dir, 'missing')],
      globs: [`${dir}/board-*`, '/nonexistent-dir/x-*'],
      listPorts: async () => [
        { path: '/dev/ttyACM0', vendorId: '1915', productId: '520f' },
        { path: '/dev/ttyS0', vendorId: undefined, productId: undefined },
      ],
    });
    expect(paths).toEqual(['/dev/ttyACM0', join(dir, 'board-1'), join(dir, 'board-2'), join(dir, 'other')].sort((a, b) => a.localeCompare(b)));
  });

  it('warns once and goes on with globs when list() fails', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'board-1'), '');
    const warnings: string[] = [];
    const discovery = new PortDiscovery({
      usbIds: ['1915'],
      globs: [`${dir}/board-*`],
      listPorts: async () => {
        throw new Error('udevadm: not found');
      },
      onWarning: (message) => warnings.push(message),
    });
    expect((await discovery.discover()).map((port) => port.path)).toEqual([join(dir, 'board-1')]);
    await discovery.discover();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('udevadm: not found');
  });
});

describe('PortWatcher (scanNow)', () => {
  it('reports attach, detach, and attach again; and a link re-pointed at another device', async () => {
    const dir = tempDir();
    const watcher = new PortWatcher({ globs: [`${dir}/board-*`] });
    const events: string[] = [];
    watcher.onAttached((path) => events.push(`+${path.slice(dir.length + 1)}`));
    watcher.onDetached((path) => events.push(`-${path.slice(dir.length + 1)}`));
    await watcher.scanNow();
    writeFileSync(join(dir, 'dev-a'), '');
    writeFileSync(join(dir, 'dev-b'), '');
    symlinkSync(join(dir, 'dev-a'), join(dir, 'board-1'));
    await watcher.scanNow();
    await watcher.scanNow();
    unlinkSync(join(dir, 'board-1'));
    await watcher.scanNow();
    symlinkSync(join(dir, 'dev-a'), join(dir, 'board-1'));
    await watcher.scanNow();
    unlinkSync(join(dir, 'board-1'));
    symlinkSync(join(dir, 'dev-b'), join(dir, 'board-1'));
    await watcher.scanNow();
    expect(events).toEqual(['+board-1', '-board-1', '+board-1', '-board-1', '+board-1']);
    expect(watcher.attached).toEqual([join(dir, 'board-1')]);
  });

  it('reports a forgotten path attached again at the next scan, without a detach', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'board-1'), '');
    const watcher = new PortWatcher({ paths: [join(dir, 'board-1')] });
    const events: string[] = [];
    watcher.onAttached(() => events.push('attached'));
    watcher.onDetached(() => events.push('detached'));
    await watcher.scanNow();
    await watcher.scanNow();
    watcher.forget(join(dir, 'board-1'));
    await watcher.scanNow();
    expect(events).toEqual(['attached', 'attached']);
  });

  it('throws TypeError on a bad interval', () => {
    expect(() => new PortWatcher({ intervalMs: 0 })).toThrow(TypeError);
  });
});
