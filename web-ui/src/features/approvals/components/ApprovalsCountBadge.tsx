// The number of requests waiting for an admin, beside "Approvals" in the navigation; kept live.
import { usePendingApprovalsCount } from '../hooks';
import '../approvals.css';

export function ApprovalsCountBadge() {
  const count = usePendingApprovalsCount();
  if (count === undefined || count === 0) return null;
  const label = count === 1 ? '1 request waits for a decision' : `${count} requests wait for a decision`;
  return (
    <>
      <span className="nav-badge" data-testid="approvals-count" title={label} aria-hidden="true">
        {count}
      </span>
      <span className="visually-hidden">{`, ${label}`}</span>
    </>
  );
}
