import { useState } from 'react';
import type { BoardHistoryView as BoardHistoryData, CredentialSearch } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { BoardHistoryView } from './board-history-view';
import { LedgerExportButtons } from './ledger-export-buttons';
import { LedgerSearchForm } from './ledger-search-form';
import { LedgerTable } from './ledger-table';

/** Find certificates, open a board's full history, export what was found. */
export function LedgerScreen() {
  const [search, setSearch] = useState<CredentialSearch>({ limit: 200 });
  const results = useContractQuery('ledger-search', search);
  const history = useContractAction('ledger-history');
  const [openHistory, setOpenHistory] = useState<BoardHistoryData | null>(null);

  async function open(serial: string): Promise<void> {
    const result = await history.run({ serialOrThumbprint: serial });
    if (result.ok) setOpenHistory(result.value);
  }

  return (
    <section className="screen" data-testid="screen-ledger" aria-label="Ledger">
      <LedgerSearchForm onSearch={(next) => setSearch({ ...next, limit: 200 })} />
      <LedgerExportButtons search={search} />
      <ErrorNotice error={results.error ?? history.error} />
      {results.value && <LedgerTable rows={results.value} onOpen={(serial) => void open(serial)} />}
      {openHistory && <BoardHistoryView history={openHistory} onClose={() => setOpenHistory(null)} />}
    </section>
  );
}
