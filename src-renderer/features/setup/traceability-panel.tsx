import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { TraceabilityForm } from './traceability-form';

/** Who is at the station and for which work order (recorded with every run). */
export function TraceabilityPanel() {
  const overview = useContractQuery('station-overview', {});
  return (
    <section className="panel" data-testid="panel-traceability" aria-label="Operator and work order">
      <h2>Operator and work order</h2>
      <ErrorNotice error={overview.error} />
      {overview.value && <TraceabilityForm operator={overview.value.operator ?? ''} workOrder={overview.value.workOrder ?? ''} />}
    </section>
  );
}
