import { createHash, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import type { LineTransport } from '../../../../src-main/core/devices/line-transport';

/**
 * A minimal board written for the tests straight from station-link-protocol.md (its own framing, not
 * frame-codec.ts, so codec bugs cannot cancel out). It runs on the board end of any LineTransport.
 * Honest about: saved response + retransmission, HELLO clearing it, WAIT during KEYGEN, PUT/DATA/END
 * with len/sha256 checks, slot states, COMMIT/STATUS/ERASE, max_line (413).
 * Simplified: CSR returns the slot's SPKI DER (not a real PKCS#10); certificates are not parsed.
 * Fault injection applies to the first execution of a command word.
 */
export interface MinimalBoardOptions {
  maxLine?: number;
  slots?: 1 | 2;
  proto?: string;
  caps?: string;
  /** KEYGEN works this long, sending WAIT every `waitEveryMs`. */
  keygenMs?: number;
  waitEveryMs?: number;
  /** Write a log line before every response, and split the response over several writes. */
  noisy?: boolean;
}

export type Fault = 'drop' | 'corrupt' | 'garble' | 'busy' | 'busy-always';

interface Slot {
  state: 'empty' | 'key' | 'cert' | 'committed';
  privateKey: KeyObject | null;
  certSha256: string | null;
}

export interface ReceivedRequest {
  seq: number;
  word: string;
  line: string;
}

function crcOf(text: string): string {
  return crc32(Buffer.from(text, 'latin1')).toString(16).toUpperCase().padStart(8, '0');
}

export function peerFrame(seq: number, body: string): string {
  const head = `@${seq} ${body}`;
  return `${head}*${crcOf(head)}\r\n`;
}

export class MinimalBoardPeer {
  readonly received: ReceivedRequest[] = [];
  /** How often each command really ran (retransmissions answered from the saved response excluded). */
  readonly executions = new Map<string, number>();
  resends = 0;
  readonly faults = new Map<string, Fault>();
  private savedSeq: number | null = null;
  private savedResponse: string | null = null;
  private readonly slots: Slot[];
  private active: number | null = null;
  private transfer: { kind: string; slot: number; len: number; sha256: string; data: Buffer } | null = null;
  private working: number | null = null;
  private readonly options: Required<MinimalBoardOptions>;

  constructor(private readonly link: LineTransport, options: MinimalBoardOptions = {}) {
    this.options = {
      maxLine: 512,
      slots: 2,
      proto: '1',
      caps: 'keygen,inject',
      keygenMs: 0,
      waitEveryMs: 20,
      noisy: false,
      ...options,
    };
    this.slots = Array.from({ length: this.options.slots }, () => ({ state: 'empty', privateKey: null, certSha256: null }));
    link.onLine((line) => void this.handle(line));
  }

  /** Public key point of a slot (test checks). */
  publicPoint(slot: number): Buffer | null {
    const key = this.slots[slot]?.privateKey;
    return key ? createPublicKey(key).export({ format: 'der', type: 'spki' }).subarray(-65) : null;
  }

  private async write(text: string): Promise<void> {
    if (this.link.isOpen) await this.link.writeLine(text).catch(() => undefined);
  }

  private async handle(raw: string): Promise<void> {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.length + 2 > this.options.maxLine) {
      const seqText = /^@(\d+) /.exec(line)?.[1];
      if (seqText) await this.respond(Number(seqText), 'ERR 413 line too long', 'none');
      return;
    }
    const star = line.lastIndexOf('*');
    if (!line.startsWith('@') || star < 0 || crcOf(line.slice(0, star)) !== line.slice(star + 1)) return; // dropped
    const match = /^@(\d+) ([A-Z]+)(.*)$/.exec(line.slice(0, star));
    if (!match) return;
    const seq = Number(match[1]);
    const word = match[2] ?? '';
    this.received.push({ seq, word, line });
    if (word !== 'HELLO' && seq === this.savedSeq && this.savedResponse !== null) {
      this.resends += 1;
      await this.write(this.savedResponse);
      return;
    }
    if (word !== 'HELLO' && seq === this.working) return; // still working: silence (WAIT goes out on its own)
    const args = new Map<string, string>();
    for (const token of (match[3] ?? '').trim().split(' ').filter(Boolean)) {
      const eq = token.indexOf('=');
      if (eq > 0) args.set(token.slice(0, eq), token.slice(eq + 1));
    }
    this.executions.set(word, (this.executions.get(word) ?? 0) + 1);
    const fault = this.faults.get(word);
    if (fault && fault !== 'busy-always') this.faults.delete(word);
    if (word === 'HELLO') {
      this.savedSeq = null;
      this.savedResponse = null;
    }
    if (fault === 'busy' || fault === 'busy-always') {
      await this.respond(seq, 'ERR 503 busy storing', 'none');
      return;
    }
    const body = await this.execute(seq, word, args);
    await this.respond(seq, body, fault ?? 'none');
  }

  private async respond(seq: number, body: string, fault: Fault | 'none'): Promise<void> {
    const response = peerFrame(seq, body);
    this.savedSeq = seq;
    this.savedResponse = response;
    if (fault === 'drop') return;
    if (fault === 'corrupt') {
      const star = response.lastIndexOf('*');
      const flipped = response.slice(0, star - 1) + (response[star - 1] === 'A' ? 'B' : 'A') + response.slice(star);
      await this.write(flipped);
      return;
    }
    if (fault === 'garble') {
      const middle = Math.floor(response.length / 2);
      await this.write(response.slice(0, middle));
      await this.write('E (99) flash: ecc corrected\r\n');
      await this.write(response.slice(middle));
      return;
    }
    if (this.options.noisy) {
      await this.write(`I (${seq}) prov: answering\r\n`);
      const third = Math.ceil(response.length / 3);
      await this.write(response.slice(0, third));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await this.write(response.slice(third, 2 * third));
      await new Promise((resolve) => setTimeout(resolve, 5));
      await this.write(response.slice(2 * third));
      await this.write('D (1) prov: done\r\n');
      return;
    }
    await this.write(response);
  }

  private slotArg(args: Map<string, string>): number | null {
    const text = args.get('slot') ?? '';
    if (!/^\d+$/.test(text)) return null;
    const slot = Number(text);
    return slot < this.slots.length ? slot : -1;
  }

  private async execute(seq: number, word: string, args: Map<string, string>): Promise<string> {
    const o = this.options;
    if (word === 'HELLO') {
      return `OK proto=${o.proto} model=mini fw=0.1 serial=MINI-0001 max_line=${o.maxLine} caps=${o.caps} slots=${o.slots}`;
    }
    if (word === 'STATUS') {
      const parts = [`active=${this.active ?? 'none'}`];
      this.slots.forEach((slot, index) => parts.push(`slot${index}=${slot.state}`, `cert${index}=${slot.certSha256 ?? '-'}`));
      return `OK ${parts.join(' ')}`;
    }
    if (word === 'DATA') return this.data(args);
    if (word === 'END') return this.end();
    const slotIndex = this.slotArg(args);
    if (slotIndex === null) return 'ERR 400 slot missing';
    const slot = this.slots[slotIndex];
    if (!slot) return 'ERR 404 no such slot';
    switch (word) {
      case 'KEYGEN': {
        if (slotIndex === this.active) return 'ERR 409 slot is active';
        this.working = seq;
        for (let waited = 0; waited < o.keygenMs; waited += o.waitEveryMs) {
          await new Promise((resolve) => setTimeout(resolve, o.waitEveryMs));
          await this.write(peerFrame(seq, 'WAIT'));
        }
        this.working = null;
        slot.privateKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
        slot.state = 'key';
        slot.certSha256 = null;
        return `OK pub=${this.publicPoint(slotIndex)?.toString('base64')}`;
      }
      case 'CSR':
        if (!slot.privateKey) return 'ERR 409 no key in slot';
        return `OK csr=${createPublicKey(slot.privateKey).export({ format: 'der', type: 'spki' }).toString('base64')}`;
      case 'PUT': {
        const len = Number(args.get('len'));
        const sha256 = args.get('sha256') ?? '';
        const kind = args.get('kind') ?? '';
        if (!['cert', 'chain', 'trust', 'key', 'userpass'].includes(kind)) return 'ERR 404 unknown kind';
        if (!Number.isInteger(len) || !/^[0-9a-f]{64}$/.test(sha256)) return 'ERR 400 bad len or sha256';
        this.transfer = { kind, slot: slotIndex, len, sha256, data: Buffer.alloc(0) };
        return 'OK';
      }
      case 'SIGN': {
        const nonce = args.get('nonce') ?? '';
        if (!slot.privateKey) return 'ERR 409 no key in slot';
        if (!/^([0-9a-f]{2})+$/.test(nonce)) return 'ERR 400 bad nonce';
        return `OK sig=${sign('sha256', Buffer.from(nonce, 'hex'), slot.privateKey).toString('base64')}`;
      }
      case 'COMMIT':
        if (slot.state !== 'cert' && slot.state !== 'committed') return 'ERR 409 slot has no certificate';
        slot.state = 'committed';
        if (this.active !== null && this.active !== slotIndex) {
          const previous = this.slots[this.active];
          if (previous) previous.state = 'cert';
        }
        this.active = slotIndex;
        return `OK active=${slotIndex}`;
      case 'ERASE':
        if (slotIndex === this.active) return 'ERR 409 cannot erase the active slot';
        Object.assign(slot, { state: 'empty', privateKey: null, certSha256: null });
        return 'OK';
      default:
        return 'ERR 404 unknown command';
    }
  }

  private data(args: Map<string, string>): string {
    const transfer = this.transfer;
    if (!transfer) return 'ERR 409 no transfer open';
    const off = Number(args.get('off'));
    const chunk = Buffer.from(args.get('b64') ?? '', 'base64');
    if (!Number.isInteger(off) || off > transfer.data.length) return 'ERR 400 bad offset';
    if (off + chunk.length > transfer.len) return 'ERR 413 more data than announced';
    if (off === transfer.data.length) transfer.data = Buffer.concat([transfer.data, chunk]);
    return `OK next=${off + chunk.length}`;
  }

  private end(): string {
    const transfer = this.transfer;
    this.transfer = null;
    if (!transfer) return 'ERR 409 no transfer open';
    const sha256 = createHash('sha256').update(transfer.data).digest('hex');
    if (transfer.data.length !== transfer.len || sha256 !== transfer.sha256) return 'ERR 422 len=mismatch or sha256 mismatch';
    const slot = this.slots[transfer.slot];
    if (!slot) return 'ERR 404 no such slot';
    if (transfer.kind === 'cert') {
      if (!slot.privateKey) return 'ERR 422 certificate key is not the slot key';
      slot.state = 'cert';
      slot.certSha256 = sha256;
    }
    return 'OK';
  }
}
