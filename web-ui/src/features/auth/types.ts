// Shapes of the identity objects the API returns (docs/api.md, "Objects").

export const ROLES = ['super_admin', 'workspace_admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles an admin may give to a workspace member or invitee; super_admin is never assignable. */
export const ASSIGNABLE_ROLES = ['workspace_admin', 'member', 'viewer'] as const;
export type AssignableRole = (typeof ASSIGNABLE_ROLES)[number];

export interface User {
  id: string;
  name: string;
  email: string;
  role: Role;
  workspaceId: string;
  workspaceName?: string;
  createdAtMs: number;
  updatedAtMs: number;
  lastLoginAtMs?: number;
}

export interface AuthConfig {
  signupEnabled: boolean;
  bootstrapNeeded: boolean;
}

export interface InvitationPreview {
  email: string;
  role: Role;
  workspaceName: string;
  expiresAtMs: number;
}
