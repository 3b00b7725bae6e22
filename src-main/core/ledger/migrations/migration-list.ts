import { initialMigration } from './0010-initial';
import { lookupIndexesMigration } from './0020-lookup-indexes';
import type { Migration } from './migration';

/** Every migration, in ascending version order. Append new files here; never edit a shipped one. */
export const ledgerMigrations: readonly Migration[] = [initialMigration, lookupIndexesMigration];
