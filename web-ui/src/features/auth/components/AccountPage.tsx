// The signed-in person's own account: who they are, and changing their password.
import { useState, type FormEvent } from 'react';
import { ErrorAlert, StatusMessage } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { PageHeader } from '../../../components/PageHeader';
import { useAction } from '../../../lib/useAction';
import { authApi } from '../api';
import { useCurrentUser } from '../hooks';
import { roleLabel } from '../permissions';
import {
  collectErrors,
  hasErrors,
  validateConfirmation,
  validatePassword,
  type FieldErrors,
} from '../validation';

type Field = 'currentPassword' | 'newPassword' | 'confirm';

export function AccountPage() {
  const user = useCurrentUser();
  return (
    <>
      <PageHeader title="Account" description="Your profile and sign-in settings." />
      <section className="card" aria-labelledby="profile-heading">
        <h2 id="profile-heading">Profile</h2>
        <dl className="details">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>{user.email}</dd>
          <dt>Role</dt>
          <dd>{roleLabel(user.role)}</dd>
          <dt>Workspace</dt>
          <dd>{user.workspaceName ?? user.workspaceId}</dd>
        </dl>
      </section>
      <ChangePasswordForm />
    </>
  );
}

function ChangePasswordForm() {
  const action = useAction();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [done, setDone] = useState<string>();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(undefined);
    const found = collectErrors<Field>({
      currentPassword: currentPassword === '' ? 'Enter your current password.' : undefined,
      newPassword: validatePassword(newPassword),
      confirm: validateConfirmation(newPassword, confirm),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const answer = await action.run(() => authApi.changePassword(currentPassword, newPassword));
    if (answer) {
      setCurrentPassword('');
      setNewPassword('');
      setConfirm('');
      setDone('Password changed. Your other sessions were signed out.');
    }
  }

  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <form className="form narrow-form" onSubmit={submit} noValidate aria-label="Change password">
        <ErrorAlert message={action.error} testId="password-error" />
        <StatusMessage message={done} testId="password-changed" />
        <FormField
          label="Current password"
          type="password"
          autoComplete="current-password"
          value={currentPassword}
          onChange={(event) => setCurrentPassword(event.target.value)}
          error={errors.currentPassword}
          required
        />
        <FormField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters. Your other sessions will be signed out."
          value={newPassword}
          onChange={(event) => setNewPassword(event.target.value)}
          error={errors.newPassword}
          required
        />
        <FormField
          label="Confirm new password"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={errors.confirm}
          required
        />
        <button type="submit" className="button primary" disabled={action.pending}>
          {action.pending ? 'Changing…' : 'Change password'}
        </button>
      </form>
    </section>
  );
}
