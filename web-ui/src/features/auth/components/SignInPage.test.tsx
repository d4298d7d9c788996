import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { deferred, fail, makeUser, signedOut, stubApi, type FakeAnswer } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

describe('SignInPage', () => {
  it('shows validation messages and calls no API for an invalid form', async () => {
    const api = stubApi({ 'GET /api/pmos/auth/me': signedOut });
    const { user } = renderApp('/signin');

    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter a valid email address, like name@example.com.')).toBeVisible();
    expect(screen.getByText('Passwords have at least 8 characters.')).toBeVisible();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsTo('POST', '/api/pmos/auth/login')).toHaveLength(0);
  });

  it('shows the server error in an alert and disables the button while pending', async () => {
    const pending = deferred<FakeAnswer>();
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'POST /api/pmos/auth/login': () => pending.promise,
    });
    const { user } = renderApp('/signin');

    await user.type(await screen.findByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'wrong-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByRole('button', { name: 'Signing in…' })).toBeDisabled();
    pending.resolve(fail(401, 'Invalid email or password.'));

    expect(await screen.findByRole('alert')).toHaveTextContent('Invalid email or password.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeEnabled();
  });

  it('sends the trimmed, lower-cased email', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'POST /api/pmos/auth/login': fail(401, 'Invalid email or password.'),
    });
    const { user } = renderApp('/signin');

    await user.type(await screen.findByLabelText('Email'), '  Ann@Example.COM ');
    await user.type(screen.getByLabelText('Password'), 'password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await screen.findByRole('alert');
    expect(api.callsTo('POST', '/api/pmos/auth/login')[0]?.body).toEqual({
      email: 'ann@example.com',
      password: 'password-1',
    });
  });

  it('redirects a deep link to sign-in and returns there after signing in', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'POST /api/pmos/auth/login': {
        body: { ok: true, user: makeUser({ role: 'member', email: 'ann@example.com' }) },
      },
    });
    const { user } = renderApp('/flows/123');

    expect(await screen.findByRole('heading', { name: 'Sign in to PMOS' })).toBeVisible();
    await user.type(screen.getByLabelText('Email'), 'ann@example.com');
    await user.type(screen.getByLabelText('Password'), 'password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Flow Studio' })).toBeVisible();
    expect(screen.getByTestId('flow-placeholder')).toHaveTextContent('Flow 123');
    await waitFor(() => expect(screen.getByTestId('role-pill')).toHaveTextContent('Member'));
  });
});
