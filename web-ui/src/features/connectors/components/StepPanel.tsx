// The frame of one connector step: what it is, its form, Save / Test buttons, errors and the last test result.
import type { FormEvent, ReactNode } from 'react';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { storedResult } from '../forms';
import type { SetupWizard } from '../hooks';
import { STEP_LABELS } from '../steps';
import type { ConnectorStepId, StepId } from '../types';
import { TestResultPanel } from './TestResultPanel';

export interface StepProps {
  wizard: SetupWizard;
  /** Moves on to the following step, offered once this one passed. */
  next: { step: StepId; go: () => void } | undefined;
}

export function StepPanel({ step, title, intro, wizard, next, children }: StepProps & {
  step: ConnectorStepId;
  title: string;
  intro: ReactNode;
  children: ReactNode;
}) {
  const result = wizard.results[step] ?? storedResult(step, wizard.settings);
  const headingId = `step-${step}-heading`;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await wizard.save(step, true);
  }

  return (
    <section className="card wizard-step" aria-labelledby={headingId} data-testid={`wizard-panel-${step}`}>
      <h2 id={headingId}>{title}</h2>
      <div className="step-intro">{intro}</div>
      <form className="form step-form" aria-label={`${title} settings`} onSubmit={submit} noValidate>
        <ErrorAlert message={wizard.stepError} testId={`step-error-${step}`} />
        <StatusMessage message={wizard.stepNotice} testId={`step-notice-${step}`} />
        {children}
        <div className="button-row">
          <button type="submit" className="button primary" disabled={wizard.pending}>
            Save and test
          </button>
          <button
            type="button"
            className="button"
            disabled={wizard.pending}
            onClick={() => wizard.save(step, false)}
          >
            Save
          </button>
          <button
            type="button"
            className="button"
            disabled={wizard.pending}
            onClick={() => wizard.test(step)}
          >
            Test
          </button>
          {wizard.pending && (
            <span className="muted pending-note" role="status">
              Working…
            </span>
          )}
        </div>
        <p className="field-hint">Test checks the saved settings; Save and test saves this form first.</p>
      </form>
      <TestResultPanel step={step} result={result} />
      {result?.ok && next && (
        <div className="button-row">
          <button type="button" className="button" onClick={next.go}>
            Continue to {STEP_LABELS[next.step]}
          </button>
        </div>
      )}
    </section>
  );
}
