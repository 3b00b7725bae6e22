import { useState } from 'react';
import type { CaSummary } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { TextField } from '../../shared/text-field';

/** Creates a self-signed line CA (key generated into the keychain). */
export function CaCreateForm({ onSummary }: { onSummary: (summary: CaSummary) => void }) {
  const [subject, setSubject] = useState('');
  const [years, setYears] = useState('10');
  const create = useContractAction('ca-create-self-signed');

  async function submit(): Promise<void> {
    const result = await create.run({ subject: subject.trim() || null, validityYears: Number(years) });
    if (result.ok) onSummary(result.value);
  }

  return (
    <fieldset className="form-block">
      <legend>Create a self-signed line CA</legend>
      <TextField label="Subject (empty: station default)" value={subject} onChange={setSubject} testId="ca-create-subject" placeholder="CN=Line 3 CA,O=Example" />
      <TextField label="Validity (years)" type="number" value={years} onChange={setYears} testId="ca-create-years" />
      <button type="button" className="button button-primary" data-testid="ca-create-submit" disabled={create.isBusy} onClick={() => void submit()}>
        Create CA
      </button>
      <ErrorNotice error={create.error} testId="ca-create-error" />
    </fieldset>
  );
}
