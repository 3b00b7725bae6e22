import { RUN_STEPS, type PortTile, type RunStep } from '../../../src-main/contract/contract-types';

type StepMark = 'done' | 'current' | 'failed' | 'pending';

const MARK_ICONS: Record<StepMark, string> = { done: '✓', current: '▶', failed: '✗', pending: '○' };

function markFor(tile: PortTile, step: RunStep): StepMark {
  if (tile.completedSteps.includes(step)) return 'done';
  if (tile.state === 'failed' && (tile.error?.step ?? tile.currentStep) === step) return 'failed';
  if (tile.state === 'working' && tile.currentStep === step) return 'current';
  return 'pending';
}

/** The run's steps in order, each marked done / current / failed / pending by icon and word. */
export function StepList({ tile }: { tile: PortTile }) {
  return (
    <ol className="step-list" data-testid="step-list">
      {RUN_STEPS.map((step) => {
        const mark = markFor(tile, step);
        return (
          <li key={step} className={`step step-${mark}`} data-testid={`step-${step}`} data-mark={mark}>
            <span className="step-icon" aria-hidden="true">
              {MARK_ICONS[mark]}
            </span>
            <span className="step-name">{step}</span>
            <span className="visually-hidden"> ({mark})</span>
          </li>
        );
      })}
    </ol>
  );
}
