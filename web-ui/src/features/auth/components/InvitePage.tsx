// Accepting an invitation: the invitee picks a name and password and lands in the workspace.
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { Loading } from '../../../components/Loading';
import { useAction } from '../../../lib/useAction';
import { useLoad } from '../../../lib/useLoad';
import { authApi } from '../api';
import { useSession } from '../hooks';
import { roleLabel } from '../permissions';
import {
  collectErrors,
  hasErrors,
  validateConfirmation,
  validateName,
  validatePassword,
  type FieldErrors,
} from '../validation';
import { AuthLayout } from './AuthLayout';

type Field = 'name' | 'password' | 'confirm';

export const INVITATION_UNUSABLE_MESSAGE =
  'This invitation link is unknown, has expired or was already used. Ask an administrator for a new one.';

export function InvitePage() {
  const { token = '' } = useParams();
  const session = useSession();
  const navigate = useNavigate();
  const invitation = useLoad(() => authApi.invitation(token), token);
  const action = useAction();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  if (invitation.loading && invitation.data === undefined) {
    return (
      <AuthLayout title="Join a workspace">
        <Loading label="Opening your invitation…" />
      </AuthLayout>
    );
  }

  if (invitation.data === undefined) {
    return (
      <AuthLayout title="Invitation not available">
        <p className="notice" data-testid="invitation-unusable">
          {invitation.errorStatus === 404 || invitation.error === undefined
            ? INVITATION_UNUSABLE_MESSAGE
            : invitation.error}
        </p>
        <p className="auth-switch">
          <Link to="/signin">Go to sign in</Link>
        </p>
      </AuthLayout>
    );
  }

  const details = invitation.data;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = collectErrors<Field>({
      name: validateName(name),
      password: validatePassword(password),
      confirm: validateConfirmation(password, confirm),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const user = await action.run(() => authApi.acceptInvitation(token, name.trim(), password));
    if (user) {
      session.signedIn(user);
      navigate('/', { replace: true });
    }
  }

  return (
    <AuthLayout
      title={`Join ${details.workspaceName}`}
      subtitle={
        <span data-testid="invitation-summary">
          You are invited as <strong>{roleLabel(details.role)}</strong> with{' '}
          <strong>{details.email}</strong>.
        </span>
      }
    >
      <form className="form" onSubmit={submit} noValidate aria-label="Accept invitation">
        <ErrorAlert message={action.error} testId="form-error" />
        <FormField label="Email" type="email" value={details.email} readOnly autoComplete="username" />
        <FormField
          label="Name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errors.name}
          required
        />
        <FormField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          hint="At least 8 characters."
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          required
        />
        <FormField
          label="Confirm password"
          type="password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(event) => setConfirm(event.target.value)}
          error={errors.confirm}
          required
        />
        <button type="submit" className="button primary block" disabled={action.pending}>
          {action.pending ? 'Joining…' : 'Accept invitation'}
        </button>
      </form>
    </AuthLayout>
  );
}
