import { useState } from 'react';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';

/** Re-checks the ledger's hash chain and says, in words, whether it is intact. */
export function LedgerVerifyButton() {
  const verify = useContractAction('ledger-verify');
  const [verdict, setVerdict] = useState<string | null>(null);

  async function run(): Promise<void> {
    setVerdict(null);
    const result = await verify.run({});
    if (!result.ok) return;
    const check = result.value;
    setVerdict(
      check.isIntact
        ? `✓ Ledger intact (${check.checkedRows} events checked).`
        : `✗ Ledger chain broken at event ${check.firstBrokenId ?? '?'}: ${check.reason ?? 'unknown reason'}.`,
    );
  }

  return (
    <>
      <button type="button" className="button" data-testid="ledger-verify" disabled={verify.isBusy} onClick={() => void run()}>
        Verify ledger chain
      </button>
      {verdict && (
        <span className="ledger-verdict" role="status" data-testid="ledger-verdict">
          {verdict}
        </span>
      )}
      <ErrorNotice error={verify.error} testId="ledger-verify-error" />
    </>
  );
}
