// Self-signup, shown only while the server accepts it; the very first account becomes the super admin.
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { Loading } from '../../../components/Loading';
import { useAction } from '../../../lib/useAction';
import { useLoad } from '../../../lib/useLoad';
import { authApi } from '../api';
import { useSession } from '../hooks';
import {
  collectErrors,
  hasErrors,
  normalizeEmail,
  validateEmail,
  validateName,
  validatePassword,
  type FieldErrors,
} from '../validation';
import { AuthLayout } from './AuthLayout';
import { returnPath } from './RequireAuth';

type Field = 'name' | 'email' | 'password';

export const SIGNUP_CLOSED_MESSAGE =
  'Self-signup is closed on this server. Ask an administrator for an invitation.';

export function SignUpPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const config = useLoad(authApi.config, 'config');
  const action = useAction();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const destination = returnPath(location.state);

  if (session.status === 'authenticated') return <Navigate to={destination} replace />;

  const signInLink = (
    <p className="auth-switch">
      Already have an account?{' '}
      <Link to="/signin" state={location.state}>
        Sign in
      </Link>
    </p>
  );

  if (config.loading && config.data === undefined) {
    return (
      <AuthLayout title="Create your account">
        <Loading />
      </AuthLayout>
    );
  }

  const closed = config.data !== undefined && !config.data.signupEnabled && !config.data.bootstrapNeeded;
  if (closed) {
    return (
      <AuthLayout title="Create your account">
        <p className="notice" data-testid="signup-closed">
          {SIGNUP_CLOSED_MESSAGE}
        </p>
        {signInLink}
      </AuthLayout>
    );
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = collectErrors<Field>({
      name: validateName(name),
      email: validateEmail(email),
      password: validatePassword(password),
    });
    setErrors(found);
    if (hasErrors(found)) return;
    const user = await action.run(() => authApi.signup(name.trim(), normalizeEmail(email), password));
    if (user) {
      session.signedIn(user);
      navigate(destination, { replace: true });
    }
  }

  const bootstrap = config.data?.bootstrapNeeded === true;
  return (
    <AuthLayout
      title={bootstrap ? 'Set up PMOS' : 'Create your account'}
      subtitle={
        bootstrap ? (
          <span data-testid="bootstrap-note">
            No account exists yet. The first account becomes the super admin of this server.
          </span>
        ) : (
          'You get a workspace of your own, which you administer.'
        )
      }
    >
      <form className="form" onSubmit={submit} noValidate aria-label="Create account">
        <ErrorAlert message={action.error ?? config.error} testId="form-error" />
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
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
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
        <button type="submit" className="button primary block" disabled={action.pending}>
          {action.pending ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      {signInLink}
    </AuthLayout>
  );
}
