// Which sections appear in the left navigation for a role; sections a role may not use are left out.
import { can } from '../auth/permissions';
import type { Role } from '../auth/types';

export interface NavItem {
  to: string;
  label: string;
  testId: string;
}

const EVERYONE: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', testId: 'nav-dashboard' },
  { to: '/flows', label: 'Flow Studio', testId: 'nav-flows' },
  { to: '/chat', label: 'Chat', testId: 'nav-chat' },
  { to: '/runs', label: 'Runs', testId: 'nav-runs' },
  { to: '/integrations', label: 'Integrations', testId: 'nav-integrations' },
];

const MEMBERS: NavItem = { to: '/members', label: 'Members', testId: 'nav-members' };
const ADMIN: NavItem = { to: '/admin', label: 'Admin', testId: 'nav-admin' };

export function navItemsFor(role: Role): NavItem[] {
  const items = [...EVERYONE];
  if (can(role, 'members.manage')) items.push(MEMBERS);
  if (can(role, 'admin.view')) items.push(ADMIN);
  return items;
}
