import type { CredentialSearch } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { downloadText } from '../../shared/download-text';
import { ErrorNotice } from '../../shared/error-notice';
import { LedgerVerifyButton } from './ledger-verify-button';

/** Downloads the current search as CSV or JSON; verifies the chain. */
export function LedgerExportButtons({ search }: { search: CredentialSearch }) {
  const exportLedger = useContractAction('ledger-export');

  async function download(format: 'csv' | 'json'): Promise<void> {
    const result = await exportLedger.run({ format, search });
    if (!result.ok) return;
    const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '-');
    downloadText(`ledger-${stamp}.${format}`, result.value, format === 'csv' ? 'text/csv' : 'application/json');
  }

  return (
    <div className="button-row">
      <button type="button" className="button" data-testid="ledger-export-csv" disabled={exportLedger.isBusy} onClick={() => void download('csv')}>
        ↓ Export CSV
      </button>
      <button type="button" className="button" data-testid="ledger-export-json" disabled={exportLedger.isBusy} onClick={() => void download('json')}>
        ↓ Export JSON
      </button>
      <ErrorNotice error={exportLedger.error} testId="ledger-export-error" />
      <LedgerVerifyButton />
    </div>
  );
}
