// Shape of an approval request (docs/api.md "Chat and approvals (M4)", docs/approvals.md).

export type ApprovalStatus = 'pending' | 'approved' | 'denied' | 'expired';

export interface Approval {
  id: string;
  runId?: string;
  toolCallId?: string;
  tool: string;
  arguments: Record<string, unknown>;
  riskReason: string;
  /** The requester's email. */
  requestedBy?: string;
  status: ApprovalStatus;
  expiresAt: string;
  /** The decider's email. */
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
  /** Shown only to the requester and the approver for shell commands. */
  result?: Record<string, unknown>;
  createdAt: string;
  /** Whether the signed-in person may decide it now (the server's rule: role, four eyes, shell commands). */
  canDecide?: boolean;
}

export type Decision = 'approve' | 'deny';
