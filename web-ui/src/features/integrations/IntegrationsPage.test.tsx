import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeUser, signedInAs, stubApi } from '../../test/fakeApi';
import { renderApp } from '../../test/renderApp';
import { failed, passed, settings } from '../connectors/testData';

describe('IntegrationsPage', () => {
  it('lists an admin’s connectors with masks, status, last test and links into the setup', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'workspace_admin' })),
      'GET /api/pmos/connectors': {
        body: settings({
          flowPieces: {
            url: 'https://flow.example.com',
            authMode: 'api_key',
            projectId: 'p1',
            secret: { set: true, mask: '••••abcd' },
            lastTest: passed('flowPieces'),
          },
          mcp: [
            {
              name: 'bcgpt',
              url: 'https://b.example.com/mcp',
              authMode: 'header',
              headerName: 'x-bcgpt-api-key',
              secret: { set: true, mask: '••••9f00' },
              lastTest: failed('mcp:bcgpt', 'MCP_AUTH_FAILED', 'The server refused the key.', 'Check the key.'),
            },
            { name: 'docs', url: 'https://d.example.com/mcp', authMode: 'none', secret: { set: false } },
          ],
        }),
      },
    });
    renderApp('/integrations');

    const fp = within(await screen.findByTestId('connector-row-flowPieces'));
    expect(fp.getByText(/https:\/\/flow\.example\.com/)).toBeVisible();
    expect(fp.getByText('••••abcd')).toBeVisible();
    expect(fp.getByText('Passed')).toBeVisible();
    expect(fp.getByRole('link', { name: 'Edit in setup: Flow Pieces' })).toHaveAttribute('href', '/setup?step=flowPieces');

    const mcp = within(screen.getByTestId('connector-row-mcp:bcgpt'));
    expect(mcp.getByText('Failed')).toBeVisible();
    expect(mcp.getByText('The server refused the key.')).toBeVisible();
    expect(mcp.getByRole('link', { name: /Edit in setup/ })).toHaveAttribute('href', '/setup?step=mcp');

    expect(within(screen.getByTestId('connector-row-mcp:docs')).queryByRole('link')).not.toBeInTheDocument();
    const ai = within(screen.getByTestId('connector-row-ai'));
    expect(ai.getByText('Not set up')).toBeVisible();
    expect(screen.getByRole('link', { name: 'Open setup' })).toHaveAttribute('href', '/setup');
  });

  it('shows a viewer the status list only, without settings or edit controls', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'viewer' })),
      'GET /api/pmos/connectors': {
        body: {
          ok: true,
          canEdit: false,
          status: [{ connector: 'flowPieces', kind: 'flow_pieces', configured: true, passed: true, checkedAtMs: 1 }],
        },
      },
    });
    renderApp('/integrations');

    const row = within(await screen.findByTestId('connector-status-flowPieces'));
    expect(row.getByText('Flow Pieces')).toBeVisible();
    expect(row.getByText('Passed')).toBeVisible();
    expect(screen.queryByTestId('connector-settings-list')).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /setup/i })).not.toBeInTheDocument();
  });
});
