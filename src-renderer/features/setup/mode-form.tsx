import { useId, useState } from 'react';
import type { ProvisionMode } from '../../../src-main/contract/contract-types';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';
import { ModeChoice } from './mode-choice';

const MODE_WORDS: Record<ProvisionMode, { icon: string; label: string; saved: string }> = {
  keygen: { icon: '▣', label: 'Board makes its own key (on-chip, recommended)', saved: 'Boards make their own keys' },
  inject: { icon: '⇩', label: 'Station makes the key and injects it', saved: 'The station makes and injects the keys' },
};

/** The key-mode radio choice and its save button (initialised once from the loaded value). */
export function ModeForm({ initial, onSaved }: { initial: ProvisionMode; onSaved: (mode: ProvisionMode) => void }) {
  const [mode, setMode] = useState<ProvisionMode>(initial);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useContractAction('mode-set');
  const name = useId();

  async function submit(): Promise<void> {
    setSaved(null);
    const result = await save.run({ mode });
    if (result.ok) {
      setSaved(`Key mode saved: ${MODE_WORDS[result.value].saved} from the next run on.`);
      onSaved(result.value);
    }
  }

  return (
    <>
      <fieldset className="form-block" data-testid="mode-choices">
        <legend>How each board gets its key</legend>
        {(['keygen', 'inject'] as const).map((choice) => (
          <ModeChoice
            key={choice}
            mode={choice}
            name={name}
            icon={MODE_WORDS[choice].icon}
            label={MODE_WORDS[choice].label}
            isSelected={mode === choice}
            onSelect={setMode}
          />
        ))}
      </fieldset>
      <p data-testid="mode-fallback">
        <strong>Note:</strong> a board that cannot do the chosen mode falls back to the other one for that board.
      </p>
      <button type="button" className="button button-primary" data-testid="mode-save" disabled={save.isBusy} onClick={() => void submit()}>
        Save key mode
      </button>
      <SuccessNotice message={saved} testId="mode-saved" />
      <ErrorNotice error={save.error} testId="mode-error" />
    </>
  );
}
