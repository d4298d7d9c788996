// Creates an invitation and shows its one-time link, ready to copy.
import { useRef, useState, type FormEvent } from 'react';
import { ErrorAlert } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { useAction } from '../../../lib/useAction';
import { roleLabel } from '../../auth/permissions';
import { ASSIGNABLE_ROLES, type AssignableRole } from '../../auth/types';
import { normalizeEmail, validateEmail } from '../../auth/validation';
import { invitationLink, membersApi } from '../api';
import type { Invitation } from '../types';

export function InviteForm({ onCreated }: { onCreated: () => void }) {
  const action = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<AssignableRole>('member');
  const [emailError, setEmailError] = useState<string>();
  const [created, setCreated] = useState<Invitation>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problem = validateEmail(email);
    setEmailError(problem);
    if (problem) return;
    const invitation = await action.run(() => membersApi.invite(normalizeEmail(email), role));
    if (invitation) {
      setCreated(invitation);
      setEmail('');
      onCreated();
    }
  }

  return (
    <section className="card" aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <form className="form inline-form" onSubmit={submit} noValidate aria-label="Invite someone">
        <ErrorAlert message={action.error} testId="invite-error" />
        <div className="inline-fields">
          <FormField
            label="Email"
            type="email"
            name="invite-email"
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            error={emailError}
            required
          />
          <div className="field">
            <label htmlFor="invite-role">Role</label>
            <select
              id="invite-role"
              value={role}
              onChange={(event) => setRole(event.target.value as AssignableRole)}
            >
              {ASSIGNABLE_ROLES.map((option) => (
                <option key={option} value={option}>
                  {roleLabel(option)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button primary" disabled={action.pending}>
            {action.pending ? 'Creating…' : 'Create invitation'}
          </button>
        </div>
      </form>
      {created && <CreatedInvitation invitation={created} />}
    </section>
  );
}

function CreatedInvitation({ invitation }: { invitation: Invitation }) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState<string>();

  if (invitation.url === undefined) {
    return (
      <p className="notice" role="status">
        Invitation for {invitation.email} created, but the server sent no link. Revoke it and try again.
      </p>
    );
  }
  const link = invitationLink(window.location.origin, invitation.url);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      setCopyStatus('Link copied.');
    } catch {
      inputRef.current?.select();
      setCopyStatus('Copying is blocked here: the link is selected, copy it with your keyboard.');
    }
  }

  return (
    <div className="invite-result" data-testid="invite-result">
      <p>
        Invitation for <strong>{invitation.email}</strong> as {roleLabel(invitation.role)} created.
        Share this one-time link with them; it will not be shown again.
      </p>
      <div className="copy-row">
        <label htmlFor="invite-link" className="visually-hidden">
          Invitation link
        </label>
        <input
          ref={inputRef}
          id="invite-link"
          type="text"
          readOnly
          value={link}
          data-testid="invite-link"
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button" onClick={copy}>
          Copy
        </button>
      </div>
      {copyStatus && (
        <p className="muted" role="status">
          {copyStatus}
        </p>
      )}
    </div>
  );
}
