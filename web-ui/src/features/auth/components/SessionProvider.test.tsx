import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeUser, ok, signedInAs, signedOut, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

describe('SessionProvider', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps the person signed in and on their page while PMOS is briefly unavailable, and retries', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let available = false;
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'workspace_admin' })),
      'GET /api/pmos/workspace/members': () =>
        available
          ? ok({ members: [] })
          : {
              status: 503,
              headers: { 'Retry-After': '5' },
              body: { ok: false, error: 'PMOS is briefly unavailable.', code: 'STORE_UNAVAILABLE' },
            },
      'GET /api/pmos/workspace/invitations': ok({ invitations: [] }),
    });
    renderApp('/members');

    expect(await screen.findByTestId('retrying-notice')).toHaveTextContent(
      'PMOS is briefly unavailable, retrying…',
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Sign in to PMOS' })).toBeNull();

    available = true;
    await vi.advanceTimersByTimeAsync(5_000);

    await waitFor(() => expect(screen.queryByTestId('retrying-notice')).toBeNull());
    expect(api.callsTo('GET', '/api/pmos/workspace/members').length).toBeGreaterThanOrEqual(2);
    expect(screen.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Sign in to PMOS' })).toBeNull();
  });

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
