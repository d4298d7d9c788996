import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, makeUser, ok, signedOut, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import { INVITATION_UNUSABLE_MESSAGE } from './InvitePage';

const INVITATION = {
  email: 'cy@example.com',
  role: 'member',
  workspaceName: 'Acme',
  expiresAtMs: Date.UTC(2030, 0, 1),
};

describe('InvitePage', () => {
  it('says plainly when the invitation cannot be used', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/invitations/gone': fail(404, 'No such invitation.'),
    });
    renderApp('/invite/gone');

    expect(await screen.findByTestId('invitation-unusable')).toHaveTextContent(
      INVITATION_UNUSABLE_MESSAGE,
    );
    expect(screen.queryByRole('button', { name: 'Accept invitation' })).not.toBeInTheDocument();
  });

  it('shows the invitation, checks the confirmation, accepts and lands in the shell', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedOut,
      'GET /api/pmos/auth/invitations/tok-1': ok({ invitation: INVITATION }),
      'POST /api/pmos/auth/invitations/tok-1/accept': ok({
        user: makeUser({ role: 'member', email: 'cy@example.com', workspaceName: 'Acme' }),
      }),
    });
    const { user } = renderApp('/invite/tok-1');

    expect(await screen.findByRole('heading', { name: 'Join Acme' })).toBeVisible();
    expect(screen.getByTestId('invitation-summary')).toHaveTextContent('Member');
    expect(screen.getByTestId('invitation-summary')).toHaveTextContent('cy@example.com');

    await user.type(screen.getByLabelText('Name'), 'Cy');
    await user.type(screen.getByLabelText('Password'), 'password-1');
    await user.type(screen.getByLabelText('Confirm password'), 'password-2');
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
    expect(screen.getByText('The two passwords do not match.')).toBeVisible();
    expect(api.callsTo('POST', '/api/pmos/auth/invitations/tok-1/accept')).toHaveLength(0);

    await user.clear(screen.getByLabelText('Confirm password'));
    await user.type(screen.getByLabelText('Confirm password'), 'password-1');
    await user.click(screen.getByRole('button', { name: 'Accept invitation' }));

    expect(await screen.findByTestId('role-pill')).toHaveTextContent('Member');
    expect(screen.getByTestId('workspace-name')).toHaveTextContent('Acme');
    expect(api.callsTo('POST', '/api/pmos/auth/invitations/tok-1/accept')[0]?.body).toEqual({
      name: 'Cy',
      password: 'password-1',
    });
  });
});
