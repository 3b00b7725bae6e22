import { createHash } from 'node:crypto';
import type { Frame, FrameArgument } from '../devices/station-link/frame-codec';
import { emptyFlash, emptySlot, type BoardFlash, type BoardFlashStore, type BoardSlot } from './board-flash-store';
import {
  BoardCryptoError,
  buildCsr,
  certificatePublicPoint,
  deriveBoardKey,
  generateBoardKey,
  importPkcs8Key,
  parseCertificates,
  signMessage,
  type BoardKey,
} from './board-key-service';
import type { BoardSimOptions } from './board-sim-options';

/**
 * What the simulated firmware does for each command of the Station Link Protocol v1 (see
 * ../shared/docs/station-link-protocol.md), on its flash. No framing, no seq, no timing here: each
 * method takes a parsed request and returns the reply (OK args or ERR code + words). The flash is
 * saved through the store after every change.
 */
export type BoardReply =
  | { ok: true; args: FrameArgument[] }
  | { ok: false; code: number; words: string[] };

export type SlotStateName = 'empty' | 'key' | 'cert' | 'committed';

/** A public view of one slot (no key material), for tests and the CLI. */
export interface BoardSlotView {
  slot: number;
  state: SlotStateName;
  /** 65-byte uncompressed point, or null. */
  publicPoint: Buffer | null;
  /** Lowercase hex SHA-256 of the certificate DER, or null. */
  certificateSha256: string | null;
  hasChain: boolean;
  hasTrust: boolean;
  hasUserpass: boolean;
}

export interface BoardView {
  active: number | null;
  slots: BoardSlotView[];
}

type TransferKind = 'cert' | 'chain' | 'trust' | 'key' | 'userpass';
const TRANSFER_KINDS: readonly string[] = ['cert', 'chain', 'trust', 'key', 'userpass'];

interface Transfer {
  kind: TransferKind;
  slot: number;
  length: number;
  sha256: string;
  received: Buffer;
}

const ok = (args: FrameArgument[] = []): BoardReply => ({ ok: true, args });
const err = (code: number, message: string): BoardReply => ({ ok: false, code, words: message.split(' ') });

function isTransferKind(value: string): value is TransferKind {
  return TRANSFER_KINDS.includes(value);
}

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export class BoardCommandService {
  private readonly flash: BoardFlash;
  private transfer: Transfer | null = null;

  constructor(
    private readonly options: BoardSimOptions,
    private readonly store: BoardFlashStore,
  ) {
    const loaded = store.load();
    this.flash = emptyFlash(options.slots);
    if (loaded) {
      loaded.slots.slice(0, options.slots).forEach((slot, index) => {
        this.flash.slots[index] = slot;
      });
      this.flash.active = loaded.active !== null && loaded.active < options.slots ? loaded.active : null;
    }
  }

  hello(): BoardReply {
    this.transfer = null;
    const o = this.options;
    return ok([
      ['proto', '1'],
      ['model', o.model],
      ['fw', o.fw],
      ['serial', o.serial],
      ['max_line', String(o.maxLine)],
      ['caps', o.caps.join(',')],
      ['slots', String(o.slots)],
    ]);
  }

  /** Checks a KEYGEN request; returns the slot to work on, or the ERR reply. */
  checkKeygen(frame: Frame): number | BoardReply {
    if (!this.options.caps.includes('keygen')) return err(404, 'this board has no on-chip key generation');
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    if (this.flash.active === slot) return err(409, `slot ${slot} holds the active key`);
    return slot;
  }

  /** Makes the key (after checkKeygen accepted the request and the work time has passed). */
  completeKeygen(slot: number): BoardReply {
    let key: BoardKey;
    try {
      key = this.options.sharedKeyWith !== null ? deriveBoardKey(this.options.sharedKeyWith) : generateBoardKey();
    } catch {
      return err(500, 'key generation failed');
    }
    if (this.transfer?.slot === slot) this.transfer = null;
    this.replaceKey(slot, key);
    return ok([['pub', key.publicPoint.toString('base64')]]);
  }

  /** Every command but HELLO and KEYGEN. Unknown words answer 404. */
  execute(frame: Frame): BoardReply {
    switch (frame.word) {
      case 'CSR':
        return this.csr(frame);
      case 'PUT':
        return this.put(frame);
      case 'DATA':
        return this.data(frame);
      case 'END':
        return this.end();
      case 'SIGN':
        return this.sign(frame);
      case 'COMMIT':
        return this.commit(frame);
      case 'STATUS':
        return this.status();
      case 'ERASE':
        return this.erase(frame);
      default:
        return err(404, `unknown command ${frame.word}`);
    }
  }

  view(): BoardView {
    return {
      active: this.flash.active,
      slots: this.flash.slots.map((slot, index) => ({
        slot: index,
        state: this.stateOf(index),
        publicPoint: slot.key ? Buffer.from(slot.key.publicPoint) : null,
        certificateSha256: slot.certificate ? sha256Hex(slot.certificate) : null,
        hasChain: slot.chain !== null,
        hasTrust: slot.trust !== null,
        hasUserpass: slot.userpass !== null,
      })),
    };
  }

  private slotAt(slot: number): BoardSlot {
    const found = this.flash.slots[slot];
    if (!found) throw new RangeError(`no slot ${slot}`);
    return found;
  }

  private persist(): void {
    this.store.save(this.flash);
  }

  private replaceKey(slot: number, key: BoardKey): void {
    const current = this.slotAt(slot);
    this.flash.slots[slot] = { ...current, key, certificate: null, chain: null };
    this.persist();
  }

  private stateOf(index: number): SlotStateName {
    const slot = this.slotAt(index);
    if (this.flash.active === index) return 'committed';
    if (slot.certificate || slot.userpass) return 'cert';
    if (slot.key) return 'key';
    return 'empty';
  }

  private slotArg(frame: Frame): number | BoardReply {
    const raw = frame.named.get('slot');
    if (raw === undefined) return err(400, 'missing slot');
    if (!/^\d{1,5}$/.test(raw)) return err(400, 'slot must be a number');
    const slot = Number(raw);
    if (slot >= this.options.slots) return err(404, `no slot ${slot} on this board`);
    return slot;
  }

  private csr(frame: Frame): BoardReply {
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    const commonName = frame.named.get('cn');
    if (commonName === undefined || commonName === '') return err(400, 'missing cn');
    const key = this.slotAt(slot).key;
    if (!key) return err(409, `slot ${slot} has no key`);
    try {
      return ok([['csr', buildCsr(key, commonName, this.options.wrongKeyCsr).toString('base64')]]);
    } catch {
      return err(500, 'CSR signing failed');
    }
  }

  private put(frame: Frame): BoardReply {
    const kind = frame.named.get('kind');
    if (kind === undefined) return err(400, 'missing kind');
    if (!isTransferKind(kind)) return err(404, `no kind ${kind} on this board`);
    if (kind === 'key' && !this.options.caps.includes('inject')) return err(404, 'this board does not accept injected keys');
    if (kind === 'userpass' && !this.options.caps.includes('userpass')) return err(404, 'this board does not accept userpass');
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    const lenRaw = frame.named.get('len');
    const sha256 = frame.named.get('sha256');
    if (lenRaw === undefined || !/^\d{1,9}$/.test(lenRaw) || Number(lenRaw) === 0) return err(400, 'len must be a positive number');
    if (sha256 === undefined || !/^[0-9a-fA-F]{64}$/.test(sha256)) return err(400, 'sha256 must be 64 hex digits');
    const length = Number(lenRaw);
    if (length > this.options.maxTransfer) return err(413, `transfer larger than ${this.options.maxTransfer} bytes`);
    if (this.flash.active === slot) return err(409, `slot ${slot} is the active slot`);
    if (kind === 'cert' && !this.slotAt(slot).key) return err(409, `slot ${slot} has no key`);
    this.transfer = { kind, slot, length, sha256: sha256.toLowerCase(), received: Buffer.alloc(0) };
    return ok();
  }

  private data(frame: Frame): BoardReply {
    const transfer = this.transfer;
    if (!transfer) return err(409, 'no transfer in progress');
    const offRaw = frame.named.get('off');
    const b64 = frame.named.get('b64');
    if (offRaw === undefined || !/^\d{1,9}$/.test(offRaw)) return err(400, 'off must be a number');
    if (b64 === undefined || b64 === '' || !STANDARD_BASE64.test(b64)) return err(400, 'b64 must be standard base64');
    const offset = Number(offRaw);
    const chunk = Buffer.from(b64, 'base64');
    const written = transfer.received.length;
    if (offset > written) return err(400, `off ${offset} is past the ${written} bytes received`);
    const end = offset + chunk.length;
    if (end > transfer.length) return err(413, `data goes past len ${transfer.length}`);
    if (end > written) {
      transfer.received = Buffer.concat([transfer.received, chunk.subarray(written - offset)]);
    }
    return ok([['next', String(end)]]);
  }

  private end(): BoardReply {
    const transfer = this.transfer;
    if (!transfer) return err(409, 'no transfer in progress');
    this.transfer = null;
    const data = transfer.received;
    if (data.length !== transfer.length) return err(422, `received ${data.length} bytes of ${transfer.length}`);
    if (sha256Hex(data) !== transfer.sha256) return err(422, 'sha256 mismatch');
    const slot = this.slotAt(transfer.slot);
    try {
      switch (transfer.kind) {
        case 'cert': {
          if (!slot.key) return err(409, `slot ${transfer.slot} has no key`);
          const point = certificatePublicPoint(data);
          if (!point.equals(slot.key.publicPoint)) return err(422, 'certificate key is not the slot key');
          this.flash.slots[transfer.slot] = { ...slot, certificate: Buffer.from(data) };
          break;
        }
        case 'chain':
        case 'trust':
          parseCertificates(data);
          this.flash.slots[transfer.slot] = { ...slot, [transfer.kind]: Buffer.from(data) };
          break;
        case 'key':
          this.replaceKey(transfer.slot, importPkcs8Key(data));
          break;
        case 'userpass': {
          const text = new TextDecoder('utf-8', { fatal: true }).decode(data);
          const parts = text.split('\n');
          if (parts.length !== 2 || !parts[0]) return err(422, 'userpass must be username LF password');
          this.flash.slots[transfer.slot] = { ...slot, userpass: Buffer.from(data) };
          break;
        }
      }
    } catch (error) {
      if (error instanceof BoardCryptoError) return err(422, error.message);
      if (error instanceof TypeError) return err(422, 'userpass is not UTF-8');
      return err(500, 'storage write failed');
    }
    this.persist();
    return ok();
  }

  private sign(frame: Frame): BoardReply {
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    const nonce = frame.named.get('nonce');
    if (nonce === undefined || !/^(?:[0-9a-fA-F]{2})+$/.test(nonce)) return err(400, 'nonce must be hex bytes');
    const key = this.slotAt(slot).key;
    if (!key) return err(409, `slot ${slot} has no key`);
    return ok([['sig', signMessage(key, Buffer.from(nonce, 'hex')).toString('base64')]]);
  }

  private commit(frame: Frame): BoardReply {
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    const target = this.slotAt(slot);
    if (!target.certificate && !target.userpass) return err(409, `slot ${slot} has no certificate`);
    this.flash.active = slot;
    this.persist();
    return ok([['active', String(slot)]]);
  }

  private status(): BoardReply {
    const args: FrameArgument[] = [['active', this.flash.active === null ? 'none' : String(this.flash.active)]];
    this.flash.slots.forEach((slot, index) => {
      args.push([`slot${index}`, this.stateOf(index)]);
      args.push([`cert${index}`, slot.certificate ? sha256Hex(slot.certificate) : '-']);
    });
    return ok(args);
  }

  private erase(frame: Frame): BoardReply {
    const slot = this.slotArg(frame);
    if (typeof slot !== 'number') return slot;
    if (this.flash.active === slot) return err(409, `slot ${slot} is the active slot`);
    if (this.transfer?.slot === slot) this.transfer = null;
    this.flash.slots[slot] = emptySlot();
    this.persist();
    return ok();
  }
}
