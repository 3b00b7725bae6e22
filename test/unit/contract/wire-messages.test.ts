import { describe, expect, it } from 'vitest';
import { parseHostMessage, parseInvokeMessage } from '../../../src-main/contract/wire-messages';

describe('parseInvokeMessage', () => {
  it('accepts an invoke frame', () => {
    expect(parseInvokeMessage({ kind: 'invoke', id: 3, name: 'ca-summary', input: {} })).toEqual({
      kind: 'invoke',
      id: 3,
      name: 'ca-summary',
      input: {},
    });
  });

  it('refuses anything else', () => {
    expect(parseInvokeMessage(null)).toBeNull();
    expect(parseInvokeMessage('invoke')).toBeNull();
    expect(parseInvokeMessage({ kind: 'result', id: 1, name: 'x' })).toBeNull();
    expect(parseInvokeMessage({ kind: 'invoke', id: '1', name: 'x' })).toBeNull();
    expect(parseInvokeMessage({ kind: 'invoke', id: 1.5, name: 'x' })).toBeNull();
    expect(parseInvokeMessage({ kind: 'invoke', id: 1, name: 7 })).toBeNull();
  });
});

describe('parseHostMessage', () => {
  it('reads results and events', () => {
    expect(parseHostMessage({ kind: 'result', id: 1, result: { ok: true, value: 5 } })).toEqual({ kind: 'result', id: 1, result: { ok: true, value: 5 } });
    expect(parseHostMessage({ kind: 'event', event: 'tile-changed', payload: { port: 'p' } })).toEqual({
      kind: 'event',
      event: 'tile-changed',
      payload: { port: 'p' },
    });
  });

  it('keeps only code, message and hint of an error', () => {
    const parsed = parseHostMessage({ kind: 'result', id: 2, result: { ok: false, error: { code: 'x', message: 'm', stack: 'secret stack' } } });
    expect(parsed).toEqual({ kind: 'result', id: 2, result: { ok: false, error: { code: 'x', message: 'm', hint: '' } } });
  });

  it('refuses malformed frames', () => {
    expect(parseHostMessage({ kind: 'result', id: 1, result: { ok: 'yes' } })).toBeNull();
    expect(parseHostMessage({ kind: 'result', id: 1 })).toBeNull();
    expect(parseHostMessage({ kind: 'event', event: 5 })).toBeNull();
    expect(parseHostMessage([])).toBeNull();
  });
});
