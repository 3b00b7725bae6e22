import { useState } from 'react';
import type { RegistryView } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { TextField } from '../../shared/text-field';

/**
 * The registry API secret: write-only. The station never sends it back; the page shows only whether
 * one is stored, and clears the field as soon as it is sent.
 */
export function RegistrySecretForm({ hasSecret, onSaved }: { hasSecret: boolean; onSaved: (view: RegistryView) => void }) {
  const [secret, setSecret] = useState('');
  const save = useContractAction('registry-set-secret');

  async function submit(): Promise<void> {
    const value = secret;
    setSecret('');
    const result = await save.run({ secret: value });
    if (result.ok) onSaved(result.value);
  }

  return (
    <div className="secret-form">
      <p data-testid="registry-secret-state">{hasSecret ? '✓ API secret stored in the keychain' : '✗ No API secret stored'}</p>
      <TextField
        label={hasSecret ? 'Replace API secret' : 'API secret'}
        type="password"
        autoComplete="new-password"
        value={secret}
        onChange={setSecret}
        testId="registry-secret"
      />
      <button type="button" className="button" data-testid="registry-secret-save" disabled={save.isBusy || secret === ''} onClick={() => void submit()}>
        Store secret
      </button>
      <ErrorNotice error={save.error} testId="registry-secret-error" />
    </div>
  );
}
