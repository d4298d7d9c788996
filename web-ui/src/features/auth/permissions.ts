// The single rule of what each role may do in the UI; the server enforces the same rule independently.
import type { Role } from './types';

export type Capability =
  | 'flows.view'
  | 'flows.edit'
  | 'flows.run'
  | 'flows.publish'
  | 'flows.delete'
  | 'chat.use'
  | 'chat.change'
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
  'flows.run': USERS,
  // Members may also publish or delete when the workspace settings say so: see `canWithSettings`.
  'flows.publish': ADMINS,
  'flows.delete': ADMINS,
  // Viewers chat with read-only tools; the server refuses any other tool call of theirs (docs/approvals.md).
  'chat.use': EVERYONE,
  // Asking the chat to change, run or send something (it may wait for approval); also the side chat in Flow Studio.
  'chat.change': USERS,
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

/** The workspace settings that widen what members may do with flows (GET /api/pmos/workspace/settings). */
export interface WorkspaceFlowSettings {
  membersCanPublish: boolean;
  membersCanDelete: boolean;
}

/**
 * `can`, with the workspace's own choices applied: members publish (and enable or disable) flows when
 * `membersCanPublish` is on, and delete them when `membersCanDelete` is on. Unknown settings grant nothing extra.
 */
export function canWithSettings(
  role: Role | undefined | null,
  capability: Capability,
  settings: WorkspaceFlowSettings | undefined,
): boolean {
  if (can(role, capability)) return true;
  if (role !== 'member' || settings === undefined) return false;
  if (capability === 'flows.publish') return settings.membersCanPublish;
  if (capability === 'flows.delete') return settings.membersCanDelete;
  return false;
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
