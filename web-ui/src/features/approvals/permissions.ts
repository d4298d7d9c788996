// Who decides approval requests: workspace and super admins, as the server's rule (docs/approvals.md).
import type { Role } from '../auth/types';

export function canDecideApprovals(role: Role | undefined | null): boolean {
  return role === 'super_admin' || role === 'workspace_admin';
}
