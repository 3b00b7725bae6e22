import { useState } from 'react';
import type { CredentialSearch, CredentialStatus } from '../../../src-main/contract/contract-types';
import { TextField } from '../../shared/text-field';

const STATUSES: CredentialStatus[] = ['issued', 'installed', 'active', 'failed', 'revoked', 'superseded'];

/** Serial, thumbprint, date range and status; empty fields are left out of the search. */
export function LedgerSearchForm({ onSearch }: { onSearch: (search: CredentialSearch) => void }) {
  const [serial, setSerial] = useState('');
  const [thumbprint, setThumbprint] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [status, setStatus] = useState<CredentialStatus | ''>('');

  function submit(): void {
    const search: CredentialSearch = {};
    if (serial.trim()) search.serial = serial.trim();
    if (thumbprint.trim()) search.thumbprint = thumbprint.trim().replaceAll(':', '').toLowerCase();
    if (from) search.from = from;
    if (to) search.to = to;
    if (status) search.status = status;
    onSearch(search);
  }

  return (
    <form
      className="search-form"
      data-testid="ledger-search-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <TextField label="Board serial" value={serial} onChange={setSerial} testId="ledger-serial" />
      <TextField label="Thumbprint (SHA-256 hex)" value={thumbprint} onChange={setThumbprint} testId="ledger-thumbprint" />
      <TextField label="From" type="date" value={from} onChange={setFrom} testId="ledger-from" />
      <TextField label="To" type="date" value={to} onChange={setTo} testId="ledger-to" />
      <div className="field">
        <label htmlFor="ledger-status">Status</label>
        <select
          id="ledger-status"
          value={status}
          data-testid="ledger-status"
          onChange={(event) => setStatus(STATUSES.find((entry) => entry === event.target.value) ?? '')}
        >
          <option value="">any</option>
          {STATUSES.map((entry) => (
            <option key={entry} value={entry}>
              {entry}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary" data-testid="ledger-search">
        Search
      </button>
    </form>
  );
}
