import { describe, expect, it } from 'vitest';
import { explainBoardError, KNOWN_BOARD_ERROR_CODES } from '../../../src-main/core/devices/station-link/board-error-codes';
import { boardError } from '../../../src-main/core/devices/station-link/station-link-driver';

describe('board ERR code explanations', () => {
  it('covers every code of the protocol table with its own words', () => {
    expect([...KNOWN_BOARD_ERROR_CODES].sort()).toEqual([400, 404, 409, 413, 422, 500, 503]);
    const summaries = new Set(KNOWN_BOARD_ERROR_CODES.map((code) => explainBoardError(code).summary));
    expect(summaries.size).toBe(7);
    expect(explainBoardError(409).summary).toContain('active key');
    expect(explainBoardError(422).summary).toContain('SHA-256');
    expect(explainBoardError(503).summary).toContain('busy');
    for (const code of KNOWN_BOARD_ERROR_CODES) expect(explainBoardError(code).hint).not.toBe('');
  });

  it('explains an unknown code generically, naming it', () => {
    expect(explainBoardError(418).summary).toContain('418');
  });

  it('builds a board-error StationError with the code, the words and a hint', () => {
    const error = boardError('COMMIT', 409, 'slot has no certificate', '/dev/ttyACM0');
    expect(error.code).toBe('board-error');
    expect(error.details).toEqual({ errCode: 409, command: 'COMMIT', boardMessage: 'slot has no certificate' });
    expect(error.message).toContain('refused COMMIT (error 409)');
    expect(error.message).toContain('"slot has no certificate"');
    expect(error.hint).toBe(explainBoardError(409).hint);
  });
});
