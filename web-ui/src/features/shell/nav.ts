// Which sections appear in the left navigation for a role; sections a role may not use are left out.
import { canDecideApprovals } from '../approvals/permissions';
import { can } from '../auth/permissions';
import type { Role } from '../auth/types';

export interface NavItem {
  to: string;
  label: string;
  testId: string;
  /** A live count shown beside the label. */
  badge?: 'approvals';
}

const EVERYONE: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', testId: 'nav-dashboard' },
  { to: '/flows', label: 'Flow Studio', testId: 'nav-flows' },
  { to: '/chat', label: 'Chat', testId: 'nav-chat' },
  { to: '/runs', label: 'Runs', testId: 'nav-runs' },
  { to: '/integrations', label: 'Integrations', testId: 'nav-integrations' },
];

// Admins decide requests (with the count of those waiting); members follow their own.
const APPROVALS: NavItem = { to: '/approvals', label: 'Approvals', testId: 'nav-approvals' };
const MEMBERS: NavItem = { to: '/members', label: 'Members', testId: 'nav-members' };
const ADMIN: NavItem = { to: '/admin', label: 'Admin', testId: 'nav-admin' };

export function navItemsFor(role: Role): NavItem[] {
  const items = [...EVERYONE];
  if (canDecideApprovals(role)) items.push({ ...APPROVALS, badge: 'approvals' });
  else if (can(role, 'chat.change')) items.push(APPROVALS);
  if (can(role, 'members.manage')) items.push(MEMBERS);
  if (can(role, 'admin.view')) items.push(ADMIN);
  return items;
}
