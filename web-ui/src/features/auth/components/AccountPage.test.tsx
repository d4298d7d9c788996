import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, makeUser, ok, signedInAs, stubApi } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';

async function fillPasswords(
  user: ReturnType<typeof renderApp>['user'],
  current: string,
  next: string,
  confirm: string,
) {
  await user.type(await screen.findByLabelText('Current password'), current);
  await user.type(screen.getByLabelText('New password'), next);
  await user.type(screen.getByLabelText('Confirm new password'), confirm);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('AccountPage', () => {
  it('shows the server error when the current password is wrong', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser()),
      'POST /api/pmos/auth/change-password': fail(400, 'Your current password is not correct.'),
    });
    const { user } = renderApp('/account');

    await fillPasswords(user, 'wrong-one', 'new-password-1', 'new-password-1');

    expect(await screen.findByTestId('password-error')).toHaveTextContent(
      'Your current password is not correct.',
    );
  });

  it('changes the password and says other sessions were signed out', async () => {
    const api = stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser()),
      'POST /api/pmos/auth/change-password': ok(),
    });
    const { user } = renderApp('/account');

    await fillPasswords(user, 'old-password', 'new-password-1', 'new-password-1');

    expect(await screen.findByTestId('password-changed')).toHaveTextContent('Password changed.');
    expect(screen.getByLabelText('Current password')).toHaveValue('');
    expect(api.callsTo('POST', '/api/pmos/auth/change-password')[0]?.body).toEqual({
      currentPassword: 'old-password',
      newPassword: 'new-password-1',
    });
  });

  it('does not send a mismatched confirmation', async () => {
    const api = stubApi({ 'GET /api/pmos/auth/me': signedInAs(makeUser()) });
    const { user } = renderApp('/account');

    await fillPasswords(user, 'old-password', 'new-password-1', 'new-password-2');

    expect(screen.getByText('The two passwords do not match.')).toBeVisible();
    expect(api.callsTo('POST', '/api/pmos/auth/change-password')).toHaveLength(0);
  });
});
