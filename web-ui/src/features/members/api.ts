// Calls to the workspace members and invitations endpoints.
import { http } from '../../lib/http';
import type { AssignableRole } from '../auth/types';
import type { Invitation, Member } from './types';

const id = (value: string) => encodeURIComponent(value);

export const membersApi = {
  list: () =>
    http.get<{ ok: true; members: Member[] }>('/api/pmos/workspace/members').then((a) => a.members),

  changeRole: (userId: string, role: AssignableRole) =>
    http
      .patch<{ ok: true; member: Member }>(`/api/pmos/workspace/members/${id(userId)}`, { role })
      .then((a) => a.member),

  remove: (userId: string) => http.del<{ ok: true }>(`/api/pmos/workspace/members/${id(userId)}`),

  invitations: () =>
    http
      .get<{ ok: true; invitations: Invitation[] }>('/api/pmos/workspace/invitations')
      .then((a) => a.invitations),

  invite: (email: string, role: AssignableRole) =>
    http
      .post<{ ok: true; invitation: Invitation }>('/api/pmos/workspace/invitations', { email, role })
      .then((a) => a.invitation),

  revokeInvitation: (invitationId: string) =>
    http.del<{ ok: true }>(`/api/pmos/workspace/invitations/${id(invitationId)}`),
};

/** The absolute link to hand to an invitee, from the path the server returned. */
export function invitationLink(origin: string, url: string): string {
  return new URL(url, origin).toString();
}
