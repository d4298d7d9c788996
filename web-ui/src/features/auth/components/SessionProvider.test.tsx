import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, ok, signedInAs, signedOut, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

describe('SessionProvider', () => {
  it('sends the person to sign in when the server ends the session mid-use', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'workspace_admin' })),
      'GET /api/pmos/workspace/members': signedOut,
      'GET /api/pmos/workspace/invitations': ok({ invitations: [] }),
    });
    renderApp('/members');

    expect(await screen.findByRole('heading', { name: 'Sign in to PMOS' })).toBeVisible();
  });

  it('offers a retry when the server cannot be reached', async () => {
    let reachable = false;
    stubApi({
      'GET /api/pmos/auth/me': () =>
        reachable ? signedInAs(makeUser()) : { status: 503, body: { ok: false, error: 'Starting up.' } },
    });
    const { user } = renderApp('/');

    expect(await screen.findByRole('alert')).toHaveTextContent('Starting up.');
    reachable = true;
    await user.click(screen.getByRole('button', { name: 'Try again' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  });
});
