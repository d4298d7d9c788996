// The approvals inbox (/approvals): pending requests with Approve / Deny for admins, and what was decided, by whom
// and why. Members see their own requests, without decision buttons.
import { useRef, type KeyboardEvent } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { EmptyState } from '../../../components/EmptyState';
import { Loading } from '../../../components/Loading';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime } from '../../../lib/format';
import { useLoad } from '../../../lib/useLoad';
import { useCurrentUser } from '../../auth/hooks';
import { approvalsApi } from '../api';
import { SHELL_RULE, SHELL_TOOL, sentence, expiryText, whyNoDecision } from '../format';
import { useApprovalChanges, useNow } from '../hooks';
import { canDecideApprovals } from '../permissions';
import type { Approval } from '../types';
import { DecisionButtons } from './DecisionButtons';
import '../approvals.css';

const TABS = [
  { id: 'pending', label: 'Pending' },
  { id: 'decided', label: 'Decided' },
] as const;
type TabId = (typeof TABS)[number]['id'];

export function ApprovalsPage() {
  const user = useCurrentUser();
  const admin = canDecideApprovals(user.role);
  const [params, setParams] = useSearchParams();
  const active: TabId = params.get('tab') === 'decided' ? 'decided' : 'pending';
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});

  const select = (id: TabId) => setParams(id === 'pending' ? {} : { tab: id }, { replace: true });

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next = active === 'pending' ? 'decided' : 'pending';
    select(next);
    tabRefs.current[next]?.focus();
  }

  return (
    <>
      <PageHeader
        title="Approvals"
        description={
          admin
            ? 'Risky actions from chat runs and the shell wait here until an admin approves or denies them. Shell commands are decided by another super admin only.'
            : 'Your requests that wait for an admin, and what was decided.'
        }
      />
      <div className="tabs" role="tablist" aria-label="Approval requests" onKeyDown={onKeyDown}>
        {TABS.map((tab) => (
          <button
            key={tab.id}
            ref={(element) => {
              tabRefs.current[tab.id] = element;
            }}
            type="button"
            role="tab"
            id={`tab-${tab.id}`}
            aria-selected={tab.id === active}
            aria-controls={`panel-${tab.id}`}
            tabIndex={tab.id === active ? 0 : -1}
            className={tab.id === active ? 'tab active' : 'tab'}
            data-testid={`approvals-tab-${tab.id}`}
            onClick={() => select(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${active}`} aria-labelledby={`tab-${active}`}>
        {active === 'pending' ? <PendingList admin={admin} userEmail={user.email} /> : <DecidedList />}
      </div>
    </>
  );
}

function PendingList({ admin, userEmail }: { admin: boolean; userEmail: string }) {
  const pending = useLoad(() => approvalsApi.list('pending'), 'approvals-pending');
  useApprovalChanges(pending.reload, true);
  const now = useNow();

  if (pending.data === undefined) {
    return pending.error ? <p className="field-error">{pending.error}</p> : <Loading label="Loading requests…" />;
  }
  if (pending.data.length === 0) {
    return (
      <EmptyState title="Nothing waits for a decision" testId="approvals-empty">
        <p>
          {admin
            ? 'When a chat run wants to do something risky, such as deleting or publishing a flow or sending a message, it waits here until an admin decides.'
            : 'None of your requests wait for a decision. When something you asked for needs an admin, it shows here.'}
        </p>
      </EmptyState>
    );
  }
  return (
    <ul className="approval-list" aria-label="Pending requests">
      {pending.data.map((approval) => (
        <li key={approval.id} className="card approval-card" data-testid="approval-row" data-tool={approval.tool}>
          <ApprovalSummary approval={approval} />
          <p className="approval-meta muted">
            {approval.requestedBy ? `Requested by ${approval.requestedBy}` : 'Requested'} on{' '}
            {formatDateTime(Date.parse(approval.createdAt), '—')}
            {' · '}
            <span data-testid="approval-expiry">{expiryText(approval.expiresAt, now)}</span>
            {approval.runId && (
              <>
                {' · '}
                <Link to={`/chat/runs/${encodeURIComponent(approval.runId)}`}>Open the run</Link>
              </>
            )}
          </p>
          {admin && approval.canDecide !== false ? (
            <>
              {approval.tool === SHELL_TOOL && (
                <p className="approval-rule" data-testid="approval-rule">
                  {SHELL_RULE}
                </p>
              )}
              <DecisionButtons approvalId={approval.id} tool={approval.tool} />
            </>
          ) : admin ? (
            <p className="approval-waiting" data-testid="approval-rule">
              {whyNoDecision(approval.tool, approval.requestedBy === userEmail)}
            </p>
          ) : (
            <p className="approval-waiting">Waiting for an admin&rsquo;s approval.</p>
          )}
        </li>
      ))}
    </ul>
  );
}

const DECIDED = ['approved', 'denied', 'expired'] as const;

async function loadDecided(): Promise<Approval[]> {
  const lists = await Promise.all(DECIDED.map((status) => approvalsApi.list(status)));
  const time = (a: Approval) => Date.parse(a.decidedAt ?? a.expiresAt ?? a.createdAt) || 0;
  return lists.flat().sort((a, b) => time(b) - time(a));
}

const DECISION_LABEL: Record<string, string> = { approved: 'Approved', denied: 'Denied', expired: 'Expired' };

function DecidedList() {
  const decided = useLoad(loadDecided, 'approvals-decided');
  useApprovalChanges(decided.reload, true);

  if (decided.data === undefined) {
    return decided.error ? <p className="field-error">{decided.error}</p> : <Loading label="Loading decisions…" />;
  }
  if (decided.data.length === 0) {
    return (
      <EmptyState title="No decisions yet" testId="approvals-decided-empty">
        <p>Approved, denied and expired requests are listed here with who decided and why.</p>
      </EmptyState>
    );
  }
  return (
    <ul className="approval-list" aria-label="Decided requests">
      {decided.data.map((approval) => (
        <li key={approval.id} className="card approval-card" data-testid="approval-decided-row" data-tool={approval.tool}>
          <ApprovalSummary approval={approval} />
          <p className="approval-meta">
            <span className={`pill decision-${approval.status}`} data-testid="approval-decision">
              {DECISION_LABEL[approval.status] ?? approval.status}
            </span>{' '}
            {approval.status === 'expired' ? (
              <span className="muted">Nobody decided in time.</span>
            ) : (
              <span data-testid="approval-decider">
                by {approval.decidedBy ?? 'an admin'}
                {approval.decidedAt ? ` on ${formatDateTime(Date.parse(approval.decidedAt), '')}` : ''}
              </span>
            )}
          </p>
          {approval.reason && (
            <p className="approval-reason" data-testid="approval-reason">
              Reason: {approval.reason}
            </p>
          )}
          <p className="approval-meta muted">
            {approval.requestedBy ? `Requested by ${approval.requestedBy}` : 'Requested'} on{' '}
            {formatDateTime(Date.parse(approval.createdAt), '—')}
            {approval.runId && (
              <>
                {' · '}
                <Link to={`/chat/runs/${encodeURIComponent(approval.runId)}`}>Open the run</Link>
              </>
            )}
          </p>
          {approval.result !== undefined && (
            <details className="json-block">
              <summary>Result</summary>
              <pre>{JSON.stringify(approval.result, null, 2)}</pre>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function ApprovalSummary({ approval }: { approval: Approval }) {
  return (
    <>
      <h2 className="approval-tool">
        <span className="mono" data-testid="approval-tool">
          {approval.tool}
        </span>
      </h2>
      <p className="approval-risk">{sentence(approval.riskReason)}</p>
      <details className="json-block" open>
        <summary>Arguments</summary>
        <pre data-testid="approval-arguments">{JSON.stringify(approval.arguments, null, 2)}</pre>
      </details>
    </>
  );
}
