import { useId } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  type?: 'text' | 'password' | 'number' | 'date' | 'url';
  placeholder?: string;
  autoComplete?: string;
}

/** A labelled input (the label is always visible: gloves, distance, glare). */
export function TextField({ label, value, onChange, testId, type = 'text', placeholder, autoComplete = 'off' }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type={type}
        value={value}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}
