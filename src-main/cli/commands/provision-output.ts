import type { PortTile } from '../../core/station/station-core-api';

/**
 * Prints a tile as one line each time what the line says changes (a tile is updated more often than
 * its line changes), and keeps each port's final tile for the summary.
 */
export class TileLinePrinter {
  private readonly lastLine = new Map<string, string>();
  readonly finalTiles = new Map<string, PortTile>();

  constructor(private readonly write: ((line: string) => void) | null) {}

  readonly onTileChanged = (tile: PortTile): void => {
    if (tile.state === 'succeeded' || tile.state === 'failed') this.finalTiles.set(tile.port, tile);
    const line = formatTileLine(tile);
    if (this.lastLine.get(tile.port) === line) return;
    this.lastLine.set(tile.port, line);
    this.write?.(line);
  };
}

/** One summary row per board, for the table the provision command and the demo print. */
export interface SummaryRow {
  port: string;
  serial: string;
  mode: string;
  result: 'provisioned' | 'failed';
  thumbprint: string;
  registryDeviceSid: string;
  enrollment: string;
  seconds: string;
  problem: string;
}

/** A tile as one line: time, port, serial, and the step it is at or how it ended. */
export function formatTileLine(tile: PortTile): string {
  const serial = tile.boardSerial ?? '(identifying)';
  let what: string;
  switch (tile.state) {
    case 'working':
      what = `step ${tile.currentStep ?? '?'}…`;
      break;
    case 'succeeded':
      what = `✓ DONE  thumbprint ${shortThumbprint(tile.thumbprint)}  enrollment ${tile.enrollment ?? '-'}`;
      break;
    case 'failed':
      what = `✗ FAILED at ${tile.error?.step ?? '?'}: ${tile.error?.message ?? ''}${tile.error?.hint ? ` — ${tile.error.hint}` : ''}`;
      break;
    default:
      what = tile.state;
  }
  return `${tile.port}  ${serial}  ${what}`;
}

export function summaryRowFromTile(tile: PortTile): SummaryRow {
  const seconds =
    tile.startedAt && tile.finishedAt ? ((Date.parse(tile.finishedAt) - Date.parse(tile.startedAt)) / 1000).toFixed(2) : '-';
  return {
    port: tile.port,
    serial: tile.boardSerial ?? '-',
    mode: tile.mode ?? '-',
    result: tile.state === 'succeeded' ? 'provisioned' : 'failed',
    thumbprint: tile.thumbprint ?? '-',
    registryDeviceSid: tile.registryDeviceSid ?? '-',
    enrollment: tile.enrollment ?? '-',
    seconds,
    problem: tile.error ? `${tile.error.code}: ${tile.error.message}` : '',
  };
}

/** A plain-text table with aligned columns. */
export function formatSummaryTable(rows: SummaryRow[]): string {
  const header = ['serial', 'mode', 'result', 'thumbprint (SHA-256)', 'registry device', 'enrollment', 'seconds'];
  const body = rows.map((row) => [
    row.serial,
    row.mode,
    row.result === 'provisioned' ? '✓ provisioned' : '✗ failed',
    row.thumbprint,
    row.registryDeviceSid,
    row.enrollment,
    row.seconds,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...body.map((cells) => (cells[column] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  const lines = [format(header), widths.map((width) => '-'.repeat(width)).join('  '), ...body.map(format)];
  const failures = rows.filter((row) => row.problem !== '');
  for (const row of failures) lines.push(`  ${row.serial} on ${row.port}: ${row.problem}`);
  const done = rows.filter((row) => row.result === 'provisioned').length;
  lines.push(`${done} provisioned, ${rows.length - done} failed`);
  return lines.join('\n');
}

function shortThumbprint(thumbprint: string | null): string {
  return thumbprint ? `${thumbprint.slice(0, 16)}…` : '-';
}
