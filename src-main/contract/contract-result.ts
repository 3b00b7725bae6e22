/**
 * What every contract call resolves to. Errors cross the boundary (IPC, WebSocket) as plain
 * `{code, message, hint}` objects, never as Error instances, so both transports carry the same shape.
 */
export interface ContractError {
  /** Stable code a program can switch on (`invalid-input`, `unknown-handler`, `ca-missing`, …). */
  code: string;
  /** What went wrong, in words an operator can act on. Never contains key material or secrets. */
  message: string;
  /** What to do next; may be empty. */
  hint: string;
}

export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };

export function okResult<T>(value: T): ContractResult<T> {
  return { ok: true, value };
}

export function errorResult<T = never>(error: ContractError): ContractResult<T> {
  return { ok: false, error };
}
