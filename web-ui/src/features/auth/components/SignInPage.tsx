// Email and password sign-in; returns the person to the page they were headed for.
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router-dom';
import { ErrorAlert } from '../../../components/Alert';
import { FormField } from '../../../components/FormField';
import { useAction } from '../../../lib/useAction';
import { authApi } from '../api';
import { useSession } from '../hooks';
import { collectErrors, hasErrors, normalizeEmail, validateEmail, type FieldErrors } from '../validation';
import { AuthLayout } from './AuthLayout';
import { returnPath } from './RequireAuth';

type Field = 'email' | 'password';

function validate(email: string, password: string): FieldErrors<Field> {
  return collectErrors<Field>({
    email: validateEmail(email),
    password:
      password === ''
        ? 'Enter your password.'
        : password.length < 8
          ? 'Passwords have at least 8 characters.'
          : undefined,
  });
}

export function SignInPage() {
  const session = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const destination = returnPath(location.state);

  if (session.status === 'authenticated') return <Navigate to={destination} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const found = validate(email, password);
    setErrors(found);
    if (hasErrors(found)) return;
    const user = await action.run(() => authApi.login(normalizeEmail(email), password));
    if (user) {
      session.signedIn(user);
      navigate(destination, { replace: true });
    }
  }

  return (
    <AuthLayout title="Sign in to PMOS">
      <form className="form" onSubmit={submit} noValidate aria-label="Sign in">
        <ErrorAlert message={action.error} testId="form-error" />
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
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
          required
        />
        <button type="submit" className="button primary block" disabled={action.pending}>
          {action.pending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p className="auth-switch">
        New to PMOS?{' '}
        <Link to="/signup" state={location.state}>
          Create an account
        </Link>
      </p>
    </AuthLayout>
  );
}
