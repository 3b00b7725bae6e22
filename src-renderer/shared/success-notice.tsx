/** A short confirmation, with a ✓ so it does not rely on colour. */
export function SuccessNotice({ message, testId = 'success-notice' }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <div className="notice notice-success" role="status" data-testid={testId}>
      <strong>✓</strong> {message}
    </div>
  );
}
