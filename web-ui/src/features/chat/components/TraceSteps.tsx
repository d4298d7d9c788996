// The live trace under an assistant turn: one collapsible step per tool call (tool, arguments, result or error,
// duration, status), with an approval request inline — Approve / Deny for admins, a waiting note for others.
import { useState } from 'react';
import { DecisionButtons } from '../../approvals/components/DecisionButtons';
import { expiryText, sentence } from '../../approvals/format';
import { useNow } from '../../approvals/hooks';
import { durationText, prettyJson, resultSummary } from '../summary';
import type { StepApproval, StepStatus, TraceStep } from '../trace';

const STATUS_LABEL: Record<StepStatus, string> = {
  running: 'Running',
  waiting: 'Waiting for approval',
  ok: 'Done',
  error: 'Failed',
};

export function TraceSteps({ steps, canDecide }: { steps: TraceStep[]; canDecide: boolean }) {
  if (steps.length === 0) return null;
  return (
    <ol className="trace-steps" aria-label="Steps">
      {steps.map((step) => (
        <TraceStepItem key={step.toolCallId} step={step} canDecide={canDecide} />
      ))}
    </ol>
  );
}

export function StatusIcon({ status }: { status: StepStatus }) {
  if (status === 'running') return <span className="spinner" aria-hidden="true" />;
  const glyph = status === 'ok' ? '✓' : status === 'error' ? '✕' : '';
  return (
    <span className={`status-icon status-icon-${status}`} aria-hidden="true">
      {glyph}
    </span>
  );
}

function TraceStepItem({ step, canDecide }: { step: TraceStep; canDecide: boolean }) {
  const [open, setOpen] = useState(false);
  // A request waiting for a decision shows what would run without a click.
  const expanded = open || step.status === 'waiting';
  // A denied or expired request never ran: its outcome line says why, and there is no duration to show.
  const refused = step.approval?.decision === 'denied' || step.approval?.decision === 'expired';
  const summary = refused ? '' : step.status === 'error' ? (step.error ?? '') : resultSummary(step.result);
  const bodyId = `trace-step-${step.toolCallId}`;

  return (
    <li className={`trace-step trace-step-${step.status}`} data-testid="trace-step" data-tool={step.tool} data-status={step.status}>
      <button
        type="button"
        className="trace-step-head"
        aria-expanded={expanded}
        aria-controls={expanded ? bodyId : undefined}
        onClick={() => setOpen((value) => !value)}
      >
        <StatusIcon status={step.status} />
        <span className="trace-step-tool mono" data-testid="trace-step-tool">
          {step.tool}
        </span>
        <span className="trace-step-status" data-testid="trace-step-status">
          {STATUS_LABEL[step.status]}
        </span>
        {step.durationMs !== undefined && !refused && <span className="trace-step-duration">{durationText(step.durationMs)}</span>}
      </button>
      {summary !== '' && (
        <p className={step.status === 'error' ? 'trace-step-summary error' : 'trace-step-summary'} data-testid="trace-step-summary">
          {summary}
        </p>
      )}
      {step.status === 'running' && step.progress !== undefined && (
        <p className="trace-step-progress muted">
          {step.progress.total !== undefined ? `${step.progress.progress} of ${step.progress.total}` : `${step.progress.progress}`}
          {step.progress.message ? ` — ${step.progress.message}` : ''}
        </p>
      )}
      {step.approval !== undefined && <ApprovalBlock approval={step.approval} tool={step.tool} canDecide={canDecide} />}
      {expanded && (
        <div className="trace-step-body" id={bodyId}>
          <details className="trace-json" open={step.status === 'waiting'}>
            <summary>Arguments</summary>
            <pre data-testid="trace-step-arguments">{prettyJson(step.arguments ?? {})}</pre>
          </details>
          {step.result !== undefined && (
            <details className="trace-json">
              <summary>Result</summary>
              <pre data-testid="trace-step-result">{prettyJson(step.result)}</pre>
            </details>
          )}
        </div>
      )}
    </li>
  );
}

function ApprovalBlock({ approval, tool, canDecide }: { approval: StepApproval; tool: string; canDecide: boolean }) {
  if (approval.decision === undefined) {
    return (
      <div className="trace-approval" data-testid="trace-approval">
        <p className="trace-approval-reason">
          Needs approval: {sentence(approval.reason)} <Expiry expiresAt={approval.expiresAt} />
        </p>
        {canDecide ? (
          <DecisionButtons approvalId={approval.approvalId} tool={tool} />
        ) : (
          <p className="approval-waiting" data-testid="approval-waiting">
            Waiting for an admin&rsquo;s approval.
          </p>
        )}
      </div>
    );
  }
  const by = approval.by ? ` by ${approval.by}` : '';
  const text =
    approval.decision === 'approved'
      ? `Approved${by}.`
      : approval.decision === 'denied'
        ? `Denied${by}${approval.decisionReason ? `: ${approval.decisionReason}` : '.'}`
        : 'Nobody approved it in time, so it did not run.';
  return (
    <p className={`trace-approval-outcome decision-${approval.decision}`} data-testid="trace-approval-outcome">
      {text}
    </p>
  );
}

function Expiry({ expiresAt }: { expiresAt: string | undefined }) {
  const now = useNow();
  const text = expiryText(expiresAt, now);
  return text === '' ? null : <span className="muted">({text})</span>;
}
