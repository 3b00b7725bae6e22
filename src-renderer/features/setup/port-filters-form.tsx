import { useState } from 'react';
import type { PortSettings } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';
import { TextAreaField } from '../../shared/text-area-field';

const toLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The editable fields and their save button (initialised once from the loaded value). */
export function PortFiltersForm({ initial, onSaved }: { initial: PortSettings; onSaved: (settings: PortSettings) => void }) {
  const [usbFilters, setUsbFilters] = useState(initial.usbFilters.join('\n'));
  const [paths, setPaths] = useState(initial.paths.join('\n'));
  const [saved, setSaved] = useState<string | null>(null);
  const save = useContractAction('ports-set');

  async function submit(): Promise<void> {
    setSaved(null);
    const result = await save.run({ ...initial, usbFilters: toLines(usbFilters), paths: toLines(paths) });
    if (result.ok) {
      setSaved('Port filters saved.');
      onSaved(result.value);
    }
  }

  return (
    <>
      <TextAreaField label="USB vendor:product (hex, one per line)" value={usbFilters} onChange={setUsbFilters} testId="ports-usb" placeholder="1915:520f" />
      <TextAreaField label="Paths and globs (one per line)" value={paths} onChange={setPaths} testId="ports-paths" placeholder="/dev/ttyACM*" />
      <button type="button" className="button button-primary" data-testid="ports-save" disabled={save.isBusy} onClick={() => void submit()}>
        Save port filters
      </button>
      <SuccessNotice message={saved} testId="ports-saved" />
      <ErrorNotice error={save.error} testId="ports-error" />
    </>
  );
}
