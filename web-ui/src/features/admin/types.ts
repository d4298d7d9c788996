// Objects of the super admin endpoints (docs/api.md).

export interface WorkspaceSummary {
  id: string;
  name: string;
  createdAtMs: number;
  memberCount: number;
}

export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEvent {
  id: string | number;
  atMs: number;
  action: string;
  outcome: AuditOutcome;
  actorId?: string;
  actorEmail?: string;
  workspaceId?: string;
  ip?: string;
  userAgent?: string;
  /** An object per docs/api.md; a JSON text or plain text is tolerated too. */
  detail?: Record<string, unknown> | string | null;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore?: string;
}

/** The audit answer as sent: the cursor may be a number, or null on the last page. */
export interface AuditAnswer {
  ok: true;
  events: AuditEvent[];
  nextBefore?: string | number | null;
}

export interface ServerSettings {
  signupEnabled: boolean;
}
