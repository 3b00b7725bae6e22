import { useState } from 'react';
import type { CaSummary } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { TextAreaField } from '../../shared/text-area-field';

/** Installs the certificate the offline root signed for the pending CSR. */
export function CaInstallForm({ onSummary }: { onSummary: (summary: CaSummary) => void }) {
  const [certificatePem, setCertificatePem] = useState('');
  const [chainPem, setChainPem] = useState('');
  const install = useContractAction('ca-install-certificate');

  async function submit(): Promise<void> {
    const result = await install.run({ certificatePem, chainPem: chainPem.trim() || null });
    if (result.ok) {
      setCertificatePem('');
      setChainPem('');
      onSummary(result.value);
    }
  }

  return (
    <fieldset className="form-block">
      <legend>Install the signed CA certificate</legend>
      <TextAreaField label="CA certificate (PEM)" value={certificatePem} onChange={setCertificatePem} testId="ca-install-cert" />
      <TextAreaField label="Issuer chain up to the root (PEM, optional)" value={chainPem} onChange={setChainPem} testId="ca-install-chain" />
      <button type="button" className="button" data-testid="ca-install-submit" disabled={install.isBusy} onClick={() => void submit()}>
        Install certificate
      </button>
      <ErrorNotice error={install.error} testId="ca-install-error" />
    </fieldset>
  );
}
