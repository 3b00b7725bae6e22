import { useState } from 'react';
import type { CaSummary } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { TextAreaField } from '../../shared/text-area-field';

/**
 * Imports an existing CA key and certificate. The key goes to the keychain; the field is cleared
 * whatever the outcome, so the key stays in the page no longer than the call.
 */
export function CaImportForm({ onSummary }: { onSummary: (summary: CaSummary) => void }) {
  const [keyPem, setKeyPem] = useState('');
  const [certificatePem, setCertificatePem] = useState('');
  const [chainPem, setChainPem] = useState('');
  const importCa = useContractAction('ca-import');

  async function submit(): Promise<void> {
    const key = keyPem;
    setKeyPem('');
    const result = await importCa.run({ keyPem: key, certificatePem, chainPem: chainPem.trim() || null });
    if (result.ok) {
      setCertificatePem('');
      setChainPem('');
      onSummary(result.value);
    }
  }

  return (
    <fieldset className="form-block">
      <legend>Import an existing CA (key + certificate)</legend>
      <TextAreaField label="CA private key (PKCS#8 PEM; moved into the keychain)" value={keyPem} onChange={setKeyPem} testId="ca-import-key" />
      <TextAreaField label="CA certificate (PEM)" value={certificatePem} onChange={setCertificatePem} testId="ca-import-cert" />
      <TextAreaField label="Issuer chain (PEM, optional)" value={chainPem} onChange={setChainPem} testId="ca-import-chain" />
      <button type="button" className="button" data-testid="ca-import-submit" disabled={importCa.isBusy} onClick={() => void submit()}>
        Import CA
      </button>
      <ErrorNotice error={importCa.error} testId="ca-import-error" />
    </fieldset>
  );
}
