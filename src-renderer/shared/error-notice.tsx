import type { ContractError } from '../../src-main/contract/contract-result';

/** A station error: what went wrong and what to do, marked with a word and an icon, not only colour. */
export function ErrorNotice({ error, testId = 'error-notice' }: { error: ContractError | null; testId?: string }) {
  if (!error) return null;
  return (
    <div className="notice notice-error" role="alert" data-testid={testId} data-code={error.code}>
      <strong>✗ ERROR:</strong> {error.message}
      {error.hint && <div className="notice-hint">→ {error.hint}</div>}
    </div>
  );
}
