import { screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../lib/fakeSocket';
import { fail, makeUser, ok, signedInAs, stubApi, type FakeRoute, type RecordedCall } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import type { FlowSummary } from '../model';
import { emptyTrigger, makeFlow } from '../testData';

vi.mock('../canvas', () => import('../canvasStub'));

beforeEach(() => {
  vi.stubGlobal('WebSocket', FakeSocket);
});

const FLOWS: FlowSummary[] = [
  {
    id: 'f1',
    displayName: 'Order intake',
    status: 'ENABLED',
    updated: '2025-06-02T09:30:00.000Z',
    created: '2025-06-01T09:30:00.000Z',
    publishedVersionId: 'v1',
    valid: true,
    lastRun: { id: 'r1', status: 'FAILED', created: '2025-06-02T10:00:00.000Z' },
  },
  {
    id: 'f2',
    displayName: 'Draft idea',
    status: 'DISABLED',
    updated: '2025-06-03T09:30:00.000Z',
    created: '2025-06-03T09:30:00.000Z',
    publishedVersionId: null,
    valid: false,
  },
];

function stub(role: Role, routes: Record<string, FakeRoute> = {}, settings = { membersCanPublish: false, membersCanDelete: false }) {
  return stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role })),
    'GET /api/pmos/workspace/settings': ok({ settings }),
    'GET /api/pmos/flows': ok({ flows: FLOWS, next: null }),
    ...routes,
  });
}

describe('AutomationsPage', () => {
  it('explains what a flow is and offers to create the first one', async () => {
    stub('member', { 'GET /api/pmos/flows': ok({ flows: [], next: null }) });
    renderApp('/flows');
    const empty = within(await screen.findByTestId('flows-empty'));
    expect(empty.getByText(/A flow is a series of steps/)).toBeVisible();
    expect(empty.getByRole('button', { name: 'Create your first flow' })).toBeVisible();
  });

  it('shows viewers the explanation without a create button', async () => {
    stub('viewer', { 'GET /api/pmos/flows': ok({ flows: [], next: null }) });
    renderApp('/flows');
    const empty = within(await screen.findByTestId('flows-empty'));
    expect(empty.getByText(/A flow is a series of steps/)).toBeVisible();
    expect(empty.queryByRole('button')).not.toBeInTheDocument();
  });

  it('says plainly that Flow Pieces is not connected and links to the setup', async () => {
    stub('workspace_admin', {
      'GET /api/pmos/flows': fail(409, 'Connect Flow Pieces first in the setup.'),
    });
    renderApp('/flows');
    const notice = within(await screen.findByTestId('flows-not-connected'));
    expect(notice.getByText('Connect Flow Pieces first in the setup.')).toBeVisible();
    expect(notice.getByRole('link', { name: 'Open the setup' })).toHaveAttribute('href', '/setup');
    expect(screen.queryByRole('button', { name: /Create/ })).not.toBeInTheDocument();
  });

  it('lists flows with status, last run and the actions the role allows', async () => {
    stub('workspace_admin');
    renderApp('/flows');
    const row = within(await screen.findByTestId('flow-row-f1'));
    expect(row.getByRole('link', { name: 'Order intake' })).toHaveAttribute('href', '/flows/f1');
    expect(row.getByTestId('flow-row-status')).toHaveTextContent('Enabled');
    expect(row.getByText('Failed')).toBeVisible();
    expect(row.getByRole('button', { name: 'Disable Order intake' })).toBeVisible();
    expect(row.getByRole('button', { name: 'Delete Order intake' })).toBeVisible();
    expect(row.getByRole('link', { name: 'Open Order intake in Flow Studio' })).toHaveAttribute('href', '/flows/f1');

    const draft = within(screen.getByTestId('flow-row-f2'));
    expect(draft.getByText('No runs yet')).toBeVisible();
    expect(draft.queryByRole('button', { name: /Enable/ })).not.toBeInTheDocument();
  });

  it('hides enable, disable and delete from members unless the workspace allows them', async () => {
    stub('member');
    renderApp('/flows');
    const row = within(await screen.findByTestId('flow-row-f1'));
    expect(row.getByRole('button', { name: 'Rename Order intake' })).toBeVisible();
    expect(row.queryByRole('button', { name: /Disable/ })).not.toBeInTheDocument();
    expect(row.queryByRole('button', { name: /Delete/ })).not.toBeInTheDocument();
  });

  it('creates a flow from a name and opens it in Flow Studio', async () => {
    const api = stub('member', {
      'GET /api/pmos/flows': ok({ flows: [], next: null }),
      'POST /api/pmos/flows': { status: 201, body: { ok: true, flow: makeFlow(emptyTrigger(), { id: 'new1' }), seq: 1 } },
      'GET /api/pmos/flows/new1': ok({ flow: makeFlow(emptyTrigger(), { id: 'new1' }), seq: 1 }),
    });
    const { user } = renderApp('/flows');
    await user.click(await screen.findByRole('button', { name: 'Create your first flow' }));
    const form = within(screen.getByRole('form', { name: 'Create flow' }));
    await user.type(form.getByLabelText('Flow name'), '  Order intake ');
    await user.click(form.getByRole('button', { name: 'Create and open' }));

    expect(api.callsTo('POST', '/api/pmos/flows')[0]?.body).toEqual({ displayName: 'Order intake' });
    expect(await screen.findByTestId('flow-name')).toHaveTextContent('Order intake');
    expect(api.callsTo('GET', '/api/pmos/flows/new1')).toHaveLength(1);
  });

  it('retries a create whose outcome is unknown with the same Idempotency-Key, and a new flow with a new one', async () => {
    const keys: string[] = [];
    let attempts = 0;
    const api = stub('member', {
      'GET /api/pmos/flows': ok({ flows: [], next: null }),
      'POST /api/pmos/flows': ({ init }: RecordedCall) => {
        keys.push((init?.headers as Record<string, string>)['Idempotency-Key'] ?? '');
        attempts += 1;
        return attempts < 3
          ? fail(504, 'Flow Pieces did not answer within 10 s, so the change may or may not have been applied.')
          : { status: 201, body: { ok: true, flow: makeFlow(emptyTrigger(), { id: 'new1' }), seq: 1 } };
      },
      'GET /api/pmos/flows/new1': ok({ flow: makeFlow(emptyTrigger(), { id: 'new1' }), seq: 1 }),
    });
    const { user } = renderApp('/flows');
    await user.click(await screen.findByRole('button', { name: 'Create your first flow' }));
    const form = within(screen.getByRole('form', { name: 'Create flow' }));
    await user.type(form.getByLabelText('Flow name'), 'Order intake');
    await user.click(form.getByRole('button', { name: 'Create and open' }));
    expect(await screen.findByTestId('create-flow-error')).toHaveTextContent('may or may not have been applied');
    await user.click(form.getByRole('button', { name: 'Create and open' }));
    await vi.waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[1]).toBe(keys[0]);

    await user.type(form.getByLabelText('Flow name'), ' 2');
    await user.click(form.getByRole('button', { name: 'Create and open' }));
    expect(await screen.findByTestId('flow-name')).toBeVisible();
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[2]).not.toBe(keys[0]);
    expect(api.callsTo('POST', '/api/pmos/flows')[2]?.body).toEqual({ displayName: 'Order intake 2' });
  });

  it('renames with CHANGE_NAME and deletes only after confirmation', async () => {
    const api = stub('workspace_admin', {
      'POST /api/pmos/flows/f1/operations': ({ body }: RecordedCall) => ok({ flow: makeFlow(emptyTrigger(), { id: 'f1' }), seq: 2, echo: body }),
      'DELETE /api/pmos/flows/f1': ok(),
    });
    const { user } = renderApp('/flows');
    const row = within(await screen.findByTestId('flow-row-f1'));

    await user.click(row.getByRole('button', { name: 'Rename Order intake' }));
    const name = row.getByRole('textbox', { name: 'New name' });
    await user.clear(name);
    await user.type(name, 'Orders{Enter}');
    expect(await screen.findByTestId('flows-status')).toHaveTextContent('Renamed to Orders.');
    expect(api.callsTo('POST', '/api/pmos/flows/f1/operations')[0]?.body).toEqual({
      type: 'CHANGE_NAME',
      request: { displayName: 'Orders' },
    });

    await user.click(row.getByRole('button', { name: 'Delete Order intake' }));
    expect(api.callsTo('DELETE', '/api/pmos/flows/f1')).toHaveLength(0);
    await user.click(within(screen.getByRole('alertdialog', { name: 'Delete Order intake' })).getByRole('button', { name: 'Yes, delete' }));
    expect(await screen.findByTestId('flows-status')).toHaveTextContent('Order intake was deleted.');
    expect(api.callsTo('DELETE', '/api/pmos/flows/f1')).toHaveLength(1);
  });
});
