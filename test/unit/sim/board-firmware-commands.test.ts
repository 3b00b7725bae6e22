import 'reflect-metadata';
import { createPublicKey, verify } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { caCertificate, errCode, issueCertificate, makeFirmware, pkcs8Key, sha256Hex, transfer, type FirmwareHarness } from './board-test-support';

function keygen(board: FirmwareHarness, seq: number, slot = 0): Buffer {
  const reply = board.request(seq, 'KEYGEN', [['slot', String(slot)]]);
  expect(reply.word).toBe('OK');
  return Buffer.from(reply.named.get('pub') ?? '', 'base64');
}

function spkiPoint(spki: ArrayBuffer): Buffer {
  return Buffer.from(spki).subarray(-65);
}

function publicKeyFromPoint(point: Buffer) {
  return createPublicKey({
    format: 'jwk',
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33).toString('base64url') },
  });
}

async function provisioned(board: FirmwareHarness, slot: number, seq: number): Promise<{ point: Buffer; cert: Buffer }> {
  const point = keygen(board, seq, slot);
  const cert = await issueCertificate(point);
  expect(transfer(board, seq + 1, 'cert', slot, cert).word).toBe('OK');
  expect(board.request(seq + 50, 'COMMIT', [['slot', String(slot)]]).named.get('active')).toBe(String(slot));
  return { point, cert };
}

describe('BoardFirmware commands', () => {
  it('KEYGEN makes a P-256 key and answers its 65-byte uncompressed point', () => {
    const board = makeFirmware();
    const point = keygen(board, 1);
    expect(point).toHaveLength(65);
    expect(point[0]).toBe(4);
    expect(publicKeyFromPoint(point).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('KEYGEN: 404 without the keygen capability or for a slot the board lacks, 400 on a bad slot', () => {
    expect(errCode(makeFirmware({ caps: ['inject'] }).request(1, 'KEYGEN', [['slot', '0']]))).toBe(404);
    const board = makeFirmware({ slots: 1 });
    expect(errCode(board.request(1, 'KEYGEN', [['slot', '1']]))).toBe(404);
    expect(errCode(board.request(2, 'KEYGEN', [['slot', 'x']]))).toBe(400);
    expect(errCode(board.request(3, 'KEYGEN'))).toBe(400);
  });

  it('CSR is a DER PKCS#10 for CN=value, signed with ecdsa-with-SHA256 by the slot key', async () => {
    const board = makeFirmware();
    const point = keygen(board, 1);
    const reply = board.request(2, 'CSR', [['slot', '0'], ['cn', 'SN-A,1+b=c']]);
    const csr = new x509.Pkcs10CertificateRequest(Buffer.from(reply.named.get('csr') ?? '', 'base64'));
    expect(await csr.verify(globalThis.crypto)).toBe(true);
    expect(csr.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } });
    expect(csr.subjectName.getField('CN')).toEqual(['SN-A,1+b=c']);
    expect(spkiPoint(csr.publicKey.rawData).equals(point)).toBe(true);
  });

  it('CSR: 409 on a slot without a key, 400 without cn', () => {
    const board = makeFirmware();
    expect(errCode(board.request(1, 'CSR', [['slot', '0'], ['cn', 'a']]))).toBe(409);
    keygen(board, 2);
    expect(errCode(board.request(3, 'CSR', [['slot', '0']]))).toBe(400);
  });

  it('wrongKeyCsr foreign-key: a valid CSR for another key; bad-signature: the slot key but a signature that fails', async () => {
    const foreign = makeFirmware({ wrongKeyCsr: 'foreign-key' });
    const point = keygen(foreign, 1);
    const a = new x509.Pkcs10CertificateRequest(Buffer.from(foreign.request(2, 'CSR', [['slot', '0'], ['cn', 'x']]).named.get('csr') ?? '', 'base64'));
    expect(await a.verify(globalThis.crypto)).toBe(true);
    expect(spkiPoint(a.publicKey.rawData).equals(point)).toBe(false);

    const badSig = makeFirmware({ wrongKeyCsr: 'bad-signature' });
    const point2 = keygen(badSig, 1);
    const b = new x509.Pkcs10CertificateRequest(Buffer.from(badSig.request(2, 'CSR', [['slot', '0'], ['cn', 'x']]).named.get('csr') ?? '', 'base64'));
    expect(spkiPoint(b.publicKey.rawData).equals(point2)).toBe(true);
    expect(await b.verify(globalThis.crypto)).toBe(false);
  });

  it('sharedKeyWith: two boards make the same key pair', () => {
    const a = keygen(makeFirmware({ serial: 'SN-1', sharedKeyWith: 'dup' }), 1);
    const b = keygen(makeFirmware({ serial: 'SN-2', sharedKeyWith: 'dup' }), 1);
    const c = keygen(makeFirmware({ serial: 'SN-3', sharedKeyWith: 'other' }), 1);
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('SIGN signs SHA-256 of the nonce bytes with the slot key (DER ECDSA)', () => {
    const board = makeFirmware();
    const point = keygen(board, 1);
    const nonce = Buffer.from('00ff10203040', 'hex');
    const reply = board.request(2, 'SIGN', [['slot', '0'], ['nonce', nonce.toString('hex')]]);
    const sig = Buffer.from(reply.named.get('sig') ?? '', 'base64');
    expect(sig[0]).toBe(0x30);
    expect(verify('sha256', nonce, publicKeyFromPoint(point), sig)).toBe(true);
    expect(verify('sha256', Buffer.from('00ff', 'hex'), publicKeyFromPoint(point), sig)).toBe(false);
  });

  it('SIGN: 400 on a bad nonce, 409 on a slot without a key', () => {
    const board = makeFirmware();
    expect(errCode(board.request(1, 'SIGN', [['slot', '0'], ['nonce', 'abcd']]))).toBe(409);
    keygen(board, 2);
    expect(errCode(board.request(3, 'SIGN', [['slot', '0'], ['nonce', 'abc']]))).toBe(400);
    expect(errCode(board.request(4, 'SIGN', [['slot', '0'], ['nonce', 'zz']]))).toBe(400);
    expect(errCode(board.request(5, 'SIGN', [['slot', '0']]))).toBe(400);
  });

  it('on-chip run: KEYGEN, PUT cert/chain/trust, COMMIT, STATUS shows the certificate hash as active', async () => {
    const board = makeFirmware();
    const point = keygen(board, 1);
    const cert = await issueCertificate(point);
    const ca = await caCertificate();
    expect(transfer(board, 10, 'cert', 0, cert).word).toBe('OK');
    expect(transfer(board, 20, 'chain', 0, ca).word).toBe('OK');
    expect(transfer(board, 30, 'trust', 0, Buffer.concat([ca, ca])).word).toBe('OK');
    expect(Object.fromEntries(board.request(40, 'STATUS').named)).toEqual({ active: 'none', slot0: 'cert', cert0: sha256Hex(cert) });
    expect(board.request(41, 'COMMIT', [['slot', '0']]).named.get('active')).toBe('0');
    expect(Object.fromEntries(board.request(42, 'STATUS').named)).toEqual({ active: '0', slot0: 'committed', cert0: sha256Hex(cert) });
    expect(board.firmware.view().slots[0]).toMatchObject({ hasChain: true, hasTrust: true });
  });

  it('STATUS of a fresh two-slot board', () => {
    const board = makeFirmware({ slots: 2 });
    const status = board.request(1, 'STATUS');
    expect([...status.named.entries()]).toEqual([
      ['active', 'none'],
      ['slot0', 'empty'],
      ['cert0', '-'],
      ['slot1', 'empty'],
      ['cert1', '-'],
    ]);
    keygen(board, 2, 1);
    expect(board.request(3, 'STATUS').named.get('slot1')).toBe('key');
  });

  it('DATA at an already written offset is acknowledged again and not appended', async () => {
    const board = makeFirmware();
    const cert = await issueCertificate(keygen(board, 1));
    board.request(2, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', String(cert.length)], ['sha256', sha256Hex(cert)]]);
    const first = cert.subarray(0, 100);
    const rest = cert.subarray(100);
    expect(board.request(3, 'DATA', [['off', '0'], ['b64', first.toString('base64')]]).named.get('next')).toBe('100');
    expect(board.request(4, 'DATA', [['off', '0'], ['b64', first.toString('base64')]]).named.get('next')).toBe('100');
    // overlapping chunk: only the new tail is appended
    const overlap = cert.subarray(50, 150);
    expect(board.request(5, 'DATA', [['off', '50'], ['b64', overlap.toString('base64')]]).named.get('next')).toBe('150');
    expect(board.request(6, 'DATA', [['off', '150'], ['b64', cert.subarray(150).toString('base64')]]).named.get('next')).toBe(String(cert.length));
    expect(rest.length).toBeGreaterThan(0);
    expect(board.request(7, 'END').word).toBe('OK');
  });

  it('DATA/END errors: 409 without a transfer, 400 on a gap or bad base64, 413 past len', () => {
    const board = makeFirmware();
    expect(errCode(board.request(1, 'DATA', [['off', '0'], ['b64', 'AAAA']]))).toBe(409);
    expect(errCode(board.request(2, 'END'))).toBe(409);
    keygen(board, 3);
    const data = Buffer.alloc(10, 1);
    board.request(4, 'PUT', [['kind', 'trust'], ['slot', '0'], ['len', '10'], ['sha256', sha256Hex(data)]]);
    expect(errCode(board.request(5, 'DATA', [['off', '3'], ['b64', 'AAAA']]))).toBe(400);
    expect(errCode(board.request(6, 'DATA', [['off', '0'], ['b64', 'AAA']]))).toBe(400);
    expect(errCode(board.request(7, 'DATA', [['off', '0'], ['b64', 'A-AA']]))).toBe(400);
    expect(errCode(board.request(8, 'DATA', [['off', 'x'], ['b64', 'AAAA']]))).toBe(400);
    expect(errCode(board.request(9, 'DATA', [['off', '0'], ['b64', Buffer.alloc(11).toString('base64')]]))).toBe(413);
  });

  it('PUT errors: 400 on bad len/sha256/missing kind, 404 on an unknown kind, 413 over maxTransfer', () => {
    const board = makeFirmware({ maxTransfer: 100 });
    keygen(board, 1);
    const sha = 'a'.repeat(64);
    expect(errCode(board.request(2, 'PUT', [['slot', '0'], ['len', '10'], ['sha256', sha]]))).toBe(400);
    expect(errCode(board.request(3, 'PUT', [['kind', 'firmware'], ['slot', '0'], ['len', '10'], ['sha256', sha]]))).toBe(404);
    expect(errCode(board.request(4, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', 'x'], ['sha256', sha]]))).toBe(400);
    expect(errCode(board.request(5, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', '0'], ['sha256', sha]]))).toBe(400);
    expect(errCode(board.request(6, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', '10'], ['sha256', 'abc']]))).toBe(400);
    expect(errCode(board.request(7, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', '101'], ['sha256', sha]]))).toBe(413);
    expect(errCode(board.request(8, 'PUT', [['kind', 'cert'], ['slot', '3'], ['len', '10'], ['sha256', sha]]))).toBe(404);
  });

  it('END: 422 on a length mismatch, a SHA-256 mismatch, a certificate that does not parse, a certificate of another key', async () => {
    const board = makeFirmware();
    keygen(board, 1);
    const data = Buffer.from('hello');
    board.request(2, 'PUT', [['kind', 'chain'], ['slot', '0'], ['len', '6'], ['sha256', sha256Hex(data)]]);
    board.request(3, 'DATA', [['off', '0'], ['b64', data.toString('base64')]]);
    expect(errCode(board.request(4, 'END'))).toBe(422);
    board.request(5, 'PUT', [['kind', 'chain'], ['slot', '0'], ['len', '5'], ['sha256', sha256Hex(Buffer.from('world'))]]);
    board.request(6, 'DATA', [['off', '0'], ['b64', data.toString('base64')]]);
    expect(errCode(board.request(7, 'END'))).toBe(422);
    expect(errCode(transfer(board, 10, 'cert', 0, Buffer.from('not a certificate at all')))).toBe(422);
    expect(errCode(transfer(board, 20, 'chain', 0, Buffer.from([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe(422);
    const other = await issueCertificate(pkcs8Key().publicPoint ?? Buffer.alloc(0));
    expect(errCode(transfer(board, 30, 'cert', 0, other))).toBe(422);
    expect(board.firmware.view().slots[0]?.certificateSha256).toBeNull();
  });

  it('PUT kind=key (inject mode) installs a PKCS#8 P-256 key; 422 on other keys; 404 without inject', async () => {
    const board = makeFirmware({ caps: ['inject'] });
    const key = pkcs8Key();
    expect(transfer(board, 1, 'key', 0, key.der).word).toBe('OK');
    expect(board.firmware.view().slots[0]?.publicPoint?.equals(key.publicPoint ?? Buffer.alloc(0))).toBe(true);
    const csr = new x509.Pkcs10CertificateRequest(Buffer.from(board.request(20, 'CSR', [['slot', '0'], ['cn', 'inj']]).named.get('csr') ?? '', 'base64'));
    expect(spkiPoint(csr.publicKey.rawData).equals(key.publicPoint ?? Buffer.alloc(0))).toBe(true);
    expect(errCode(transfer(board, 30, 'key', 0, pkcs8Key('secp384r1').der))).toBe(422);
    expect(errCode(transfer(board, 40, 'key', 0, Buffer.from('junk')))).toBe(422);
    expect(errCode(makeFirmware({ caps: ['keygen'] }).request(1, 'PUT', [['kind', 'key'], ['slot', '0'], ['len', '1'], ['sha256', 'a'.repeat(64)]]))).toBe(404);
    expect(transfer(board, 50, 'cert', 0, await issueCertificate(key.publicPoint ?? Buffer.alloc(0))).word).toBe('OK');
  });

  it('PUT kind=userpass with the userpass capability; COMMIT accepts it; 422 on a bad shape; 404 without the capability', () => {
    const board = makeFirmware({ caps: ['userpass'] });
    expect(errCode(transfer(board, 1, 'userpass', 0, Buffer.from('no-newline')))).toBe(422);
    expect(errCode(transfer(board, 10, 'userpass', 0, Buffer.from([0xff, 0x0a, 0x41])))).toBe(422);
    expect(transfer(board, 20, 'userpass', 0, Buffer.from('device-7\nsecret')).word).toBe('OK');
    expect(board.request(30, 'COMMIT', [['slot', '0']]).named.get('active')).toBe('0');
    expect(errCode(makeFirmware().request(1, 'PUT', [['kind', 'userpass'], ['slot', '0'], ['len', '3'], ['sha256', 'a'.repeat(64)]]))).toBe(404);
  });

  it('409 rules: PUT cert without a key, COMMIT without a certificate, KEYGEN/PUT key/ERASE on the active slot', async () => {
    const board = makeFirmware();
    expect(errCode(board.request(1, 'PUT', [['kind', 'cert'], ['slot', '0'], ['len', '10'], ['sha256', 'a'.repeat(64)]]))).toBe(409);
    expect(errCode(board.request(2, 'COMMIT', [['slot', '0']]))).toBe(409);
    keygen(board, 3);
    expect(errCode(board.request(4, 'COMMIT', [['slot', '0']]))).toBe(409);
    const cert = await issueCertificate(board.firmware.view().slots[0]?.publicPoint ?? Buffer.alloc(0));
    expect(transfer(board, 5, 'cert', 0, cert).word).toBe('OK');
    expect(board.request(20, 'COMMIT', [['slot', '0']]).word).toBe('OK');
    expect(errCode(board.request(21, 'KEYGEN', [['slot', '0']]))).toBe(409);
    expect(errCode(board.request(22, 'PUT', [['kind', 'key'], ['slot', '0'], ['len', '10'], ['sha256', 'a'.repeat(64)]]))).toBe(409);
    expect(errCode(board.request(23, 'ERASE', [['slot', '0']]))).toBe(409);
    expect(board.request(24, 'STATUS').named.get('cert0')).toBe(sha256Hex(cert));
  });

  it('two-slot re-keying: the new slot is committed atomically, the old keeps its credential until ERASE', async () => {
    const board = makeFirmware({ slots: 2 });
    const old = await provisioned(board, 0, 100);
    const fresh = await provisioned(board, 1, 200);
    expect(Object.fromEntries(board.request(300, 'STATUS').named)).toEqual({
      active: '1',
      slot0: 'cert',
      cert0: sha256Hex(old.cert),
      slot1: 'committed',
      cert1: sha256Hex(fresh.cert),
    });
    expect(board.request(301, 'ERASE', [['slot', '0']]).word).toBe('OK');
    expect(Object.fromEntries(board.request(302, 'STATUS').named)).toMatchObject({ active: '1', slot0: 'empty', cert0: '-' });
    expect(errCode(board.request(303, 'ERASE', [['slot', '2']]))).toBe(404);
  });

  it('KEYGEN on a non-active slot replaces the key and drops the certificate that no longer matches', async () => {
    const board = makeFirmware();
    const point = keygen(board, 1);
    expect(transfer(board, 2, 'cert', 0, await issueCertificate(point)).word).toBe('OK');
    keygen(board, 10);
    expect(board.request(11, 'STATUS').named.get('slot0')).toBe('key');
    expect(errCode(board.request(12, 'COMMIT', [['slot', '0']]))).toBe(409);
  });

  it('a retransmitted END or DATA does not redo the transfer', async () => {
    const board = makeFirmware();
    const cert = await issueCertificate(keygen(board, 1));
    const end = transfer(board, 2, 'cert', 0, cert, 1000);
    expect(end.word).toBe('OK');
    expect(board.request(end.seq, 'END')).toEqual(end);
    expect(errCode(board.request(end.seq + 1, 'END'))).toBe(409);
  });
});
