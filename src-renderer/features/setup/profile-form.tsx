import { useState } from 'react';
import type { CertificateProfile } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';
import { TextField } from '../../shared/text-field';

/** The editable fields and their save button (initialised once from the loaded value). */
export function ProfileForm({ initial, onSaved }: { initial: CertificateProfile; onSaved: (profile: CertificateProfile) => void }) {
  const [subjectTemplate, setSubjectTemplate] = useState(initial.subjectTemplate);
  const [validityDays, setValidityDays] = useState(String(initial.validityDays));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useContractAction('profile-set');

  async function submit(): Promise<void> {
    setSaved(null);
    const result = await save.run({ ...initial, subjectTemplate, validityDays: Number(validityDays) });
    if (result.ok) {
      setSaved('Profile saved.');
      onSaved(result.value);
    }
  }

  return (
    <>
      <TextField label="Subject template ({serial} = board serial)" value={subjectTemplate} onChange={setSubjectTemplate} testId="profile-subject" />
      <TextField label="Validity (days)" type="number" value={validityDays} onChange={setValidityDays} testId="profile-validity" />
      <button type="button" className="button button-primary" data-testid="profile-save" disabled={save.isBusy} onClick={() => void submit()}>
        Save profile
      </button>
      <SuccessNotice message={saved} testId="profile-saved" />
      <ErrorNotice error={save.error} testId="profile-error" />
    </>
  );
}
