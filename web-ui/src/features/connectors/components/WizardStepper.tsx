// The row of steps above the wizard: each step's status, the progress count, and a way to jump to any step.
import { STATUS_LABELS, STEP_LABELS } from '../steps';
import { STEP_IDS, type Onboarding, type StepId, type StepStatus } from '../types';

const MARKS: Record<StepStatus, string> = { pending: '', passed: '✓', unverified: '?', failed: '!' };

export function statusOf(onboarding: Onboarding, step: StepId): StepStatus {
  return onboarding.steps.find((candidate) => candidate.id === step)?.status ?? 'pending';
}

export function WizardStepper({ onboarding, active, onSelect }: {
  onboarding: Onboarding;
  active: StepId;
  onSelect: (step: StepId) => void;
}) {
  return (
    <nav className="stepper card" aria-label="Setup steps">
      <p className="stepper-progress" data-testid="wizard-progress">
        {onboarding.completed}/{onboarding.total} complete
      </p>
      <ol className="stepper-list">
        {STEP_IDS.map((id, index) => {
          const status = statusOf(onboarding, id);
          return (
            <li key={id}>
              <button
                type="button"
                className={`stepper-step status-${status}${id === active ? ' active' : ''}`}
                aria-current={id === active ? 'step' : undefined}
                data-testid={`wizard-step-${id}`}
                data-status={status}
                onClick={() => onSelect(id)}
              >
                <span className="stepper-mark" aria-hidden="true">
                  {MARKS[status] || index + 1}
                </span>
                <span className="stepper-text">
                  <span className="stepper-title">
                    <span className="visually-hidden">Step {index + 1}: </span>
                    {STEP_LABELS[id]}
                  </span>
                  <span className="stepper-status">{STATUS_LABELS[status]}</span>
                </span>
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
