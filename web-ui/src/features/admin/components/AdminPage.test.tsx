import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, ok, signedInAs, stubApi, type RecordedCall } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

const ROOT = makeUser({ id: 'root', role: 'super_admin' });

function event(id: number, action: string) {
  return {
    id,
    atMs: Date.UTC(2025, 0, 1),
    action,
    outcome: 'success',
    actorEmail: 'root@example.com',
    detail: '{"role":"member"}',
  };
}

describe('AdminPage', () => {
  it('lists workspaces by default', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(ROOT),
      'GET /api/pmos/admin/workspaces': ok({
        workspaces: [{ id: 'w-1', name: 'Acme', createdAtMs: 1, memberCount: 3 }],
      }),
    });
    renderApp('/admin');

    const table = within(await screen.findByTestId('workspaces-table'));
    expect(table.getByText('Acme')).toBeVisible();
    expect(table.getByText('3')).toBeVisible();
  });

  it('pages through users with limit and offset', async () => {
    const users = Array.from({ length: 50 }, (_, i) =>
      makeUser({ id: `u-${i}`, email: `user${i}@example.com` }),
    );
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(ROOT),
      'GET /api/pmos/admin/users': ({ path }: RecordedCall) => {
        const offset = Number(new URL(path, 'http://x').searchParams.get('offset'));
        return ok({
          users: offset === 0 ? users : [makeUser({ id: 'u-50', email: 'last@example.com' })],
          total: 51,
        });
      },
    });
    const { user } = renderApp('/admin?tab=users');

    expect(await screen.findByTestId('users-range')).toHaveTextContent('1–50 of 51');
    await user.click(screen.getByRole('button', { name: 'Next' }));

    expect(await screen.findByText('last@example.com')).toBeVisible();
    expect(screen.getByTestId('users-range')).toHaveTextContent('51–51 of 51');
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled();
    expect(api.callsTo('GET', '/api/pmos/admin/users').map((c) => c.path)).toEqual([
      '/api/pmos/admin/users?limit=50&offset=0',
      '/api/pmos/admin/users?limit=50&offset=50',
    ]);
  });

  it('loads older audit events with nextBefore until there are none', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(ROOT),
      'GET /api/pmos/audit?limit=50': ok({
        events: [event(3, 'auth.login'), event(2, 'auth.signup')],
        nextBefore: 2,
      }),
      'GET /api/pmos/audit?limit=50&before=2': ok({
        events: [event(1, 'auth.bootstrap')],
        nextBefore: null,
      }),
    });
    const { user } = renderApp('/admin?tab=audit');

    const table = await screen.findByTestId('audit-table');
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getAllByText('role: member')).toHaveLength(2);
    await user.click(screen.getByRole('button', { name: 'Load more' }));

    expect(await within(table).findByText('auth.bootstrap')).toBeVisible();
    const actions = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelector('td.mono')?.textContent);
    expect(actions).toEqual(['auth.login', 'auth.signup', 'auth.bootstrap']);
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(api.callsTo('GET', '/api/pmos/audit')).toHaveLength(2);
  });

  it('binds the self-signup checkbox to the settings endpoint', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(ROOT),
      'GET /api/pmos/admin/workspaces': ok({ workspaces: [] }),
      'GET /api/pmos/admin/settings': ok({ settings: { signupEnabled: true } }),
      'PUT /api/pmos/admin/settings': ({ body }: RecordedCall) => ok({ settings: body as object }),
    });
    const { user } = renderApp('/admin');

    await user.click(await screen.findByRole('tab', { name: 'Settings' }));
    const checkbox = await screen.findByRole('checkbox', { name: 'Allow self-signup' });
    expect(checkbox).toBeChecked();
    await user.click(checkbox);

    expect(await screen.findByTestId('settings-status')).toHaveTextContent('Self-signup is closed');
    expect(checkbox).not.toBeChecked();
    expect(api.callsTo('PUT', '/api/pmos/admin/settings')[0]?.body).toEqual({ signupEnabled: false });
  });
});
