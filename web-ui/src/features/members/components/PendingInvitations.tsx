// Invitations not yet accepted, each with a Revoke button.
import { useState } from 'react';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../lib/format';
import { useAction } from '../../../lib/useAction';
import type { Loaded } from '../../../lib/useLoad';
import { roleLabel } from '../../auth/permissions';
import { membersApi } from '../api';
import type { Invitation, Member } from '../types';

/** Who sent an invitation, by name when they are a member here; the server gives their user id. */
export function inviterName(invitedBy: string, members: Member[]): string {
  const inviter = members.find((member) => member.userId === invitedBy || member.email === invitedBy);
  return inviter ? inviter.name : invitedBy;
}

export function PendingInvitations({ invitations, members }: {
  invitations: Loaded<Invitation[]>;
  members: Member[];
}) {
  const action = useAction();
  const [status, setStatus] = useState<string>();

  async function revoke(invitation: Invitation) {
    setStatus(undefined);
    const answer = await action.run(() => membersApi.revokeInvitation(invitation.id));
    if (answer) {
      setStatus(`The invitation for ${invitation.email} was revoked.`);
      invitations.reload();
    }
  }

  const list = invitations.data;
  return (
    <section className="card" aria-labelledby="pending-heading">
      <h2 id="pending-heading">Pending invitations</h2>
      <ErrorAlert message={action.error ?? invitations.error} testId="invitations-error" />
      <StatusMessage message={status} testId="invitations-status" />
      {list === undefined ? (
        invitations.loading && <Loading />
      ) : list.length === 0 ? (
        <p className="muted" data-testid="no-invitations">
          No invitations are waiting. Invite someone above to see it here until they accept.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="invitations-table">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Invited by</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((invitation) => (
                <tr key={invitation.id}>
                  <td>{invitation.email}</td>
                  <td>{roleLabel(invitation.role)}</td>
                  <td>{inviterName(invitation.invitedBy, members)}</td>
                  <td>{formatDateTime(invitation.expiresAtMs, '—')}</td>
                  <td className="row-actions">
                    <button
                      type="button"
                      className="button danger-outline small"
                      aria-label={`Revoke invitation for ${invitation.email}`}
                      disabled={action.pending}
                      onClick={() => revoke(invitation)}
                    >
                      Revoke
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
