// The single rule of what each role may do in the UI; the server enforces the same rule independently.
import type { Role } from './types';

export type Capability =
  | 'flows.view'
  | 'flows.edit'
  | 'chat.use'
  | 'runs.view'
  | 'integrations.view'
  | 'integrations.manage'
  | 'members.manage'
  | 'admin.view'
  | 'shell.exec';

const EVERYONE: readonly Role[] = ['super_admin', 'workspace_admin', 'member', 'viewer'];
const USERS: readonly Role[] = ['super_admin', 'workspace_admin', 'member'];
const ADMINS: readonly Role[] = ['super_admin', 'workspace_admin'];
const SUPER: readonly Role[] = ['super_admin'];

const RULES: Record<Capability, readonly Role[]> = {
  'flows.view': EVERYONE,
  'flows.edit': USERS,
  'chat.use': USERS,
  'runs.view': EVERYONE,
  'integrations.view': EVERYONE,
  'integrations.manage': ADMINS,
  'members.manage': ADMINS,
  'admin.view': SUPER,
  'shell.exec': SUPER,
};

/** Whether a person with `role` may use `capability`; unknown or missing roles may use nothing. */
export function can(role: Role | undefined | null, capability: Capability): boolean {
  if (!role) return false;
  return RULES[capability].includes(role);
}

const ROLE_LABELS: Record<Role, string> = {
  super_admin: 'Super admin',
  workspace_admin: 'Workspace admin',
  member: 'Member',
  viewer: 'Viewer',
};

export function roleLabel(role: Role): string {
  return ROLE_LABELS[role] ?? role;
}
