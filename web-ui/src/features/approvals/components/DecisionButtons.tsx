// Approve / Deny for one pending request (admins only); denying asks for the reason, which the requester sees.
import { useId, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/Alert';
import { useAction } from '../../../lib/useAction';
import { approvalsApi } from '../api';
import { notifyApprovalsChanged } from '../hooks';
import '../approvals.css';
import type { Approval } from '../types';

interface DecisionButtonsProps {
  approvalId: string;
  tool: string;
  onDecided?: (approval: Approval) => void;
}

export function DecisionButtons({ approvalId, tool, onDecided }: DecisionButtonsProps) {
  const action = useAction();
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState('');
  const [decided, setDecided] = useState<Approval>();
  const reasonId = useId();

  async function decide(decision: 'approve' | 'deny', why?: string) {
    const approval = await action.run(() => approvalsApi.decide(approvalId, decision, why));
    if (approval === undefined) return;
    setDecided(approval);
    notifyApprovalsChanged();
    onDecided?.(approval);
  }

  if (decided !== undefined) {
    return (
      <p className="approval-decided" role="status" data-testid="approval-decided">
        {decided.status === 'approved' ? 'Approved. The run goes on.' : 'Denied. Nothing was run.'}
      </p>
    );
  }

  const submitDenial = (event: FormEvent) => {
    event.preventDefault();
    const why = reason.trim();
    if (why !== '') void decide('deny', why);
  };

  return (
    <div className="approval-actions">
      <ErrorAlert message={action.error} testId="approval-error" />
      {denying ? (
        <form className="approval-deny-form" aria-label={`Deny ${tool}`} onSubmit={submitDenial}>
          <label htmlFor={reasonId}>Why deny it? The requester sees this.</label>
          <textarea
            id={reasonId}
            rows={2}
            maxLength={500}
            required
            autoFocus
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="button-row">
            <button type="submit" className="button small danger" disabled={action.pending || reason.trim() === ''}>
              Deny request
            </button>
            <button type="button" className="button small" onClick={() => setDenying(false)} disabled={action.pending}>
              Back
            </button>
          </div>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" className="button small primary" onClick={() => void decide('approve')} disabled={action.pending}>
            Approve
          </button>
          <button type="button" className="button small danger-outline" onClick={() => setDenying(true)} disabled={action.pending}>
            Deny
          </button>
        </div>
      )}
    </div>
  );
}
