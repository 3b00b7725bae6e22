import { StationError, isStationError } from '../errors';

/** The SQLite result code of a better-sqlite3 error (e.g. `SQLITE_CONSTRAINT_UNIQUE`), or null. */
export function sqliteCode(error: unknown): string | null {
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_')) {
    return error.code;
  }
  return null;
}

/**
 * Turns whatever a SQLite call threw into a StationError an operator can act on. StationErrors pass
 * through unchanged. `action` says what the ledger was doing ("record the credential").
 */
export function toLedgerError(error: unknown, action: string, filePath: string): StationError {
  if (isStationError(error)) return error;
  const code = sqliteCode(error) ?? '';
  const details = { file: filePath, sqliteCode: code || null };
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code.startsWith('SQLITE_LOCKED')) {
    return new StationError('ledger-busy', `Could not ${action}: the ledger is locked by another program.`, {
      hint: 'Close other station windows or CLI commands using this data directory, then retry.',
      cause: error,
      isTimedOut: true,
      details,
    });
  }
  if (code === 'SQLITE_FULL') {
    return new StationError('ledger-disk-full', `Could not ${action}: the disk holding the ledger is full.`, {
      hint: 'Free disk space on the station, then retry.',
      cause: error,
      details,
    });
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StationError('ledger-corrupt', `Could not ${action}: the ledger file is damaged or not a ledger.`, {
      hint: 'Stop provisioning and restore the ledger from the last backup; keep the damaged file for analysis.',
      cause: error,
      details,
    });
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_PERM')) {
    return new StationError('ledger-unavailable', `Could not ${action}: the ledger file cannot be opened for writing.`, {
      hint: 'Check that the data directory exists and that the station user may write to it.',
      cause: error,
      details,
    });
  }
  if (code.startsWith('SQLITE_IOERR')) {
    return new StationError('ledger-io-error', `Could not ${action}: the disk reported an I/O error.`, {
      hint: 'Check the station disk; stop provisioning until the ledger can be written.',
      cause: error,
      details,
    });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new StationError('ledger-constraint', `Could not ${action}: the record contradicts the ledger (${code}).`, {
      hint: 'This is a station bug: report it with the ledger export.',
      cause: error,
      details,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StationError('ledger-failed', `Could not ${action}: ${message}`, {
    hint: 'This is a station bug: report it with the ledger export.',
    cause: error,
    details,
  });
}
