import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../auth/types';
import { makeUser, ok, signedInAs, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

async function navFor(role: Role) {
  stubApi({ 'GET /api/pmos/auth/me': signedInAs(makeUser({ role })) });
  renderApp('/');
  return within(await screen.findByRole('navigation', { name: 'Main' }));
}

describe('AppShell navigation by role', () => {
  it('shows Members and Admin to the super admin', async () => {
    const nav = await navFor('super_admin');
    expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
    expect(nav.getByRole('link', { name: 'Admin' })).toBeVisible();
    expect(screen.getByTestId('role-pill')).toHaveTextContent('Super admin');
  });

  it('shows Members but does not render Admin for a workspace admin', async () => {
    const nav = await navFor('workspace_admin');
    expect(nav.getByRole('link', { name: 'Members' })).toBeVisible();
    expect(nav.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
    expect(screen.getByTestId('role-pill')).toHaveTextContent('Workspace admin');
  });

  it.each<[Role, string]>([
    ['member', 'Member'],
    ['viewer', 'Viewer'],
  ])('renders neither Members nor Admin for a %s', async (role, label) => {
    const nav = await navFor(role);
    for (const name of ['Dashboard', 'Flow Studio', 'Chat', 'Runs', 'Integrations']) {
      expect(nav.getByRole('link', { name })).toBeVisible();
    }
    expect(nav.queryByRole('link', { name: 'Members' })).not.toBeInTheDocument();
    expect(nav.queryByRole('link', { name: 'Admin' })).not.toBeInTheDocument();
    expect(screen.getByTestId('role-pill')).toHaveTextContent(label);
  });

  it('shows the workspace and email, and signs out to /signin', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(
        makeUser({ email: 'ada@example.com', workspaceName: 'Acme' }),
      ),
      'POST /api/pmos/auth/logout': ok(),
    });
    const { user } = renderApp('/runs');

    expect(await screen.findByTestId('workspace-name')).toHaveTextContent('Acme');
    expect(screen.getByTestId('user-email')).toHaveTextContent('ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { name: 'Sign in to PMOS' })).toBeVisible();
    expect(api.callsTo('POST', '/api/pmos/auth/logout')).toHaveLength(1);
  });

  it('does not send the next person back to the page the last one signed out from', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser()),
      'POST /api/pmos/auth/logout': ok(),
      'POST /api/pmos/auth/login': ok({ user: makeUser({ role: 'member' }) }),
    });
    const { user } = renderApp('/runs');

    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    await user.type(await screen.findByLabelText('Email'), 'bo@example.com');
    await user.type(screen.getByLabelText('Password'), 'password-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  });

  it('explains instead of rendering the admin page when a member opens /admin', async () => {
    const api = stubApi({ 'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'member' })) });
    renderApp('/admin');

    expect(await screen.findByTestId('not-allowed')).toHaveTextContent('Member');
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
    expect(api.calls.filter((c) => c.path.startsWith('/api/pmos/admin'))).toHaveLength(0);
  });
});
