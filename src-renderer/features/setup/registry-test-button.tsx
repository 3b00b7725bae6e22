import { useState } from 'react';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';

/** Asks the registry for the configured fleet with the stored credentials. */
export function RegistryTestButton() {
  const test = useContractAction('registry-test');
  const [message, setMessage] = useState<string | null>(null);

  async function run(): Promise<void> {
    setMessage(null);
    const result = await test.run({});
    if (result.ok) setMessage(`Connected: fleet ${result.value.fleetSid}${result.value.friendlyName ? ` (${result.value.friendlyName})` : ''}.`);
  }

  return (
    <div>
      <button type="button" className="button" data-testid="registry-test" disabled={test.isBusy} onClick={() => void run()}>
        {test.isBusy ? '↻ Testing…' : 'Test connection'}
      </button>
      <SuccessNotice message={message} testId="registry-test-ok" />
      <ErrorNotice error={test.error} testId="registry-test-error" />
    </div>
  );
}
