import { describe, expect, it } from 'vitest';
import { StationError } from '../../../src-main/core/errors';
import { sqliteCode, toLedgerError } from '../../../src-main/core/ledger/sqlite-error-codec';

function sqliteError(code: string): Error {
  return Object.assign(new Error(`sqlite says ${code}`), { code });
}

describe('toLedgerError', () => {
  it.each([
    ['SQLITE_BUSY', 'ledger-busy'],
    ['SQLITE_BUSY_SNAPSHOT', 'ledger-busy'],
    ['SQLITE_FULL', 'ledger-disk-full'],
    ['SQLITE_NOTADB', 'ledger-corrupt'],
    ['SQLITE_CORRUPT', 'ledger-corrupt'],
    ['SQLITE_READONLY', 'ledger-unavailable'],
    ['SQLITE_CANTOPEN', 'ledger-unavailable'],
    ['SQLITE_IOERR_FSYNC', 'ledger-io-error'],
    ['SQLITE_CONSTRAINT_FOREIGNKEY', 'ledger-constraint'],
    ['SQLITE_MISUSE', 'ledger-failed'],
  ])('maps %s to %s with the file, the action and a hint', (code, expected) => {
    const error = toLedgerError(sqliteError(code), 'record the board', '/data/ledger.sqlite');
    expect(error.code).toBe(expected);
    expect(error.message).toMatch(/^Could not record the board/);
    expect(error.hint).not.toBe('');
    expect(error.details).toMatchObject({ file: '/data/ledger.sqlite', sqliteCode: code });
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('passes StationErrors through and wraps anything else', () => {
    const original = new StationError('ledger-not-found', 'none');
    expect(toLedgerError(original, 'x', 'f')).toBe(original);
    expect(toLedgerError('boom', 'read', 'f')).toMatchObject({ code: 'ledger-failed', message: 'Could not read: boom' });
    expect(sqliteCode(new Error('plain'))).toBeNull();
  });
});
