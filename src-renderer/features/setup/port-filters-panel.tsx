import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { PortFiltersForm } from './port-filters-form';

/** Which serial ports are boards. */
export function PortFiltersPanel() {
  const ports = useContractQuery('ports-get', {});
  return (
    <section className="panel" data-testid="panel-ports" aria-label="Port filters">
      <h2>Port filters</h2>
      <ErrorNotice error={ports.error} />
      {ports.value && <PortFiltersForm initial={ports.value} onSaved={ports.setValue} />}
    </section>
  );
}
