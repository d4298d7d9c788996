import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, ok, signedInAs, stubApi, type RecordedCall } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Member } from '../types';

const ME = makeUser({ id: 'me', name: 'Ada Admin', role: 'workspace_admin' });
const MEMBERS: Member[] = [
  { userId: 'me', name: 'Ada Admin', email: 'ada@example.com', role: 'workspace_admin', joinedAtMs: 1 },
  {
    userId: 'u-2',
    name: 'Bo Member',
    email: 'bo@example.com',
    role: 'member',
    joinedAtMs: 2,
    lastLoginAtMs: Date.UTC(2025, 5, 1),
  },
];

function stubMembers(extra: Record<string, Parameters<typeof stubApi>[0][string]> = {}) {
  return stubApi({
    'GET /api/pmos/auth/me': signedInAs(ME),
    'GET /api/pmos/workspace/members': ok({ members: MEMBERS }),
    'GET /api/pmos/workspace/invitations': ok({ invitations: [] }),
    ...extra,
  });
}

describe('MembersPage', () => {
  it('hides role, remove and reset controls on your own row only', async () => {
    stubMembers();
    renderApp('/members');

    const mine = within(await screen.findByTestId('member-row-me'));
    expect(mine.queryByRole('combobox')).not.toBeInTheDocument();
    expect(mine.queryByRole('button')).not.toBeInTheDocument();
    expect(mine.getByText('Workspace admin')).toBeVisible();

    const other = within(screen.getByTestId('member-row-u-2'));
    expect(other.getByRole('combobox', { name: 'Role for Bo Member' })).toHaveValue('member');
    expect(other.getByRole('button', { name: 'Remove Bo Member' })).toBeVisible();
    expect(other.getByRole('button', { name: 'Reset password for Bo Member' })).toBeVisible();
  });

  it('asks for confirmation before removing someone', async () => {
    const api = stubMembers({ 'DELETE /api/pmos/workspace/members/u-2': ok() });
    const { user } = renderApp('/members');

    await user.click(await screen.findByRole('button', { name: 'Remove Bo Member' }));
    expect(api.callsTo('DELETE', '/api/pmos/workspace/members/u-2')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Yes, remove' }));

    expect(await screen.findByTestId('members-status')).toHaveTextContent('Bo Member was removed');
    expect(api.callsTo('DELETE', '/api/pmos/workspace/members/u-2')).toHaveLength(1);
  });

  it('changes a role with PATCH', async () => {
    const api = stubMembers({
      'PATCH /api/pmos/workspace/members/u-2': ({ body }: RecordedCall) =>
        ok({ member: { ...MEMBERS[1], role: (body as { role: string }).role } }),
    });
    const { user } = renderApp('/members');

    await user.selectOptions(await screen.findByRole('combobox', { name: 'Role for Bo Member' }), 'viewer');

    expect(await screen.findByTestId('members-status')).toHaveTextContent('Bo Member is now Viewer.');
    expect(api.callsTo('PATCH', '/api/pmos/workspace/members/u-2')[0]?.body).toEqual({ role: 'viewer' });
  });

  it('resets a password after asking for the new one', async () => {
    const api = stubMembers({ 'POST /api/pmos/auth/admin/reset-password': ok() });
    const { user } = renderApp('/members');

    await user.click(await screen.findByRole('button', { name: 'Reset password for Bo Member' }));
    const form = within(screen.getByRole('form', { name: 'Reset password for Bo Member' }));
    await user.type(form.getByLabelText('New password'), 'short');
    await user.click(form.getByRole('button', { name: 'Set new password' }));
    expect(form.getByText('Use a password of at least 8 characters.')).toBeVisible();

    await user.clear(form.getByLabelText('New password'));
    await user.type(form.getByLabelText('New password'), 'new-password-1');
    await user.click(form.getByRole('button', { name: 'Set new password' }));

    expect(await screen.findByTestId('members-status')).toHaveTextContent('New password set for Bo Member');
    expect(api.callsTo('POST', '/api/pmos/auth/admin/reset-password')[0]?.body).toEqual({
      userId: 'u-2',
      newPassword: 'new-password-1',
    });
  });

  it('invites someone and shows the absolute one-time link', async () => {
    let created = false;
    const invitation = {
      id: 'inv-1',
      email: 'cy@example.com',
      role: 'member',
      createdAtMs: 1,
      expiresAtMs: Date.UTC(2030, 0, 1),
      invitedBy: 'me',
    };
    const api = stubMembers({
      'GET /api/pmos/workspace/invitations': () => ok({ invitations: created ? [invitation] : [] }),
      'POST /api/pmos/workspace/invitations': () => {
        created = true;
        return ok({ invitation: { ...invitation, url: '/invite/tok-123' } });
      },
    });
    const { user } = renderApp('/members');

    expect(await screen.findByTestId('no-invitations')).toBeVisible();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'Cy@Example.com');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));

    expect(await screen.findByTestId('invite-link')).toHaveValue(
      `${window.location.origin}/invite/tok-123`,
    );
    expect(api.callsTo('POST', '/api/pmos/workspace/invitations')[0]?.body).toEqual({
      email: 'cy@example.com',
      role: 'member',
    });
    const pending = within(await screen.findByTestId('invitations-table'));
    expect(pending.getByText('cy@example.com')).toBeVisible();
    expect(pending.getByText('Ada Admin')).toBeVisible();
    expect(pending.getByRole('button', { name: 'Revoke invitation for cy@example.com' })).toBeVisible();
  });

  it('shows the server error when an invitation is refused', async () => {
    stubMembers({
      'POST /api/pmos/workspace/invitations': {
        status: 409,
        body: { ok: false, error: 'An account with this email already exists.' },
      },
    });
    const { user } = renderApp('/members');

    await user.type(await screen.findByRole('textbox', { name: 'Email' }), 'bo@example.com');
    await user.click(screen.getByRole('button', { name: 'Create invitation' }));

    expect(await screen.findByTestId('invite-error')).toHaveTextContent(
      'An account with this email already exists.',
    );
    expect(screen.queryByTestId('invite-link')).not.toBeInTheDocument();
  });
});
