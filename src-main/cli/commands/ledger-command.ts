import fs from 'node:fs';
import { Command, Option } from 'commander';
import { dataDirPaths } from '../../core/config/data-dir';
import { StationError } from '../../core/errors';
import { Ledger } from '../../core/ledger/ledger';
import type {
  BoardHistory,
  CredentialRecord,
  CredentialSearch,
  CredentialStatus,
  ExportFormat,
} from '../../core/ledger/ledger-types';

/** What the ledger commands need from the CLI: the data directory and whether to print JSON. */
export interface LedgerCommandContext {
  dataDir: string;
  json: boolean;
}

const CREDENTIAL_STATUSES: readonly CredentialStatus[] = ['issued', 'installed', 'active', 'failed', 'revoked', 'superseded'];

interface ListOptions {
  serial?: string;
  thumbprint?: string;
  status?: string;
  from?: string;
  to?: string;
  limit?: string;
}

interface ExportOptions {
  format: ExportFormat;
  out?: string;
}

/**
 * `station ledger list|show|export|verify`. Output goes to process.stdout; failures are thrown as
 * StationError for the CLI wrapper (exit 1; `usage` → 2). `ledger verify` throws
 * `ledger-chain-broken` (exit 1) after printing its result when the chain is broken.
 * The commands never create a ledger: a missing file is `ledger-missing`.
 */
export function registerLedgerCommands(program: Command, context: () => LedgerCommandContext): void {
  const ledgerCommand = program.command('ledger').description('read, export and verify the station ledger');

  ledgerCommand
    .command('list')
    .description('list credentials, newest first')
    .option('--serial <serial>', 'only this board (hardware serial)')
    .option('--thumbprint <hex>', 'only certificates whose SHA-256 thumbprint starts with this')
    .option('--status <status>', `only this credential status (${CREDENTIAL_STATUSES.join(', ')})`)
    .option('--from <date>', 'created at or after this ISO date/time')
    .option('--to <date>', 'created at or before this ISO date/time (a bare date includes the whole day)')
    .option('--limit <n>', 'at most this many rows', '100')
    .action((_options: unknown, command: Command) => {
      const options = command.opts<ListOptions>();
      const { json } = context();
      const search = toCredentialSearch(options);
      withLedger(context, (ledger) => {
        const credentials = ledger.listCredentials(search);
        if (json) {
          writeJson(credentials.map(toPublicCredential));
        } else if (credentials.length === 0) {
          process.stdout.write('No credentials match.\n');
        } else {
          process.stdout.write(formatCredentialTable(credentials));
        }
      });
    });

  ledgerCommand
    .command('show')
    .description("a board's history: credentials, runs with their steps, events")
    .argument('<serial-or-thumbprint>', 'board hardware serial, or a certificate thumbprint (or its first 8+ hex digits)')
    .action((key: string) => {
      const { json } = context();
      withLedger(context, (ledger) => {
        const history = ledger.boardHistory(resolveBoardSerial(ledger, key));
        if (json) {
          writeJson({ ...history, credentials: history.credentials.map(toPublicCredential) });
        } else {
          process.stdout.write(formatHistory(history));
        }
      });
    });

  ledgerCommand
    .command('export')
    .description('export every credential (certificate as base64 DER) as CSV or JSON')
    .addOption(new Option('--format <format>', 'csv or json').choices(['csv', 'json']).default('csv'))
    .option('--out <file>', 'write to this file instead of stdout')
    .action((_options: unknown, command: Command) => {
      const options = command.opts<ExportOptions>();
      const { json } = context();
      withLedger(context, (ledger) => {
        if (options.out === undefined) {
          ledger.exportCredentials(options.format, (chunk) => process.stdout.write(chunk));
          return;
        }
        const count = exportToFile(ledger, options.format, options.out);
        if (json) writeJson({ exported: count, format: options.format, file: options.out });
        else process.stdout.write(`Exported ${count} credential(s) to ${options.out}\n`);
      });
    });

  ledgerCommand
    .command('verify')
    .description('recompute the event log hash chain (exit 0 intact, 1 broken)')
    .action(() => {
      const { json } = context();
      withLedger(context, (ledger) => {
        const result = ledger.verifyChain();
        if (json) writeJson(result);
        if (result.isIntact) {
          if (!json) process.stdout.write(`Event log intact: ${result.checkedRows} row(s) verified.\n`);
          return;
        }
        if (!json) process.stdout.write(`Event log BROKEN at row ${String(result.firstBrokenId)}.\n`);
        throw new StationError(
          'ledger-chain-broken',
          `The event log is broken at row ${String(result.firstBrokenId)}: ${result.reason ?? 'hash mismatch'}.`,
          {
            hint: 'Stop provisioning, keep the ledger file as evidence and restore it from the last verified backup.',
            details: { firstBrokenId: result.firstBrokenId, checkedRows: result.checkedRows },
          },
        );
      });
    });
}

function withLedger(context: () => LedgerCommandContext, body: (ledger: Ledger) => void): void {
  const file = dataDirPaths(context().dataDir).ledger;
  if (!fs.existsSync(file)) {
    throw new StationError('ledger-missing', `There is no ledger at ${file}.`, {
      hint: 'Check --data-dir (or STATION_DATA_DIR); the ledger is created by the first provisioning run.',
    });
  }
  const ledger = Ledger.open(file);
  try {
    body(ledger);
  } finally {
    ledger.close();
  }
}

function toCredentialSearch(options: ListOptions): CredentialSearch {
  const search: CredentialSearch = { limit: parseLimit(options.limit ?? '100') };
  if (options.serial !== undefined) search.serial = options.serial;
  if (options.thumbprint !== undefined) {
    if (!/^[0-9a-fA-F]{1,64}$/.test(options.thumbprint)) throw usage('--thumbprint takes hex digits');
    search.thumbprint = options.thumbprint.toLowerCase();
  }
  if (options.status !== undefined) {
    const status = CREDENTIAL_STATUSES.find((candidate) => candidate === options.status);
    if (status === undefined) throw usage(`--status must be one of ${CREDENTIAL_STATUSES.join(', ')}`);
    search.status = status;
  }
  if (options.from !== undefined) search.from = options.from;
  if (options.to !== undefined) search.to = options.to;
  return search;
}

function parseLimit(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 1) throw usage('--limit takes a whole number above 0');
  return limit;
}

function usage(message: string): StationError {
  return new StationError('usage', message, { hint: 'See `station ledger --help`.' });
}

/** A serial as given, or the board of the credential whose thumbprint is (or starts with) `key`. */
function resolveBoardSerial(ledger: Ledger, key: string): string {
  if (ledger.getBoard(key) !== null) return key;
  if (/^[0-9a-fA-F]{8,64}$/.test(key)) {
    const matches = ledger.listCredentials({ thumbprint: key.toLowerCase(), limit: 2 });
    const [first] = matches;
    if (matches.length > 1) {
      throw usage(`Several certificates have thumbprints starting with ${key}; give more digits.`);
    }
    if (first !== undefined) return first.boardSerial;
  }
  throw new StationError('ledger-not-found', `The ledger knows no board serial or certificate thumbprint "${key}".`, {
    hint: 'Check the value; `station ledger list` shows what the ledger holds.',
  });
}

function exportToFile(ledger: Ledger, format: ExportFormat, file: string): number {
  const partial = `${file}.partial`;
  let fd: number;
  try {
    fd = fs.openSync(partial, 'w');
  } catch (error) {
    throw new StationError('export-failed', `Cannot write ${file}.`, {
      hint: 'Check that the folder exists and that you may write to it.',
      cause: error,
    });
  }
  try {
    const count = ledger.exportCredentials(format, (chunk) => {
      fs.writeSync(fd, chunk);
    });
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    return count;
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** The credential as the CLI prints it: the certificate as base64 DER instead of bytes. */
function toPublicCredential(credential: CredentialRecord): Omit<CredentialRecord, 'certificateDer'> & { certificateDerBase64: string } {
  const { certificateDer, ...rest } = credential;
  return { ...rest, certificateDerBase64: Buffer.from(certificateDer).toString('base64') };
}

function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function formatCredentialTable(credentials: CredentialRecord[]): string {
  const header = ['ID', 'BOARD', 'SERIAL NUMBER', 'THUMBPRINT', 'STATUS', 'ENROLLMENT', 'CREATED'];
  const rows = credentials.map((credential) => [
    String(credential.id),
    credential.boardSerial,
    credential.serialNumber,
    `${credential.thumbprint.slice(0, 16)}…`,
    credential.status,
    credential.enrollmentStatus,
    credential.createdAt,
  ]);
  return formatTable(header, rows);
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => `${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()}\n`;
  return [line(header), ...rows.map(line)].join('');
}

function formatHistory(history: BoardHistory): string {
  const lines: string[] = [];
  const board = history.board;
  if (board === null) {
    lines.push('Board: (not recorded)');
  } else {
    lines.push(`Board ${board.serial}`);
    lines.push(`  model ${board.model ?? '-'}, firmware ${board.firmware ?? '-'}`);
    lines.push(`  first seen ${board.firstSeenAt}, last seen ${board.lastSeenAt}`);
  }
  lines.push('', `Credentials (${history.credentials.length})`);
  for (const credential of history.credentials) {
    lines.push(
      `  #${credential.id} serial ${credential.serialNumber} thumbprint ${credential.thumbprint}`,
      `      ${credential.subject}; ${credential.status}; enrollment ${credential.enrollmentStatus}` +
        `${credential.enrollmentError === null ? '' : ` (${credential.enrollmentError})`}; valid ${credential.notBefore} – ${credential.notAfter}`,
    );
  }
  lines.push('', `Runs (${history.runs.length})`);
  for (const run of history.runs) {
    const failure = run.status === 'failed' ? ` at ${run.failedStep ?? '?'} [${run.errorCode ?? '?'}] ${run.errorMessage ?? ''}` : '';
    lines.push(`  run ${run.id} on ${run.port} (${run.mode}) ${run.status}${failure.trimEnd()}; started ${run.startedAt}`);
    for (const step of run.steps) {
      lines.push(`      ${step.at} ${step.step} ${step.status}${step.detail === null ? '' : `: ${step.detail}`}`);
    }
  }
  lines.push('', `Events (${history.events.length})`);
  for (const event of history.events) lines.push(`  #${event.id} ${event.at} ${event.type} ${event.data}`);
  return `${lines.join('\n')}\n`;
}
