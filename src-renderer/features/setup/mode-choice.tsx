import type { ProvisionMode } from '../../../src-main/contract/contract-types';

interface ModeChoiceProps {
  mode: ProvisionMode;
  name: string;
  icon: string;
  label: string;
  isSelected: boolean;
  onSelect: (mode: ProvisionMode) => void;
}

/** One key-mode radio option: a native radio (its dot shows the choice) plus an icon and words. */
export function ModeChoice({ mode, name, icon, label, isSelected, onSelect }: ModeChoiceProps) {
  return (
    <label className="mode-choice" data-testid={`mode-choice-${mode}`} data-selected={isSelected}>
      <input type="radio" name={name} value={mode} checked={isSelected} data-testid={`mode-${mode}`} onChange={() => onSelect(mode)} />{' '}
      <span aria-hidden="true">{icon}</span> {label}
    </label>
  );
}
