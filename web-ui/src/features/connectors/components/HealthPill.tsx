// A small coloured label for a connector's or step's state.
import type { ResultState } from '../types';

export type Health = 'passed' | 'unverified' | 'failed' | 'pending' | 'untested' | 'unconfigured';

const LABELS: Record<Health, string> = {
  passed: 'Passed',
  unverified: 'Connected, key not verified',
  failed: 'Failed',
  pending: 'Pending',
  untested: 'Not tested',
  unconfigured: 'Not set up',
};

const CLASSES: Record<Health, string> = {
  passed: 'pill outcome-success',
  unverified: 'pill outcome-warning',
  failed: 'pill outcome-failure',
  pending: 'pill',
  untested: 'pill',
  unconfigured: 'pill',
};

export function HealthPill({ health, testId }: { health: Health; testId?: string }) {
  return (
    <span className={CLASSES[health]} data-testid={testId}>
      {LABELS[health]}
    </span>
  );
}

/** The state of a stored connector from its last test: none → not tested. */
export function healthOf(lastTest: { ok: boolean; status?: ResultState } | undefined | null): Health {
  if (lastTest === undefined || lastTest === null) return 'untested';
  return lastTest.status ?? (lastTest.ok ? 'passed' : 'failed');
}
