import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStationConfig } from '../../../src-main/core/config/station-config';
import { StationError } from '../../../src-main/core/errors';
import type { ProvisionMode } from '../../../src-main/core/station/station-core-api';
import { createStationFixture, type StationFixture } from './station-fixture';

// The key mode as a saved setting, on a real data directory, the real keychain and simulated boards.
describe('the saved key mode', () => {
  let station: StationFixture;
  beforeEach(async () => {
    station = await createStationFixture();
  });
  afterEach(async () => {
    await station.dispose();
  });

  it('defaults to keygen and saves a new mode to station-config.json', async () => {
    await expect(station.core.getMode()).resolves.toBe('keygen');
    await expect(station.core.setMode('inject')).resolves.toBe('inject');
    await expect(station.core.getMode()).resolves.toBe('inject');
    expect(loadStationConfig(station.core.dataPaths.config).mode).toBe('inject');
    // Other saved settings are untouched.
    expect(loadStationConfig(station.core.dataPaths.config).registry.fleetSid).toBe(station.fleetSid);
  });

  it('rejects an unknown mode with invalid-input and a hint, and saves nothing', async () => {
    await station.core.setMode('inject');
    const before = fs.readFileSync(station.core.dataPaths.config, 'utf8');
    // NOTE: a value from outside the type system (a hand-made contract call or script).
    const bad = 'userpass' as unknown as ProvisionMode;
    const failure: unknown = await station.core.setMode(bad).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StationError);
    if (!(failure instanceof StationError)) return;
    expect(failure.code).toBe('invalid-input');
    expect(failure.hint).toMatch(/keygen.*inject/);
    expect(failure.message).not.toContain('userpass');
    expect(fs.readFileSync(station.core.dataPaths.config, 'utf8')).toBe(before);
    await expect(station.core.getMode()).resolves.toBe('inject');
  });

  it('runs boards in the saved mode, falling back when a board lacks it', async () => {
    await station.core.setMode('inject');
    const both = await station.startBoard({ serial: 'SN-MODE-0001', caps: ['keygen', 'inject'], keygenMs: 50 });
    const keygenOnly = await station.startBoard({ serial: 'SN-MODE-0002', caps: ['keygen'], keygenMs: 50 });

    const bothTile = await station.core.provisionPort(both.stationPath);
    expect(bothTile.state).toBe('succeeded');
    expect(bothTile.mode).toBe('inject');
    const fallbackTile = await station.core.provisionPort(keygenOnly.stationPath);
    expect(fallbackTile.state).toBe('succeeded');
    expect(fallbackTile.mode).toBe('keygen');
  });

  it('lets a session override win for runs without changing the saved mode', async () => {
    await station.core.setMode('inject');
    await station.core.setModePreference('keygen');
    const board = await station.startBoard({ serial: 'SN-MODE-0003', caps: ['keygen', 'inject'], keygenMs: 50 });

    const tile = await station.core.provisionPort(board.stationPath);
    expect(tile.state).toBe('succeeded');
    expect(tile.mode).toBe('keygen');
    await expect(station.core.getMode()).resolves.toBe('inject');
    expect(loadStationConfig(station.core.dataPaths.config).mode).toBe('inject');
  });
});
