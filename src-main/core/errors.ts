/**
 * Structured errors for everything the station does (after step-ca's errs and serialport's
 * DisconnectedError): a stable `code` a program can switch on, a `message` an operator can act on,
 * a `hint` saying what to do next, the `cause`, and flags that drive retries.
 *
 * NOTE: messages must never contain key material or secrets; callers pass only public facts.
 */
export interface StationErrorOptions {
  hint?: string;
  cause?: unknown;
  /** The device went away (unplugged, port closed under us). */
  isDisconnected?: boolean;
  /** A request got no answer within its timeout (after retransmissions). */
  isTimedOut?: boolean;
  /** Extra public facts for logs and the UI (never secrets). */
  details?: Record<string, string | number | boolean | null>;
}

export class StationError extends Error {
  readonly code: string;
  readonly hint: string;
  readonly isDisconnected: boolean;
  readonly isTimedOut: boolean;
  readonly details: Record<string, string | number | boolean | null>;

  constructor(code: string, message: string, options: StationErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StationError';
    this.code = code;
    this.hint = options.hint ?? '';
    this.isDisconnected = options.isDisconnected ?? false;
    this.isTimedOut = options.isTimedOut ?? false;
    this.details = options.details ?? {};
  }
}

/** The shape an error takes when it crosses a boundary (IPC, WebSocket, --json output). */
export interface ErrorShape {
  code: string;
  message: string;
  hint: string;
}

export function isStationError(error: unknown): error is StationError {
  return error instanceof StationError;
}

/** Turns anything thrown into the boundary shape; unknown errors keep only their message. */
export function toErrorShape(error: unknown): ErrorShape {
  if (error instanceof StationError) {
    return { code: error.code, message: error.message, hint: error.hint };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message, hint: 'This is a station bug: report it with the ledger export.' };
}
