// Workspace membership objects (docs/api.md, "Objects").
import type { AssignableRole, Role } from '../auth/types';

export interface Member {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAtMs: number;
  lastLoginAtMs?: number;
}

export interface Invitation {
  id: string;
  email: string;
  role: AssignableRole;
  createdAtMs: number;
  expiresAtMs: number;
  invitedBy: string;
  /** The one-time path `/invite/<token>`; only present in the answer that created the invitation. */
  url?: string;
}
