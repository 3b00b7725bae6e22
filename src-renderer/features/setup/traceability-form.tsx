import { useState } from 'react';
import { useContractAction } from '../../client/use-contract-action';
import { ErrorNotice } from '../../shared/error-notice';
import { SuccessNotice } from '../../shared/success-notice';
import { TextField } from '../../shared/text-field';

/** The editable fields and their save button (initialised once from the loaded value). */
export function TraceabilityForm({ operator: initialOperator, workOrder: initialWorkOrder }: { operator: string; workOrder: string }) {
  const [operator, setOperator] = useState(initialOperator);
  const [workOrder, setWorkOrder] = useState(initialWorkOrder);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useContractAction('station-set-traceability');

  async function submit(): Promise<void> {
    setSaved(null);
    const result = await save.run({ operator: operator.trim() || null, workOrder: workOrder.trim() || null });
    if (result.ok) setSaved('Operator and work order set for the next runs.');
  }

  return (
    <>
      <TextField label="Operator" value={operator} onChange={setOperator} testId="trace-operator" />
      <TextField label="Work order" value={workOrder} onChange={setWorkOrder} testId="trace-work-order" />
      <button type="button" className="button button-primary" data-testid="trace-save" disabled={save.isBusy} onClick={() => void submit()}>
        Set operator and work order
      </button>
      <SuccessNotice message={saved} testId="trace-saved" />
      <ErrorNotice error={save.error} testId="trace-error" />
    </>
  );
}
