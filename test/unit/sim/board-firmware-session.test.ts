import { describe, expect, it } from 'vitest';
import { encodeFrame, frameCrc, parseLine } from '../../../src-main/core/devices/station-link/frame-codec';
import { errCode, frameOf, framesOf, makeFirmware } from './board-test-support';

describe('BoardFirmware session layer', () => {
  it('answers HELLO with the identity fields of the protocol', () => {
    const board = makeFirmware({ serial: 'SN-A1', model: 'm1', fw: '2.0', caps: ['keygen', 'userpass'], slots: 2, maxLine: 1024 });
    const hello = board.request(100, 'HELLO');
    expect(hello.seq).toBe(100);
    expect(hello.word).toBe('OK');
    expect(Object.fromEntries(hello.named)).toEqual({
      proto: '1',
      model: 'm1',
      fw: '2.0',
      serial: 'SN-A1',
      max_line: '1024',
      caps: 'keygen,userpass',
      slots: '2',
    });
  });

  it('emits a boot banner as a log line when started with bootBanner on', () => {
    const board = makeFirmware({ bootBanner: true });
    expect(board.output).toHaveLength(1);
    expect(parseLine(board.output[0] ?? '').kind).toBe('log');
  });

  it('resends the saved response for a repeated seq without redoing the work', () => {
    const board = makeFirmware();
    board.request(1, 'HELLO');
    const first = board.request(2, 'KEYGEN', [['slot', '0']]);
    const again = board.send(2, 'KEYGEN', [['slot', '0']]);
    expect(again).toHaveLength(1);
    expect(frameOf(again[0]).named.get('pub')).toBe(first.named.get('pub'));
    expect(board.firmware.view().slots[0]?.publicPoint?.toString('base64')).toBe(first.named.get('pub'));
  });

  it('answers the saved response for a repeated seq whatever the body (a repeated seq is a retransmission)', () => {
    const board = makeFirmware();
    board.request(1, 'HELLO');
    const status = board.request(2, 'STATUS');
    const repeated = board.request(2, 'KEYGEN', [['slot', '0']]);
    expect(repeated).toEqual(status);
    expect(board.firmware.view().slots[0]?.state).toBe('empty');
  });

  it('a new seq does the work again', () => {
    const board = makeFirmware();
    const first = board.request(1, 'KEYGEN', [['slot', '0']]);
    const second = board.request(2, 'KEYGEN', [['slot', '0']]);
    expect(second.named.get('pub')).not.toBe(first.named.get('pub'));
  });

  it('always runs HELLO and clears the saved response', () => {
    const board = makeFirmware();
    const keygen = board.request(7, 'KEYGEN', [['slot', '0']]);
    const hello = board.request(7, 'HELLO');
    expect(hello.named.get('proto')).toBe('1');
    const helloAgain = board.request(7, 'HELLO');
    expect(helloAgain.named.get('proto')).toBe('1');
    // the saved KEYGEN response is gone: seq 7 now runs KEYGEN anew
    const rerun = board.request(7, 'KEYGEN', [['slot', '0']]);
    expect(rerun.named.get('pub')).not.toBe(keygen.named.get('pub'));
  });

  it('HELLO aborts a transfer in progress (a new session starts with PUT)', () => {
    const board = makeFirmware();
    board.request(1, 'KEYGEN', [['slot', '0']]);
    expect(board.request(2, 'PUT', [['kind', 'trust'], ['slot', '0'], ['len', '3'], ['sha256', 'a'.repeat(64)]]).word).toBe('OK');
    board.request(3, 'HELLO');
    expect(errCode(board.request(4, 'DATA', [['off', '0'], ['b64', 'AAAA']]))).toBe(409);
  });

  it('is silent after stop()', () => {
    const board = makeFirmware({ keygenMs: 100 });
    board.send(1, 'KEYGEN', [['slot', '0']]);
    board.firmware.stop();
    board.timers.advance(1000);
    expect(board.send(2, 'HELLO')).toEqual([]);
    expect(board.output).toEqual([]);
    expect(board.firmware.hasVanished).toBe(false);
  });

  it('drops a frame with a bad CRC silently, as if it never came', () => {
    const board = makeFirmware();
    const good = encodeFrame(3, 'STATUS');
    const bad = good.replace('STATUS', 'STATUZ');
    expect(board.sendRaw(bad)).toEqual([]);
    expect(board.sendRaw('@3 STATUS*00000000\r\n')).toEqual([]);
    expect(board.sendRaw('@3 STATUS\r\n')).toEqual([]);
    expect(framesOf(board.sendRaw(good))[0]?.word).toBe('OK');
  });

  it('ignores lines that are not frames', () => {
    const board = makeFirmware();
    expect(board.sendRaw('hello there\r\n\r\n')).toEqual([]);
  });

  it('answers ERR 400 to a frame whose CRC is right but whose body breaks the grammar', () => {
    const board = makeFirmware();
    const head = '@9 status';
    const reply = board.sendRaw(`${head}*${frameCrc(head)}\r\n`);
    const frame = frameOf(reply[0]);
    expect(frame.seq).toBe(9);
    expect(errCode(frame)).toBe(400);
  });

  it('accepts a bare LF and any chunking of the bytes (one line buffer)', () => {
    const board = makeFirmware();
    const line = encodeFrame(4, 'STATUS').replace('\r\n', '\n');
    const out: string[] = [];
    for (const char of line) out.push(...board.sendRaw(char));
    expect(framesOf(out).map((f) => [f.seq, f.word])).toEqual([[4, 'OK']]);
    const two = board.sendRaw(encodeFrame(5, 'STATUS') + encodeFrame(6, 'STATUS'));
    expect(framesOf(two).map((f) => f.seq)).toEqual([5, 6]);
  });

  it('answers ERR 413 to a frame longer than max_line (CR LF included), under its seq', () => {
    const board = makeFirmware({ maxLine: 512 });
    const makeCsr = (seq: number, cnLength: number): string => encodeFrame(seq, 'CSR', [['slot', '0'], ['cn', 'a'.repeat(cnLength)]]);
    const base = makeCsr(11, 1).length - 1;
    const exact = makeCsr(11, 512 - base); // exactly 512 bytes with CR LF
    expect(exact.length).toBe(512);
    expect(errCode(frameOf(board.sendRaw(exact)[0]))).toBe(409); // it fits: slot 0 has no key yet
    const over = makeCsr(12, 512 - base + 1);
    expect(over.length).toBe(513);
    const reply = frameOf(board.sendRaw(over)[0]);
    expect(reply.seq).toBe(12);
    expect(errCode(reply)).toBe(413);
    // the buffer recovers for the next line
    expect(board.request(13, 'STATUS').word).toBe('OK');
  });

  it('answers 404 to an unknown command', () => {
    const board = makeFirmware();
    const reply = board.request(1, 'REBOOT');
    expect(errCode(reply)).toBe(404);
    expect(reply.positional.length).toBeGreaterThan(1);
  });

  describe('long KEYGEN', () => {
    it('sends WAIT lines while working, then the result; a retransmission meanwhile gets WAIT, another request 503', () => {
      const board = makeFirmware({ keygenMs: 2000 });
      expect(board.send(20, 'KEYGEN', [['slot', '0']])).toEqual([]);
      board.timers.advance(500);
      const first = framesOf(board.output);
      expect(first.map((f) => [f.seq, f.word])).toEqual([[20, 'WAIT']]);
      expect(framesOf(board.send(20, 'KEYGEN', [['slot', '0']])).map((f) => f.word)).toEqual(['WAIT']);
      expect(errCode(board.request(21, 'STATUS'))).toBe(503);
      board.timers.advance(1500);
      const frames = framesOf(board.output);
      const last = frames[frames.length - 1];
      expect(last?.seq).toBe(20);
      expect(last?.word).toBe('OK');
      expect(Buffer.from(last?.named.get('pub') ?? '', 'base64')).toHaveLength(65);
      expect(frames.filter((f) => f.word === 'WAIT').length).toBeGreaterThanOrEqual(4);
      expect(board.timers.scheduled).toBe(0);
      // the result is now the saved response
      expect(board.request(20, 'KEYGEN', [['slot', '0']]).named.get('pub')).toBe(last?.named.get('pub'));
    });

    it('uses keygenMs / 4 as the WAIT interval for short work', () => {
      const board = makeFirmware({ keygenMs: 400 });
      board.send(1, 'KEYGEN', [['slot', '0']]);
      board.timers.advance(100);
      expect(framesOf(board.output).map((f) => f.word)).toEqual(['WAIT']);
    });

    it('HELLO during KEYGEN cancels the work', () => {
      const board = makeFirmware({ keygenMs: 1000 });
      board.send(1, 'KEYGEN', [['slot', '0']]);
      expect(board.request(2, 'HELLO').word).toBe('OK');
      board.timers.advance(5000);
      expect(framesOf(board.output).map((f) => f.word)).toEqual(['OK']);
      expect(board.firmware.view().slots[0]?.state).toBe('empty');
    });
  });

  describe('fault injection', () => {
    it('dropResponseOnce: the first response is lost but saved; the retransmission gets it', () => {
      const board = makeFirmware({ dropResponseOnce: ['KEYGEN'] });
      expect(framesOf(board.send(1, 'KEYGEN', [['slot', '0']]))).toEqual([]);
      const resent = board.request(1, 'KEYGEN', [['slot', '0']]);
      expect(resent.word).toBe('OK');
      expect(resent.named.get('pub')).toBe(board.firmware.view().slots[0]?.publicPoint?.toString('base64'));
      // only once
      expect(board.request(2, 'KEYGEN', [['slot', '0']]).word).toBe('OK');
    });

    it('corruptResponseOnce: the first response fails its CRC; the retransmission is intact and identical work', () => {
      const board = makeFirmware({ corruptResponseOnce: ['STATUS'] }, { random: () => 0.5 });
      const lines = board.send(1, 'STATUS');
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith('@')).toBe(true);
      expect(parseLine(lines[0] ?? '').kind).toBe('corrupt');
      const resent = board.request(1, 'STATUS');
      expect(resent.named.get('active')).toBe('none');
      expect(board.request(2, 'STATUS').word).toBe('OK');
    });

    it('errorOnce: the first request gets the code (and it is the saved response), the next one works', () => {
      const board = makeFirmware({ errorOnce: [{ command: 'COMMIT', code: 500 }] });
      expect(errCode(board.request(1, 'COMMIT', [['slot', '0']]))).toBe(500);
      expect(errCode(board.request(1, 'COMMIT', [['slot', '0']]))).toBe(500);
      expect(errCode(board.request(2, 'COMMIT', [['slot', '0']]))).toBe(409);
    });

    it('vanishAtStep: the board goes silent and reports the vanish when that command arrives', () => {
      const board = makeFirmware({ vanishAtStep: 'CSR' });
      board.request(1, 'KEYGEN', [['slot', '0']]);
      expect(board.vanished()).toBe(false);
      expect(board.send(2, 'CSR', [['slot', '0'], ['cn', 'x']])).toEqual([]);
      expect(board.vanished()).toBe(true);
      expect(board.send(3, 'HELLO')).toEqual([]);
    });

    it('logNoise: whole log lines around responses, never inside a frame', () => {
      const board = makeFirmware({ logNoise: 1 }, { random: () => 0.3 });
      const lines = board.send(1, 'STATUS');
      const kinds = lines.map((line) => parseLine(line).kind);
      expect(kinds).toEqual(['log', 'frame', 'log']);
    });

    it('logIntervalMs: log lines at random moments while idle', () => {
      const board = makeFirmware({ logIntervalMs: 100 }, { random: () => 0.5 });
      board.timers.advance(1000);
      expect(board.output.length).toBeGreaterThan(0);
      expect(board.output.every((line) => parseLine(line).kind === 'log')).toBe(true);
      board.firmware.stop();
      expect(board.timers.scheduled).toBe(0);
    });
  });
});
