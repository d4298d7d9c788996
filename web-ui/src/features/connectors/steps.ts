// The wizard's steps in order, with the names people see.
import { STEP_IDS, type StepId, type StepStatus } from './types';

export const STEP_LABELS: Record<StepId, string> = {
  flowPieces: 'Flow Pieces',
  mcp: 'BCGPT (MCP)',
  ai: 'AI provider & model',
  ready: 'Ready',
};

export const STATUS_LABELS: Record<StepStatus, string> = {
  pending: 'Pending',
  passed: 'Passed',
  unverified: 'Key not verified',
  failed: 'Failed',
};

export function isStepId(value: string | null | undefined): value is StepId {
  return STEP_IDS.some((id) => id === value);
}

/** The step after `step`, or undefined after the last one. */
export function nextStep(step: StepId): StepId | undefined {
  return STEP_IDS[STEP_IDS.indexOf(step) + 1];
}
