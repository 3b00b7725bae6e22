import { useState } from 'react';
import type { RegistryView } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';
import { TextField } from '../../shared/text-field';

const orNull = (text: string): string | null => (text.trim() === '' ? null : text.trim());

/** The editable fields and their save button (initialised once from the loaded value). */
export function RegistryForm({ initial, onSaved }: { initial: RegistryView; onSaved: (view: RegistryView) => void }) {
  const [url, setUrl] = useState(initial.url ?? '');
  const [fleetSid, setFleetSid] = useState(initial.fleetSid ?? '');
  const [deploymentSid, setDeploymentSid] = useState(initial.deploymentSid ?? '');
  const [apiKeySid, setApiKeySid] = useState(initial.apiKeySid ?? '');
  const [saved, setSaved] = useState<string | null>(null);
  const save = useContractAction('registry-set');

  async function submit(): Promise<void> {
    setSaved(null);
    const result = await save.run({ url: orNull(url), fleetSid: orNull(fleetSid), deploymentSid: orNull(deploymentSid), apiKeySid: orNull(apiKeySid) });
    if (result.ok) {
      setSaved('Registry settings saved.');
      onSaved(result.value);
    }
  }

  return (
    <>
      <TextField label="Registry URL" type="url" value={url} onChange={setUrl} testId="registry-url" placeholder="https://…/DeployedDevices/v1" />
      <TextField label="Fleet SID" value={fleetSid} onChange={setFleetSid} testId="registry-fleet" />
      <TextField label="Deployment SID" value={deploymentSid} onChange={setDeploymentSid} testId="registry-deployment" />
      <TextField label="API key SID" value={apiKeySid} onChange={setApiKeySid} testId="registry-api-key" />
      <button type="button" className="button button-primary" data-testid="registry-save" disabled={save.isBusy} onClick={() => void submit()}>
        Save registry settings
      </button>
      <SuccessNotice message={saved} testId="registry-saved" />
      <ErrorNotice error={save.error} testId="registry-error" />
    </>
  );
}
