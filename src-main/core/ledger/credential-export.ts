import { csvRecord } from './csv-codec';
import type { CredentialRecord, ExportFormat } from './ledger-types';

/**
 * Export columns, in order, with the SQL column each comes from and whether its text can need CSV
 * quoting (`text`) or is always safe (`safe`: numbers, validated hex, enums, the ledger's own ISO
 * timestamps). The certificate is always the last column, `certificateDerBase64`: its DER in
 * standard base64.
 */
const EXPORT_COLUMNS = [
  ['id', 'id', 'safe'],
  ['boardSerial', 'board_serial', 'text'],
  ['serialNumber', 'serial_number', 'safe'],
  ['thumbprint', 'thumbprint', 'safe'],
  ['publicKeyHash', 'public_key_hash', 'safe'],
  ['subject', 'subject', 'text'],
  ['notBefore', 'not_before', 'text'],
  ['notAfter', 'not_after', 'text'],
  ['status', 'status', 'safe'],
  ['keyOrigin', 'key_origin', 'safe'],
  ['slot', 'slot', 'safe'],
  ['runId', 'run_id', 'safe'],
  ['createdAt', 'created_at', 'safe'],
  ['enrollmentStatus', 'enrollment_status', 'safe'],
  ['registryDeviceSid', 'registry_device_sid', 'text'],
  ['registryCertificateSid', 'registry_certificate_sid', 'text'],
  ['enrollmentError', 'enrollment_error', 'text'],
  ['enrollmentAttempts', 'enrollment_attempts', 'safe'],
  ['enrolledAt', 'enrolled_at', 'safe'],
] as const satisfies readonly (readonly [string, string, 'safe' | 'text'])[];

export const CREDENTIAL_EXPORT_COLUMNS = [...EXPORT_COLUMNS.map(([name]) => name), 'certificateDerBase64'] as const;

export type CredentialExportColumn = (typeof CREDENTIAL_EXPORT_COLUMNS)[number];
export type CredentialExportRow = Record<CredentialExportColumn, string | number | null>;

/**
 * SQL expression giving one row's text minus the certificate: for CSV every field but the last,
 * RFC 4180-quoted where needed, each followed by a comma; for JSON the object's members up to
 * `"certificateDerBase64":"`. Built in SQLite because at a million rows per-field JS is too slow.
 */
export function exportRowSql(format: ExportFormat): string {
  if (format === 'csv') {
    const fields = EXPORT_COLUMNS.map(([, column, kind]) => (kind === 'text' ? csvQuotedSql(column) : `ifnull(${column}, '')`));
    return `concat_ws(',', ${fields.join(', ')}, '')`;
  }
  const members = EXPORT_COLUMNS.map(([name, column]) => `'${name}', ${column}`).join(', ');
  // Ends in `"certificateDerBase64":""}`; trimming `"` and `}` stops at its colon.
  return `rtrim(json_object(${members}, 'certificateDerBase64', ''), '"}') || '"'`;
}

/** NULL → empty; text holding a comma, quote, CR or LF → quoted with inner quotes doubled. */
function csvQuotedSql(column: string): string {
  return `CASE WHEN ${column} IS NULL THEN '' WHEN ${column} GLOB '*[",' || char(10) || char(13) || ']*' THEN '"' || replace(${column}, '"', '""') || '"' ELSE ${column} END`;
}

/** The same row in JavaScript: what an export line holds for one credential (tests, small callers). */
export function toExportRow(credential: CredentialRecord): CredentialExportRow {
  return {
    id: credential.id,
    boardSerial: credential.boardSerial,
    serialNumber: credential.serialNumber,
    thumbprint: credential.thumbprint,
    publicKeyHash: credential.publicKeyHash,
    subject: credential.subject,
    notBefore: credential.notBefore,
    notAfter: credential.notAfter,
    status: credential.status,
    keyOrigin: credential.keyOrigin,
    slot: credential.slot,
    runId: credential.runId,
    createdAt: credential.createdAt,
    enrollmentStatus: credential.enrollmentStatus,
    registryDeviceSid: credential.registryDeviceSid,
    registryCertificateSid: credential.registryCertificateSid,
    enrollmentError: credential.enrollmentError,
    enrollmentAttempts: credential.enrollmentAttempts,
    enrolledAt: credential.enrolledAt,
    certificateDerBase64: Buffer.from(credential.certificateDer).toString('base64'),
  };
}

/** Chunks handed to `write` are about this big, so a million rows are a few thousand calls. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Streams export rows — [text from exportRowSql, certificate DER] — as CSV (header row, RFC 4180
 * quoting, CRLF) or as a JSON array of CredentialExportRow objects (one per line), handing `write`
 * chunks of about 64 KiB. Returns the number of rows written.
 */
export function writeCredentialExport(
  format: ExportFormat,
  rows: Iterable<readonly [string, Uint8Array]>,
  write: (chunk: string) => void,
): number {
  let buffer = format === 'csv' ? csvRecord(CREDENTIAL_EXPORT_COLUMNS) : '[';
  let count = 0;
  for (const [text, der] of rows) {
    const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64');
    if (format === 'csv') buffer += `${text}${base64}\r\n`;
    else buffer += `${count === 0 ? '' : ','}\n${text}${base64}"}`;
    count += 1;
    if (buffer.length >= CHUNK_CHARS) {
      write(buffer);
      buffer = '';
    }
  }
  if (format === 'json') buffer += '\n]\n';
  if (buffer.length > 0) write(buffer);
  return count;
}
