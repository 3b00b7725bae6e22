import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyFlash, JsonFileBoardFlashStore } from '../../../src-main/core/sim/board-flash-store';
import { generateBoardKey } from '../../../src-main/core/sim/board-key-service';

describe('JsonFileBoardFlashStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'board-flash-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns null when nothing is stored yet', () => {
    expect(new JsonFileBoardFlashStore(join(dir, 'none.json')).load()).toBeNull();
  });

  it('round-trips slots, keys and the active slot in a 0600 file', () => {
    const path = join(dir, 'nested', 'SN-1.json');
    const store = new JsonFileBoardFlashStore(path);
    const flash = emptyFlash(2);
    const key = generateBoardKey();
    flash.active = 1;
    flash.slots[1] = { key, certificate: Buffer.from([1, 2, 3]), chain: null, trust: Buffer.from([4]), userpass: null };
    store.save(flash);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const loaded = new JsonFileBoardFlashStore(path).load();
    expect(loaded?.active).toBe(1);
    expect(loaded?.slots[0]?.key).toBeNull();
    expect(loaded?.slots[1]?.key?.publicPoint.equals(key.publicPoint)).toBe(true);
    expect(loaded?.slots[1]?.certificate).toEqual(Buffer.from([1, 2, 3]));
    expect(loaded?.slots[1]?.trust).toEqual(Buffer.from([4]));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ version: 1, active: 1 });
  });

  it('throws a TypeError on a file that is not a board state', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"hello":1}');
    expect(() => new JsonFileBoardFlashStore(path).load()).toThrow(TypeError);
  });
});
