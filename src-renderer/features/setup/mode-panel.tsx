import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { ModeForm } from './mode-form';

/** The saved key mode: on-chip key generation or station-made keys injected into the board. */
export function ModePanel() {
  const mode = useContractQuery('mode-get', {});
  return (
    <section className="panel" data-testid="panel-mode" aria-label="Key mode">
      <h2>Key mode</h2>
      <ErrorNotice error={mode.error} />
      {mode.value && <ModeForm initial={mode.value} onSaved={mode.setValue} />}
    </section>
  );
}
