// The member list with per-row role, remove and password-reset controls (never on your own row).
import { useState, type FormEvent } from 'react';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { Loading } from '../../../components/Loading';
import { formatDateTime } from '../../../lib/format';
import { useAction } from '../../../lib/useAction';
import type { Loaded } from '../../../lib/useLoad';
import { authApi } from '../../auth/api';
import { roleLabel } from '../../auth/permissions';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../auth/types';
import { validatePassword } from '../../auth/validation';
import { membersApi } from '../api';
import type { Member } from '../types';

/** Rows an admin may act on: not their own, and never the server's super admin. */
export function isManageable(member: Member, currentUserId: string): boolean {
  return member.userId !== currentUserId && member.role !== 'super_admin';
}

export function MembersTable({ members, currentUserId }: {
  members: Loaded<Member[]>;
  currentUserId: string;
}) {
  const action = useAction();
  const [status, setStatus] = useState<string>();
  const [confirming, setConfirming] = useState<string>();
  const [resetting, setResetting] = useState<Member>();

  async function changeRole(member: Member, role: AssignableRole) {
    setStatus(undefined);
    const updated = await action.run(() => membersApi.changeRole(member.userId, role));
    if (updated) {
      setStatus(`${member.name} is now ${roleLabel(updated.role)}.`);
      members.reload();
    }
  }

  async function remove(member: Member) {
    setStatus(undefined);
    const answer = await action.run(() => membersApi.remove(member.userId));
    setConfirming(undefined);
    if (answer) {
      setStatus(`${member.name} was removed from the workspace.`);
      members.reload();
    }
  }

  return (
    <section className="card" aria-labelledby="members-heading">
      <h2 id="members-heading">People</h2>
      <ErrorAlert message={action.error ?? members.error} testId="members-error" />
      <StatusMessage message={status} testId="members-status" />
      {members.data === undefined ? (
        members.loading && <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {members.data.map((member) => {
                const manageable = isManageable(member, currentUserId);
                const self = member.userId === currentUserId;
                return (
                  <tr key={member.userId} data-testid={`member-row-${member.userId}`}>
                    <td>
                      {member.name}
                      {self && <span className="muted"> (you)</span>}
                    </td>
                    <td>{member.email}</td>
                    <td>
                      {manageable ? (
                        <select
                          aria-label={`Role for ${member.name}`}
                          value={member.role}
                          disabled={action.pending}
                          onChange={(event) =>
                            changeRole(member, event.target.value as AssignableRole)
                          }
                        >
                          {ASSIGNABLE_ROLES.map((role) => (
                            <option key={role} value={role}>
                              {roleLabel(role)}
                            </option>
                          ))}
                        </select>
                      ) : (
                        roleLabel(member.role)
                      )}
                    </td>
                    <td>{formatDateTime(member.lastLoginAtMs)}</td>
                    <td className="row-actions">
                      {manageable &&
                        (confirming === member.userId ? (
                          <span className="confirm" role="group" aria-label={`Confirm removing ${member.name}`}>
                            <span>Remove {member.name}?</span>
                            <button
                              type="button"
                              className="button danger small"
                              disabled={action.pending}
                              onClick={() => remove(member)}
                            >
                              Yes, remove
                            </button>
                            <button
                              type="button"
                              className="button small"
                              onClick={() => setConfirming(undefined)}
                            >
                              Cancel
                            </button>
                          </span>
                        ) : (
                          <>
                            <button
                              type="button"
                              className="button small"
                              aria-label={`Reset password for ${member.name}`}
                              onClick={() => {
                                setStatus(undefined);
                                setResetting(member);
                              }}
                            >
                              Reset password
                            </button>
                            <button
                              type="button"
                              className="button danger-outline small"
                              aria-label={`Remove ${member.name}`}
                              onClick={() => setConfirming(member.userId)}
                            >
                              Remove
                            </button>
                          </>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {resetting && (
        <ResetPasswordForm
          key={resetting.userId}
          member={resetting}
          onDone={(message) => {
            setResetting(undefined);
            setStatus(message);
          }}
          onCancel={() => setResetting(undefined)}
        />
      )}
    </section>
  );
}

function ResetPasswordForm({ member, onDone, onCancel }: {
  member: Member;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const action = useAction();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validatePassword(password);
    setError(problem);
    if (problem) return;
    const answer = await action.run(() => authApi.resetPassword(member.userId, password));
    if (answer) onDone(`New password set for ${member.name}. Their sessions were signed out.`);
  }

  return (
    <form
      className="form inline-panel"
      onSubmit={submit}
      noValidate
      aria-label={`Reset password for ${member.name}`}
    >
      <h3>Reset password for {member.name}</h3>
      <p className="muted">Give them the new password yourself; they can change it from their account.</p>
      <ErrorAlert message={action.error} testId="reset-error" />
      <FormField
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => setPassword(event.target.value)}
        error={error}
        autoFocus
      />
      <div className="button-row">
        <button type="submit" className="button primary" disabled={action.pending}>
          {action.pending ? 'Setting…' : 'Set new password'}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
