import type { ContractResult } from './contract-result';

/**
 * Messages on the host's WebSocket (/contract), JSON text frames.
 * client → host: `invoke`; host → client: `result` (same id) and `event`.
 */
export interface InvokeMessage {
  kind: 'invoke';
  id: number;
  name: string;
  input: unknown;
}

export interface ResultMessage {
  kind: 'result';
  id: number;
  result: ContractResult<unknown>;
}

export interface EventMessage {
  kind: 'event';
  event: string;
  payload: unknown;
}

export type HostMessage = ResultMessage | EventMessage;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Narrows a parsed frame from a client; null when it is not an invoke message. */
export function parseInvokeMessage(value: unknown): InvokeMessage | null {
  if (!isRecord(value) || value.kind !== 'invoke') return null;
  if (typeof value.id !== 'number' || !Number.isSafeInteger(value.id) || typeof value.name !== 'string') return null;
  return { kind: 'invoke', id: value.id, name: value.name, input: value.input };
}

/** Narrows a parsed frame from the host; null when it is neither a result nor an event. */
export function parseHostMessage(value: unknown): HostMessage | null {
  if (!isRecord(value)) return null;
  if (value.kind === 'result' && typeof value.id === 'number' && isRecord(value.result)) {
    const result = value.result;
    if (result.ok === true) return { kind: 'result', id: value.id, result: { ok: true, value: result.value } };
    if (result.ok === false && isRecord(result.error)) {
      const error = result.error;
      return {
        kind: 'result',
        id: value.id,
        result: {
          ok: false,
          error: {
            code: String(error.code),
            message: String(error.message),
            hint: typeof error.hint === 'string' ? error.hint : '',
          },
        },
      };
    }
    return null;
  }
  if (value.kind === 'event' && typeof value.event === 'string') {
    return { kind: 'event', event: value.event, payload: value.payload };
  }
  return null;
}
