import { execFileSync } from 'node:child_process';
import { createPublicKey, createPrivateKey, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createInjectedKey } from '../../../src-main/core/station/key-injection';
import { isSignedByCertifiedKey } from '../../../src-main/core/station/possession-proof';
import { chooseMode } from '../../../src-main/core/station/provisioning-run';
import type { BoardIdentity } from '../../../src-main/core/devices/device-driver';

describe('an injected key', () => {
  it('hands its PKCS#8 bytes over once and zeroes them afterwards', async () => {
    const key = createInjectedKey();
    let seen: Uint8Array | null = null;
    let copy: Buffer | null = null;
    await key.withPrivateKey(async (pkcs8) => {
      seen = pkcs8;
      copy = Buffer.from(pkcs8);
    });
    expect(copy).not.toBeNull();
    expect([...(seen ?? new Uint8Array([1]))].every((byte) => byte === 0)).toBe(true);
    await expect(key.withPrivateKey(async () => undefined)).rejects.toThrow(/once/);

    // The public point belongs to the private key that was handed over.
    const privateKey = createPrivateKey({ key: copy ?? Buffer.alloc(0), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    expect(Buffer.from(spki.subarray(spki.length - 65)).equals(Buffer.from(key.publicPoint))).toBe(true);
    expect(key.publicPoint[0]).toBe(0x04);
    const signature = sign('sha256', Buffer.from('x'), privateKey);
    expect(verify('sha256', Buffer.from('x'), createPublicKey(privateKey), signature)).toBe(true);
  });
});

describe('the possession proof', () => {
  it('rejects a malformed signature instead of throwing', () => {
    expect(isSignedByCertifiedKey(selfSignedCertificateDer(), new Uint8Array(32), new Uint8Array([0x30, 0x01, 0x00]))).toBe(false);
  });
});

describe('choosing the key mode', () => {
  const board = (capabilities: BoardIdentity['capabilities']): BoardIdentity => ({
    protocolVersion: 1, model: 'm', firmware: 'f', serial: 'S1', maxLine: 512, capabilities, slotCount: 1,
  });

  it('takes the preferred mode when the board can do it, else the other one', () => {
    expect(chooseMode('keygen', board(['keygen', 'inject']))).toBe('keygen');
    expect(chooseMode('inject', board(['keygen', 'inject']))).toBe('inject');
    expect(chooseMode('keygen', board(['inject']))).toBe('inject');
    expect(chooseMode('inject', board(['keygen']))).toBe('keygen');
  });

  it('names a board that can do neither', () => {
    expect(() => chooseMode('keygen', board(['userpass']))).toThrow(expect.objectContaining({ code: 'board-unsupported' }));
  });
});

// A throwaway self-signed P-256 certificate from the openssl CLI.
function selfSignedCertificateDer(): Uint8Array {
  return execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null',
    '-subj', '/CN=unit-test', '-days', '1', '-outform', 'DER',
  ]);
}
