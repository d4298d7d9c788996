// Step 4: "Ready to chat" once every connector works (an unverified key is named, amber), otherwise what is left.
import { Link } from 'react-router-dom';
import { STEP_LABELS } from '../steps';
import type { Onboarding, StepId } from '../types';

export function ReadyStep({ onboarding, onSelect }: {
  onboarding: Onboarding;
  onSelect: (step: StepId) => void;
}) {
  if (onboarding.ready) {
    const unverified = onboarding.steps.filter((step) => step.status === 'unverified');
    return (
      <section className="card ready-panel" data-testid="ready-to-chat" aria-labelledby="ready-heading">
        <h2 id="ready-heading">Ready to chat</h2>
        {unverified.length === 0 ? (
          <p>Flow Pieces, BCGPT and the AI provider all passed their tests. Your workspace is set up.</p>
        ) : (
          <p className="notice" data-testid="ready-unverified">
            Connected, but the key of {unverified.map((step) => STEP_LABELS[step.id]).join(', ')} is not verified:
            set its identity tool (for BCGPT: whoami) and test again.{' '}
            <button type="button" className="button small" onClick={() => onSelect(unverified[0]!.id)}>
              Go to {STEP_LABELS[unverified[0]!.id]}
            </button>
          </p>
        )}
        <Link className="button primary" to="/chat">
          Open Chat
        </Link>
      </section>
    );
  }
  const left = onboarding.steps.filter(
    (step) => step.id !== 'ready' && step.status !== 'passed' && step.status !== 'unverified',
  );
  return (
    <section className="card" data-testid="ready-left" aria-labelledby="ready-heading">
      <h2 id="ready-heading">Almost ready</h2>
      <p>Chat opens once every step has passed its test. Left to do:</p>
      <ul className="left-list">
        {left.map((step) => (
          <li key={step.id} data-testid={`left-${step.id}`}>
            <strong>{STEP_LABELS[step.id]}</strong>
            {': '}
            {step.status === 'failed'
              ? `the last test failed${step.error ? `: ${step.error.message}` : '.'}`
              : 'not set up or not tested yet.'}{' '}
            <button type="button" className="button small" onClick={() => onSelect(step.id)}>
              Go to {STEP_LABELS[step.id]}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
