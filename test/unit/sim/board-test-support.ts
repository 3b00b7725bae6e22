import 'reflect-metadata';
import { createHash, generateKeyPairSync } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { encodeFrame, parseLine, type Frame, type FrameArgument } from '../../../src-main/core/devices/station-link/frame-codec';
import { BoardFirmware } from '../../../src-main/core/sim/board-firmware';
import type { BoardFlashStore } from '../../../src-main/core/sim/board-flash-store';
import type { BoardSimOptions } from '../../../src-main/core/sim/board-sim-options';
import { ManualBoardTimers } from '../../../src-main/core/sim/board-timers';

/** A firmware wired to an output array and hand-stepped timers; no port, no real time. */
export interface FirmwareHarness {
  firmware: BoardFirmware;
  timers: ManualBoardTimers;
  /** Every line emitted so far. */
  output: string[];
  vanished: () => boolean;
  /** Sends one request frame; returns the lines emitted in reaction. */
  send(seq: number, word: string, args?: FrameArgument[]): string[];
  /** Sends a raw string (any bytes); returns the lines emitted in reaction. */
  sendRaw(text: string): string[];
  /** Sends a request and returns its single response frame (fails the test otherwise). */
  request(seq: number, word: string, args?: FrameArgument[]): Frame;
}

export function frameOf(line: string | undefined): Frame {
  if (line === undefined) throw new Error('no line');
  const parsed = parseLine(line);
  if (parsed.kind !== 'frame') throw new Error(`not a valid frame: ${line}`);
  return parsed.frame;
}

/** Only the frame lines (log lines filtered out). */
export function framesOf(lines: string[]): Frame[] {
  return lines.filter((line) => line.startsWith('@')).map(frameOf);
}

export function makeFirmware(
  options: Partial<BoardSimOptions> = {},
  extra: { random?: () => number; flashStore?: BoardFlashStore } = {},
): FirmwareHarness {
  const output: string[] = [];
  const timers = new ManualBoardTimers();
  let vanished = false;
  const firmware = new BoardFirmware(
    { bootBanner: false, ...options },
    { emit: (line) => output.push(line), onVanish: () => (vanished = true), timers, ...extra },
  );
  firmware.start();
  const sendRaw = (text: string): string[] => {
    const before = output.length;
    firmware.receive(text);
    return output.slice(before);
  };
  const send = (seq: number, word: string, args: FrameArgument[] = []): string[] => sendRaw(encodeFrame(seq, word, args));
  return {
    firmware,
    timers,
    output,
    vanished: () => vanished,
    send,
    sendRaw,
    request(seq, word, args = []) {
      const frames = framesOf(send(seq, word, args));
      if (frames.length !== 1) throw new Error(`expected one response to ${word}, got ${frames.length}`);
      const frame = frames[0];
      if (!frame) throw new Error('no frame');
      return frame;
    },
  };
}

export function errCode(frame: Frame): number | null {
  return frame.word === 'ERR' ? Number(frame.positional[0]) : null;
}

export function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** PUT + DATA (chunks of `chunk` bytes) + END; returns the END response. */
export function transfer(harness: FirmwareHarness, firstSeq: number, kind: string, slot: number, data: Buffer, chunk = 180): Frame {
  let seq = firstSeq;
  const put = harness.request(seq++, 'PUT', [['kind', kind], ['slot', String(slot)], ['len', String(data.length)], ['sha256', sha256Hex(data)]]);
  if (put.word !== 'OK') return put;
  for (let offset = 0; offset < data.length; offset += chunk) {
    const part = data.subarray(offset, offset + chunk);
    const ack = harness.request(seq++, 'DATA', [['off', String(offset)], ['b64', part.toString('base64')]]);
    if (ack.word !== 'OK') return ack;
  }
  return harness.request(seq, 'END');
}

let issuerKeys: CryptoKeyPair | null = null;

async function issuer(): Promise<CryptoKeyPair> {
  issuerKeys ??= await globalThis.crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return issuerKeys;
}

/** A DER certificate for the given uncompressed P-256 point, issued by a throwaway test CA. */
export async function issueCertificate(publicPoint: Buffer, commonName = 'SN-TEST'): Promise<Buffer> {
  const ca = await issuer();
  const publicKey = await globalThis.crypto.subtle.importKey('raw', new Uint8Array(publicPoint), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
  const certificate = await x509.X509CertificateGenerator.create(
    {
      serialNumber: '01',
      subject: `CN=${commonName}`,
      issuer: 'CN=Test Line CA',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      publicKey,
      signingKey: ca.privateKey,
    },
    globalThis.crypto,
  );
  return Buffer.from(certificate.rawData);
}

/** A self-signed CA certificate (for chain / trust transfers). */
export async function caCertificate(): Promise<Buffer> {
  const keys = await issuer();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: '02',
      name: 'CN=Test Line CA',
      notBefore: new Date('2026-01-01T00:00:00Z'),
      notAfter: new Date('2027-01-01T00:00:00Z'),
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
      keys,
    },
    globalThis.crypto,
  );
  return Buffer.from(certificate.rawData);
}

/** A PKCS#8 DER private key and its public point. */
export function pkcs8Key(curve = 'prime256v1'): { der: Buffer; publicPoint: Buffer | null } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve });
  const jwk = publicKey.export({ format: 'jwk' });
  const point =
    curve === 'prime256v1' && jwk.x && jwk.y
      ? Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x, 'base64url'), Buffer.from(jwk.y, 'base64url')])
      : null;
  return { der: privateKey.export({ format: 'der', type: 'pkcs8' }), publicPoint: point };
}
