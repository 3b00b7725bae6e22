import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { CaCreateForm } from './ca-create-form';
import { CaCsrForm } from './ca-csr-form';
import { CaImportForm } from './ca-import-form';
import { CaInstallForm } from './ca-install-form';
import { CaSummaryView } from './ca-summary-view';

/** The line CA: its state, and the four ways to set it up. */
export function CaPanel() {
  const summary = useContractQuery('ca-summary', {});
  return (
    <section className="panel" data-testid="panel-ca" aria-label="Line CA">
      <h2>Line CA</h2>
      <ErrorNotice error={summary.error} />
      {summary.value && <CaSummaryView summary={summary.value} />}
      <div className="form-grid">
        <CaCreateForm onSummary={summary.setValue} />
        <CaCsrForm onCreated={summary.reload} />
        {summary.value?.hasPendingCsr && <CaInstallForm onSummary={summary.setValue} />}
        <CaImportForm onSummary={summary.setValue} />
      </div>
    </section>
  );
}
