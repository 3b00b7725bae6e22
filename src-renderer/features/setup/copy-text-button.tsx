import { useState } from 'react';

/** Copies text to the clipboard; says so in words. Falls back to selecting the text for Ctrl+C. */
export function CopyTextButton({ text, testId, fallbackTargetId }: { text: string; testId: string; fallbackTargetId: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'select'>('idle');

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // NOTE: the app denies permission requests, so the clipboard API may refuse; select instead.
      const target = document.getElementById(fallbackTargetId);
      if (target instanceof HTMLTextAreaElement) {
        target.focus();
        target.select();
      }
      setState('select');
    }
  }

  return (
    <button type="button" className="button" data-testid={testId} onClick={() => void copy()}>
      {state === 'copied' ? '✓ Copied' : state === 'select' ? 'Selected: press Ctrl+C' : '⧉ Copy PEM'}
    </button>
  );
}
