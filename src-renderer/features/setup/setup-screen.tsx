import { CaPanel } from './ca-panel';
import { ModePanel } from './mode-panel';
import { PortFiltersPanel } from './port-filters-panel';
import { ProfilePanel } from './profile-panel';
import { RegistryPanel } from './registry-panel';
import { TraceabilityPanel } from './traceability-panel';

/** Everything a station needs before the first board. */
export function SetupScreen() {
  return (
    <section className="screen setup" data-testid="screen-setup" aria-label="Setup">
      <CaPanel />
      <ModePanel />
      <ProfilePanel />
      <RegistryPanel />
      <PortFiltersPanel />
      <TraceabilityPanel />
    </section>
  );
}
