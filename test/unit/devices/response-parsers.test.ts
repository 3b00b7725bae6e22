import { describe, expect, it } from 'vitest';
import { StationError } from '../../../src-main/core/errors';
import { encodeFrame, parseLine, type Frame, type FrameArgument } from '../../../src-main/core/devices/station-link/frame-codec';
import {
  decodeStrictBase64,
  parseCommitResponse,
  parseDataResponse,
  parseErrorLine,
  parseHelloResponse,
  parseKeygenResponse,
  parseStatusResponse,
} from '../../../src-main/core/devices/station-link/response-parsers';

function ok(args: FrameArgument[]): Frame {
  const parsed = parseLine(encodeFrame(5, 'OK', args).trimEnd());
  if (parsed.kind !== 'frame') throw new Error('test frame did not parse');
  return parsed.frame;
}

function protocolFailure(run: () => unknown): StationError {
  try {
    run();
  } catch (error) {
    if (error instanceof StationError) return error;
    throw error;
  }
  throw new Error('expected a StationError');
}

const HELLO: [string, string][] = [
  ['proto', '1'], ['model', 'nrf52'], ['fw', '2.1.0'], ['serial', 'F00D-1234'],
  ['max_line', '512'], ['caps', 'keygen,inject'], ['slots', '2'],
];

describe('HELLO parser', () => {
  it('reads the identity', () => {
    expect(parseHelloResponse(ok(HELLO))).toEqual({
      protocolVersion: 1, model: 'nrf52', firmware: '2.1.0', serial: 'F00D-1234',
      maxLine: 512, capabilities: ['keygen', 'inject'], slotCount: 2,
    });
  });

  it('refuses another protocol version, naming it', () => {
    const error = protocolFailure(() => parseHelloResponse(ok(HELLO.map(([k, v]) => [k, k === 'proto' ? '2' : v]))));
    expect(error.code).toBe('board-protocol');
    expect(error.message).toContain('version 2');
    expect(error.details.boardProtocolVersion).toBe('2');
  });

  it('refuses max_line below 512, slots other than 1|2, missing serial', () => {
    expect(protocolFailure(() => parseHelloResponse(ok(HELLO.map(([k, v]) => [k, k === 'max_line' ? '511' : v])))).message).toContain('max_line=511');
    expect(protocolFailure(() => parseHelloResponse(ok(HELLO.map(([k, v]) => [k, k === 'slots' ? '3' : v])))).message).toContain('slots=3');
    expect(protocolFailure(() => parseHelloResponse(ok(HELLO.filter(([k]) => k !== 'serial')))).message).toContain('serial=');
  });

  it('keeps only the capabilities the protocol defines', () => {
    const identity = parseHelloResponse(ok(HELLO.map(([k, v]) => [k, k === 'caps' ? 'userpass,teleport,keygen' : v])));
    expect(identity.capabilities).toEqual(['keygen', 'userpass']);
  });
});

describe('STATUS parser', () => {
  const sha = 'AB'.repeat(32);
  it('reads active, slot states and certificate hashes (lowercased)', () => {
    const status = parseStatusResponse(ok([['active', '1'], ['slot0', 'cert'], ['cert0', '-'], ['slot1', 'committed'], ['cert1', sha]]));
    expect(status).toEqual({
      activeSlot: 1,
      slots: [
        { slot: 0, state: 'cert', certificateSha256: null },
        { slot: 1, state: 'committed', certificateSha256: sha.toLowerCase() },
      ],
    });
  });

  it('reads active=none on a single-slot board', () => {
    expect(parseStatusResponse(ok([['active', 'none'], ['slot0', 'empty'], ['cert0', '-']]))).toEqual({
      activeSlot: null,
      slots: [{ slot: 0, state: 'empty', certificateSha256: null }],
    });
  });

  it('refuses unknown states, bad hashes, a missing slot0 and an active slot it does not list', () => {
    expect(protocolFailure(() => parseStatusResponse(ok([['active', 'none'], ['slot0', 'full'], ['cert0', '-']]))).code).toBe('board-protocol');
    expect(protocolFailure(() => parseStatusResponse(ok([['active', 'none'], ['slot0', 'cert'], ['cert0', 'abc']]))).code).toBe('board-protocol');
    expect(protocolFailure(() => parseStatusResponse(ok([['active', 'none']]))).code).toBe('board-protocol');
    expect(protocolFailure(() => parseStatusResponse(ok([['active', '1'], ['slot0', 'key'], ['cert0', '-']]))).code).toBe('board-protocol');
  });
});

describe('other OK parsers', () => {
  it('KEYGEN wants a 65-byte uncompressed point', () => {
    const point = Buffer.alloc(65, 7);
    point[0] = 4;
    expect(Buffer.from(parseKeygenResponse(ok([['pub', point.toString('base64')]]))).equals(point)).toBe(true);
    expect(protocolFailure(() => parseKeygenResponse(ok([['pub', Buffer.alloc(64, 4).toString('base64')]]))).code).toBe('board-protocol');
  });

  it('DATA next= must be offset plus chunk length', () => {
    expect(() => parseDataResponse(ok([['next', '300']]), 300)).not.toThrow();
    expect(protocolFailure(() => parseDataResponse(ok([['next', '299']]), 300)).message).toContain('next=299, expected 300');
  });

  it('COMMIT returns the active slot', () => {
    expect(parseCommitResponse(ok([['active', '1']]))).toBe(1);
    expect(protocolFailure(() => parseCommitResponse(ok([['active', 'x']]))).code).toBe('board-protocol');
  });

  it('decodes only strict standard padded base64', () => {
    expect(Buffer.from(decodeStrictBase64('QUI=', 'X', 'v')).toString()).toBe('AB');
    for (const bad of ['QUI', 'QU=I', 'QUI-', '', 'Q===']) {
      expect(protocolFailure(() => decodeStrictBase64(bad, 'X', 'v')).code).toBe('board-protocol');
    }
  });
});

describe('ERR line parser', () => {
  it('keeps the board words in order, "=" included', () => {
    const line = encodeFrame(9, 'ERR', ['422', 'len=12', 'does', 'not', 'match']).trimEnd();
    expect(parseErrorLine(line, 'END')).toEqual({ code: 422, words: 'len=12 does not match' });
  });

  it('accepts ERR with a code only and refuses ERR without a code', () => {
    expect(parseErrorLine(encodeFrame(9, 'ERR', ['503']).trimEnd(), 'PUT')).toEqual({ code: 503, words: '' });
    expect(protocolFailure(() => parseErrorLine(encodeFrame(9, 'ERR', ['busy']).trimEnd(), 'PUT')).code).toBe('board-protocol');
  });
});
