import type { TileState } from '../../../src-main/contract/contract-types';

/** Words and icons for each tile state, so state never depends on colour alone. */
export const TILE_STATUS_LABELS: Record<TileState, string> = {
  idle: '◌ READY',
  working: '↻ WORKING',
  succeeded: '✓ DONE',
  failed: '✗ FAILED',
  detached: '⊘ UNPLUGGED',
};
