import type { Migration } from './migration';

/**
 * Indexes for the lookups the station makes on every board (certificate serial number, public-key
 * hash; thumbprint already has its UNIQUE index) and for the history and dashboard queries.
 * NOTE: public_key_hash is deliberately not unique: the CA layer decides whether a key may be
 * certified again (re-issue to the same board) and reads `findCredentialsByPublicKeyHash`.
 */
export const lookupIndexesMigration = {
  version: 20,
  name: 'lookup-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX credentials_by_serial_number ON credentials(serial_number);
      CREATE INDEX credentials_by_public_key_hash ON credentials(public_key_hash);
      CREATE INDEX credentials_by_board ON credentials(board_serial, id);
      CREATE INDEX credentials_by_created_at ON credentials(created_at);
      CREATE INDEX credentials_by_enrollment ON credentials(enrollment_status, created_at);
      CREATE INDEX runs_by_board ON runs(board_serial, id);
      CREATE INDEX runs_by_status ON runs(status, id);
      CREATE INDEX runs_by_finished_at ON runs(finished_at) WHERE finished_at IS NOT NULL;
      CREATE INDEX run_steps_by_run ON run_steps(run_id, id);
      CREATE INDEX events_by_board ON events(board_serial, id) WHERE board_serial IS NOT NULL;
    `);
  },
} satisfies Migration;
