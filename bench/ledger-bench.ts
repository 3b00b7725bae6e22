import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Ledger } from '../src-main/core/ledger/ledger';

/** Reports one measurement: a name, a value, its unit and an optional note (target, sample size). */
export type BenchReport = (name: string, value: number, unit: string, note?: string) => void;

/** LEDGER_BENCH_CREDENTIALS overrides the row count (for a quick run); the targets assume 1,000,000. */
const CREDENTIALS = Number(process.env.LEDGER_BENCH_CREDENTIALS ?? 1_000_000);
const BATCH = 50_000;
const LOOKUPS = 20_000;
/** Distinct random credentials the lookups pick from. */
const SAMPLE_SIZE = 5_000;

/**
 * Fills a fresh ledger (in os.tmpdir(), removed afterwards) with 1,000,000 credentials and their
 * boards, then measures the median lookup by certificate serial number and by thumbprint through the
 * Ledger API (target < 1 ms) and a full CSV export to /dev/null (target < 15 s).
 *
 * NOTE: the fill goes through a raw connection with journal_mode=OFF and synchronous=OFF inside
 * 50,000-row transactions, bypassing the event log: it builds a large table quickly, it does not
 * measure provisioning. The file is reopened with Ledger (WAL, synchronous=FULL) for the measurements.
 */
export async function runLedgerBench(report: BenchReport): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-bench-'));
  const file = path.join(dir, 'ledger.sqlite');
  try {
    Ledger.open(file).close(); // creates the schema

    const fillTimer = startTimer();
    const sample = fill(file);
    const filled = fillTimer();
    report('ledger.fill', filled.wallSeconds, 's', `${CREDENTIALS.toLocaleString('en')} credentials + boards; ${filled.note}`);
    report('ledger.file-size', fs.statSync(file).size / 1024 / 1024, 'MiB');

    const ledger = Ledger.open(file);
    try {
      report(
        'ledger.lookup-by-serial-number.median',
        medianMs(sample.serialNumbers, (serialNumber) => {
          if (ledger.findCredentialBySerialNumber(serialNumber) === null) throw new Error(`missing ${serialNumber}`);
        }),
        'ms',
        `target < 1 ms; ${LOOKUPS.toLocaleString('en')} random lookups`,
      );
      report(
        'ledger.lookup-by-thumbprint.median',
        medianMs(sample.thumbprints, (thumbprint) => {
          if (ledger.findCredentialByThumbprint(thumbprint) === null) throw new Error(`missing ${thumbprint}`);
        }),
        'ms',
        `target < 1 ms; ${LOOKUPS.toLocaleString('en')} random lookups`,
      );

      const devNull = fs.openSync('/dev/null', 'w');
      try {
        const exportTimer = startTimer();
        const rows = ledger.exportCredentials('csv', (chunk) => {
          fs.writeSync(devNull, chunk);
        });
        if (rows !== CREDENTIALS) throw new Error(`exported ${rows} rows, expected ${CREDENTIALS}`);
        const exported = exportTimer();
        report('ledger.export-csv', exported.wallSeconds, 's', `target < 15 s; ${rows.toLocaleString('en')} rows to /dev/null; ${exported.note}`);
      } finally {
        fs.closeSync(devNull);
      }
    } finally {
      ledger.close();
    }
  } finally {
    if (process.env.LEDGER_BENCH_KEEP === undefined) fs.rmSync(dir, { recursive: true, force: true });
    else process.stderr.write(`kept ${file}\n`);
  }
}

interface LookupSample {
  serialNumbers: string[];
  thumbprints: string[];
}

/**
 * Bulk-inserts CREDENTIALS fake credentials and their boards, generated inside SQLite (a JS loop
 * costs several times more per row on a 2-core machine). Values are well-formed but fake: the
 * certificate is a DER-shaped 384-byte blob carrying the serial number and board serial, the
 * thumbprint and public-key hash are random 32-byte values in lowercase hex (not hashes of the blob).
 */
function fill(file: string): LookupSample {
  const db = new Database(file);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF'); // boards are derived from the credentials in one statement at the end
  db.pragma('cache_size = -262144'); // 256 MiB: keeps the random-order thumbprint index in memory
  // Secondary indexes are dropped for the fill and rebuilt from their own SQL afterwards (a sorted
  // build instead of a million random inserts); the UNIQUE thumbprint index stays.
  const indexes = db
    .prepare<[], { name: string; sql: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'credentials' AND sql IS NOT NULL",
    )
    .all();
  for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);

  // 0x30 0x82 <len> SEQUENCE { 0x30 0x82 <len> tbs { [0] version 3, INTEGER(16) serial, ... } }
  const body = 380;
  const head = `3082${body.toString(16).padStart(4, '0')}30820150a003020102` + '0210';
  const filler = (bytes: number) => '5a'.repeat(bytes);
  const insertBatch = db.prepare<{ from: number; to: number; start: number }>(`
    WITH RECURSIVE seq(i) AS (SELECT @from UNION ALL SELECT i + 1 FROM seq WHERE i + 1 < @to),
    fresh AS MATERIALIZED (
      SELECT i,
             printf('SN%010x', i) AS board,
             printf('%02x', abs(random()) % 128) || lower(hex(randomblob(15))) AS serial,
             lower(hex(randomblob(32))) AS key_hash,
             strftime('%Y-%m-%dT%H:%M:%fZ', @start + i, 'unixepoch') AS created
      FROM seq
    )
    INSERT INTO credentials (id, board_serial, certificate_der, thumbprint, serial_number, public_key_hash, subject,
      not_before, not_after, key_origin, slot, run_id, status, created_at, enrollment_status, enrollment_attempts)
    SELECT i + 1, board,
           unhex('${head}' || serial || '${filler(100)}' || hex(board) || '${filler(body - 4 - 5 - 2 - 16 - 100 - 12 - 32)}' || key_hash),
           lower(hex(randomblob(32))), serial, key_hash, 'CN=' || board,
           created, '2036-01-01T00:00:00.000Z', 'on-chip', 0, NULL, 'active', created, 'enrolled', 1
    FROM fresh`);
  const start = Date.parse('2026-01-01T00:00:00.000Z') / 1000;
  for (let from = 0; from < CREDENTIALS; from += BATCH) {
    db.transaction(() => insertBatch.run({ from, to: Math.min(from + BATCH, CREDENTIALS), start }))();
  }
  db.exec(`INSERT INTO boards (serial, model, firmware, first_seen_at, last_seen_at)
           SELECT board_serial, 'nrf9160', '2.1.0', created_at, created_at FROM credentials`);
  for (const index of indexes) db.exec(index.sql);

  const sample: LookupSample = { serialNumbers: [], thumbprints: [] };
  const byId = db.prepare<[number], { serial_number: string; thumbprint: string }>(
    'SELECT serial_number, thumbprint FROM credentials WHERE id = ?',
  );
  for (let i = 0; i < SAMPLE_SIZE; i += 1) {
    const row = byId.get(1 + Math.floor(Math.random() * CREDENTIALS));
    if (row === undefined) throw new Error('the fill left a gap in the ids');
    sample.serialNumbers.push(row.serial_number);
    sample.thumbprints.push(row.thumbprint);
  }
  db.pragma('journal_mode = DELETE');
  db.close();
  return sample;
}

/**
 * Wall time plus this process's CPU time and the load average: on a shared 2-core machine the wall
 * time alone says more about the neighbours than about the ledger.
 */
function startTimer(): () => { wallSeconds: number; note: string } {
  const wallStarted = performance.now();
  const cpuStarted = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStarted);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    const load = os.loadavg()[0] ?? 0;
    return {
      wallSeconds: (performance.now() - wallStarted) / 1000,
      note: `CPU ${cpuSeconds.toFixed(1)} s, load average ${load.toFixed(1)} on ${os.availableParallelism()} cores`,
    };
  };
}

function medianMs(keys: readonly string[], lookup: (key: string) => void): number {
  const timings: number[] = [];
  for (let i = 0; i < LOOKUPS; i += 1) {
    const key = keys[Math.floor(Math.random() * keys.length)];
    if (key === undefined) throw new Error('empty lookup sample');
    const started = process.hrtime.bigint();
    lookup(key);
    timings.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  timings.sort((a, b) => a - b);
  return timings[Math.floor(timings.length / 2)] ?? Number.NaN;
}

if (require.main === module) {
  runLedgerBench((name, value, unit, note) => {
    process.stdout.write(`${name.padEnd(40)} ${value.toFixed(unit === 'ms' ? 4 : 2).padStart(10)} ${unit}${note ? `  (${note})` : ''}\n`);
  }).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
