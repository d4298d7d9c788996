// Calls to the approval endpoints (docs/api.md, "Chat and approvals (M4)").
import { http } from '../../lib/http';
import type { Approval, ApprovalStatus, Decision } from './types';

const id = (value: string) => encodeURIComponent(value);

export const approvalsApi = {
  /** Admins get the workspace's requests, everyone else their own. */
  list: (status: ApprovalStatus) =>
    http
      .get<{ ok: true; approvals: Approval[] }>(`/api/pmos/approvals?status=${status}`)
      .then((a) => a.approvals),

  decide: (approvalId: string, decision: Decision, reason?: string) =>
    http
      .post<{ ok: true; approval: Approval }>(
        `/api/pmos/approvals/${id(approvalId)}/decision`,
        reason === undefined ? { decision } : { decision, reason },
      )
      .then((a) => a.approval),
};
