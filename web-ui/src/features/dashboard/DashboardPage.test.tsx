import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, signedInAs, stubApi } from '../../test/fakeApi';
import { renderApp } from '../../test/renderApp';
import { onboarding } from '../connectors/testData';

describe('DashboardPage connector health', () => {
  it('shows each connector’s last status and links an admin to finish the setup', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'workspace_admin' })),
      'GET /api/pmos/onboarding': { body: onboarding({ flowPieces: 'passed', mcp: 'failed' }) },
    });
    renderApp('/');

    const card = within(await screen.findByTestId('connector-health'));
    expect(await card.findByTestId('health-flowPieces')).toHaveTextContent('Passed');
    expect(card.getByTestId('health-mcp')).toHaveTextContent('Failed');
    expect(card.getByTestId('health-ai')).toHaveTextContent('Pending');
    const link = card.getByRole('link', { name: 'Finish setup (1/4)' });
    expect(link).toHaveAttribute('href', '/setup');
  });

  it('says chat is ready once every connector passed', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'super_admin' })),
      'GET /api/pmos/onboarding': { body: onboarding({ flowPieces: 'passed', mcp: 'passed', ai: 'passed' }) },
    });
    renderApp('/');

    const card = within(await screen.findByTestId('connector-health'));
    expect(await card.findByRole('link', { name: 'Review setup' })).toHaveAttribute('href', '/setup');
    expect(card.getByText(/chat is ready/)).toBeVisible();
  });

  it('does not offer a member to finish the setup', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'member' })),
      'GET /api/pmos/onboarding': { body: onboarding() },
    });
    renderApp('/');

    const card = within(await screen.findByTestId('connector-health'));
    expect(await card.findByRole('link', { name: 'Setup status (0/4)' })).toHaveAttribute('href', '/setup');
    expect(card.queryByRole('link', { name: /Finish setup/ })).not.toBeInTheDocument();
  });
});
