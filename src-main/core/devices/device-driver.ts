/**
 * What a provisioning run needs from a board, whatever its wire protocol. The Station Link Protocol v1
 * driver (station-link/) is the default profile; a modem's AT command set would be another.
 *
 * Failure contract (every method):
 * - rejects with StationError code `board-error` when the board answers ERR (details.errCode = 400…503,
 *   message = the board's words);
 * - rejects with code `board-timeout` (isTimedOut) after the retransmissions are exhausted;
 * - rejects with code `board-disconnected` (isDisconnected) when the port closes or vanishes;
 * - rejects with code `board-protocol` when an answer does not parse as the protocol says.
 */
export type BoardCapability = 'keygen' | 'inject' | 'userpass';
export type SlotState = 'empty' | 'key' | 'cert' | 'committed';
export type TransferKind = 'cert' | 'chain' | 'trust' | 'key' | 'userpass';

export interface BoardIdentity {
  protocolVersion: number;
  model: string;
  firmware: string;
  /** Immutable hardware identity (MCU unique id, IMEI). */
  serial: string;
  maxLine: number;
  capabilities: BoardCapability[];
  slotCount: 1 | 2;
}

export interface SlotStatus {
  slot: number;
  state: SlotState;
  /** Lowercase hex SHA-256 of the slot's certificate DER, or null. */
  certificateSha256: string | null;
}

export interface BoardStatus {
  activeSlot: number | null;
  slots: SlotStatus[];
}

export interface DeviceDriver {
  /** Opens the session (HELLO). Always the first call. */
  hello(): Promise<BoardIdentity>;
  /** Makes a key pair on-chip; resolves to the 65-byte uncompressed P-256 point. */
  generateKey(slot: number): Promise<Uint8Array>;
  /** Resolves to the DER PKCS#10 the board signed with the slot's key. */
  requestCsr(slot: number, commonName: string): Promise<Uint8Array>;
  /** PUT + DATA chunks + END. */
  transfer(kind: TransferKind, slot: number, data: Uint8Array): Promise<void>;
  /** Resolves to the DER ECDSA signature over SHA-256(nonce). */
  signNonce(slot: number, nonce: Uint8Array): Promise<Uint8Array>;
  /** Resolves to the slot now active. */
  commit(slot: number): Promise<number>;
  status(): Promise<BoardStatus>;
  erase(slot: number): Promise<void>;
  /** Closes the port; safe to call twice. */
  close(): Promise<void>;
}

/** Board log lines (non-frame lines) and protocol diagnostics, for the run's job log. */
export type DeviceLogListener = (line: string) => void;
