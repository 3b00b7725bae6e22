import { useContractQuery } from '../../client/use-contract-query';
import { ErrorNotice } from '../../shared/error-notice';
import { RegistrySecretForm } from './registry-secret-form';
import { RegistryTestButton } from './registry-test-button';
import { RegistryForm } from './registry-form';

/** Where boards get enrolled, with a write-only secret and a connection test. */
export function RegistryPanel() {
  const registry = useContractQuery('registry-get', {});
  return (
    <section className="panel" data-testid="panel-registry" aria-label="Device registry">
      <h2>Device registry</h2>
      <ErrorNotice error={registry.error} />
      {registry.value && (
        <>
          <RegistryForm initial={registry.value} onSaved={registry.setValue} />
          <RegistrySecretForm hasSecret={registry.value.hasSecret} onSaved={registry.setValue} />
          <RegistryTestButton />
        </>
      )}
    </section>
  );
}
