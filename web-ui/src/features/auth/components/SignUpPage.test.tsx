import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, makeUser, ok, signedOut, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import { SIGNUP_CLOSED_MESSAGE } from './SignUpPage';

describe('SignUpPage', () => {
  it('shows the closed message instead of the form when signup is off', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/config': ok({ signupEnabled: false, bootstrapNeeded: false }),
    });
    renderApp('/signup');

    expect(await screen.findByTestId('signup-closed')).toHaveTextContent(SIGNUP_CLOSED_MESSAGE);
    expect(screen.queryByLabelText('Password')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create account' })).not.toBeInTheDocument();
  });

  it('keeps the form open while no account exists, and says the first becomes super admin', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/config': ok({ signupEnabled: false, bootstrapNeeded: true }),
    });
    renderApp('/signup');

    expect(await screen.findByTestId('bootstrap-note')).toHaveTextContent(
      'The first account becomes the super admin',
    );
    expect(screen.getByRole('button', { name: 'Create account' })).toBeVisible();
  });

  it('validates name, email and password before calling the server', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/config': ok({ signupEnabled: true, bootstrapNeeded: false }),
    });
    const { user } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Name'), 'A');
    await user.type(screen.getByLabelText('Email'), 'a@b');
    await user.type(screen.getByLabelText('Password'), '1234567');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByText('Enter a name of at least 2 characters.')).toBeVisible();
    expect(screen.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
    expect(screen.getByText('Use a password of at least 8 characters.')).toBeVisible();
    expect(api.callsTo('POST', '/api/pmos/auth/signup')).toHaveLength(0);
  });

  it('shows the server refusal and, on success, lands in the shell', async () => {
    let attempts = 0;
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/config': ok({ signupEnabled: true, bootstrapNeeded: false }),
      'POST /api/pmos/auth/signup': () => {
        attempts += 1;
        return attempts === 1
          ? fail(409, 'An account with this email already exists.')
          : ok({ user: makeUser({ role: 'workspace_admin', email: 'bo@example.com' }) });
      },
    });
    const { user } = renderApp('/signup');

    await user.type(await screen.findByLabelText('Name'), 'Bo');
    await user.type(screen.getByLabelText('Email'), 'bo@example.com');
    await user.type(screen.getByLabelText('Password'), 'password-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'An account with this email already exists.',
    );

    await user.click(screen.getByRole('button', { name: 'Create account' }));
    expect(await screen.findByTestId('role-pill')).toHaveTextContent('Workspace admin');
    expect(screen.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  });
});
