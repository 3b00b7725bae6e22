import { useId, useState } from 'react';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { TextField } from '../../shared/text-field';
import { CopyTextButton } from './copy-text-button';

/** Makes a CSR for an offline root to sign; shows the PEM to copy. */
export function CaCsrForm({ onCreated }: { onCreated: () => void }) {
  const [subject, setSubject] = useState('');
  const [csrPem, setCsrPem] = useState<string | null>(null);
  const createCsr = useContractAction('ca-create-csr');
  const pemId = useId();

  async function submit(): Promise<void> {
    const result = await createCsr.run({ subject: subject.trim() || null });
    if (result.ok) {
      setCsrPem(result.value);
      onCreated();
    }
  }

  return (
    <fieldset className="form-block">
      <legend>Line CA signed by an offline root</legend>
      <TextField label="Subject (empty: station default)" value={subject} onChange={setSubject} testId="ca-csr-subject" />
      <button type="button" className="button" data-testid="ca-csr-submit" disabled={createCsr.isBusy} onClick={() => void submit()}>
        Create CSR
      </button>
      <ErrorNotice error={createCsr.error} testId="ca-csr-error" />
      {csrPem && (
        <div className="field">
          <label htmlFor={pemId}>CSR for the offline root (PEM)</label>
          <textarea id={pemId} className="mono" rows={8} readOnly value={csrPem} data-testid="ca-csr-pem" />
          <CopyTextButton text={csrPem} testId="ca-csr-copy" fallbackTargetId={pemId} />
        </div>
      )}
    </fieldset>
  );
}
