import type { CredentialView } from '../../../src-main/contract/contract-types';
import { formatTimestamp } from '../../shared/format-time';

/** Search results; a row opens that board's history. */
export function LedgerTable({ rows, onOpen }: { rows: CredentialView[]; onOpen: (serial: string) => void }) {
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="ledger-empty">
        No certificates match.
      </p>
    );
  }
  return (
    <table className="table" data-testid="ledger-table">
      <thead>
        <tr>
          <th>Board serial</th>
          <th>Issued</th>
          <th>Status</th>
          <th>Registry</th>
          <th>Thumbprint</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.id}
            className="table-row-link"
            tabIndex={0}
            data-testid="ledger-row"
            data-serial={row.boardSerial}
            onClick={() => onOpen(row.boardSerial)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') onOpen(row.boardSerial);
            }}
          >
            <td>{row.boardSerial}</td>
            <td>{formatTimestamp(row.createdAt)}</td>
            <td>{row.status}</td>
            <td>{row.enrollmentStatus}</td>
            <td className="mono" title={row.thumbprint}>
              {row.thumbprint.slice(0, 16)}…
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
