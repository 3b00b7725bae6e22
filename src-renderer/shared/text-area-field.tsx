import { useId } from 'react';

interface TextAreaFieldProps {
  label: string;
  value: string;
  onChange?: (value: string) => void;
  testId: string;
  rows?: number;
  placeholder?: string;
  isReadOnly?: boolean;
}

/** A labelled multi-line field (PEM blocks, one-per-line lists). */
export function TextAreaField({ label, value, onChange, testId, rows = 4, placeholder, isReadOnly = false }: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={value}
        placeholder={placeholder}
        readOnly={isReadOnly}
        spellCheck={false}
        data-testid={testId}
        onChange={(event) => onChange?.(event.target.value)}
      />
    </div>
  );
}
