import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../lib/fakeSocket';
import { makeUser, ok, signedInAs, stubApi, type FakeRoute } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import type { Approval } from '../types';

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});

function request(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'ap1',
    runId: 'r1',
    toolCallId: 'call_1',
    tool: 'flow_delete',
    arguments: { flow: 'Daily digest' },
    riskReason: 'deleting a flow is a high-risk action',
    requestedBy: 'mo@example.com',
    status: 'pending',
    expiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    createdAt: '2025-06-01T10:00:00Z',
    ...overrides,
  };
}

function stub(role: Role, routes: Record<string, FakeRoute> = {}) {
  return stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role })),
    'GET /api/pmos/approvals?status=pending': ok({ approvals: [request()] }),
    'GET /api/pmos/approvals?status=approved': ok({ approvals: [] }),
    'GET /api/pmos/approvals?status=denied': ok({ approvals: [] }),
    'GET /api/pmos/approvals?status=expired': ok({ approvals: [] }),
    ...routes,
  });
}

describe('Approvals inbox', () => {
  it('lists pending requests with their tool, arguments, requester, run and expiry, and lets admins approve', async () => {
    let pending = [request()];
    const api = stub('workspace_admin', {
      'GET /api/pmos/approvals?status=pending': () => ok({ approvals: pending }),
      'POST /api/pmos/approvals/ap1/decision': () => {
        pending = [];
        return ok({ approval: request({ status: 'approved', decidedBy: 'ada@example.com' }) });
      },
    });
    const { user } = renderApp('/approvals');

    const row = within(await screen.findByTestId('approval-row'));
    expect(row.getByTestId('approval-tool')).toHaveTextContent('flow_delete');
    expect(row.getByTestId('approval-arguments')).toHaveTextContent('"flow": "Daily digest"');
    expect(row.getByText('Deleting a flow is a high-risk action.')).toBeVisible();
    expect(row.getByText(/Requested by mo@example.com/)).toBeVisible();
    expect(row.getByTestId('approval-expiry')).toHaveTextContent(/expires in (9|10) min/);
    expect(row.getByRole('link', { name: 'Open the run' })).toHaveAttribute('href', '/chat/runs/r1');

    expect(await screen.findByTestId('approvals-count')).toHaveTextContent('1');

    await user.click(row.getByRole('button', { name: 'Approve' }));
    expect(api.callsTo('POST', '/api/pmos/approvals/ap1/decision')[0]?.body).toEqual({ decision: 'approve' });
    expect(await screen.findByTestId('approvals-empty')).toHaveTextContent('waits here until an admin decides');
    // The nav count is told as well.
    await waitFor(() => expect(screen.queryByTestId('approvals-count')).not.toBeInTheDocument());
  });

  it('shows members their own requests without decision buttons', async () => {
    stub('member');
    renderApp('/approvals');
    const row = within(await screen.findByTestId('approval-row'));
    expect(row.getByText("Waiting for an admin’s approval.")).toBeVisible();
    expect(row.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(row.queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Approvals' })).toBeVisible();
  });

  it('tells a super admin that their own shell command waits for another super admin, without buttons', async () => {
    const api = stub('super_admin', {
      'GET /api/pmos/approvals?status=pending': ok({
        approvals: [
          request({
            tool: 'shell.exec',
            runId: undefined,
            arguments: { argv: ['uptime'] },
            requestedBy: 'root@example.com',
            canDecide: false,
          }),
        ],
      }),
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'super_admin', email: 'root@example.com' })),
    });
    renderApp('/approvals');
    const row = within(await screen.findByTestId('approval-row'));
    expect(row.getByTestId('approval-rule')).toHaveTextContent('Waiting for another super admin to decide on your command.');
    expect(row.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    // Nor is it counted as waiting for them in the navigation, once the count was read.
    await waitFor(() => expect(api.calls.filter((c) => c.path === '/api/pmos/approvals?status=pending').length).toBeGreaterThanOrEqual(2));
    expect(screen.queryByTestId('approvals-count')).not.toBeInTheDocument();
  });

  it('states the shell rule beside the buttons of another super admin', async () => {
    stub('super_admin', {
      'GET /api/pmos/approvals?status=pending': ok({
        approvals: [request({ tool: 'shell.exec', runId: undefined, arguments: { argv: ['uptime'] }, canDecide: true })],
      }),
    });
    renderApp('/approvals');
    const row = within(await screen.findByTestId('approval-row'));
    expect(row.getByTestId('approval-rule')).toHaveTextContent('never by the person who asked');
    expect(row.getByTestId('approval-rule')).toHaveTextContent('requester and the approver only');
    expect(row.getByRole('button', { name: 'Approve' })).toBeVisible();
  });

  it('hides the buttons from an admin the server says may not decide (four eyes on their own request)', async () => {
    stub('workspace_admin', {
      'GET /api/pmos/approvals?status=pending': ok({ approvals: [request({ canDecide: false })] }),
    });
    renderApp('/approvals');
    const row = within(await screen.findByTestId('approval-row'));
    expect(row.getByTestId('approval-rule')).toHaveTextContent('You cannot decide this request.');
    expect(row.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('lists decided requests with who decided and why', async () => {
    stub('workspace_admin', {
      'GET /api/pmos/approvals?status=denied': ok({
        approvals: [request({ id: 'ap2', status: 'denied', decidedBy: 'bo@example.com', decidedAt: '2025-06-01T11:00:00Z', reason: 'We still need it' })],
      }),
      'GET /api/pmos/approvals?status=expired': ok({
        approvals: [request({ id: 'ap3', tool: 'flow_publish', status: 'expired', expiresAt: '2025-06-01T09:00:00Z' })],
      }),
    });
    const { user } = renderApp('/approvals');
    await user.click(await screen.findByRole('tab', { name: 'Decided' }));

    const rows = await screen.findAllByTestId('approval-decided-row');
    expect(rows).toHaveLength(2);
    const denied = within(rows[0]!);
    expect(denied.getByTestId('approval-decision')).toHaveTextContent('Denied');
    expect(denied.getByTestId('approval-decider')).toHaveTextContent('by bo@example.com');
    expect(denied.getByTestId('approval-reason')).toHaveTextContent('Reason: We still need it');
    expect(within(rows[1]!).getByTestId('approval-decision')).toHaveTextContent('Expired');
    expect(within(rows[1]!).getByText('Nobody decided in time.')).toBeVisible();
  });
});

describe('Approvals count in the navigation', () => {
  it('shows admins the number of pending requests and keeps it live from the approvals topic and on focus', async () => {
    let pending = [request(), request({ id: 'ap2' })];
    const api = stub('workspace_admin', {
      'GET /api/pmos/approvals?status=pending': () => ok({ approvals: pending }),
    });
    renderApp('/');
    const nav = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(await nav.findByTestId('approvals-count')).toHaveTextContent('2');
    expect(nav.getByRole('link', { name: /Approvals/ })).toHaveAttribute('href', '/approvals');

    const socket = FakeSocket.latest();
    act(() => socket.open());
    expect(socket.sent).toContainEqual({ type: 'subscribe', topic: 'approvals:w-1' });

    pending = [...pending, request({ id: 'ap3' })];
    act(() =>
      socket.receive({ type: 'event', topic: 'approvals:w-1', seq: 1, event: 'approval.requested', data: { type: 'approval.requested', data: { approvalId: 'ap3' } } }),
    );
    await waitFor(() => expect(nav.getByTestId('approvals-count')).toHaveTextContent('3'));

    pending = [];
    const before = api.callsTo('GET', '/api/pmos/approvals').length;
    fireEvent.focus(window);
    await waitFor(() => expect(nav.queryByTestId('approvals-count')).not.toBeInTheDocument());
    expect(api.callsTo('GET', '/api/pmos/approvals').length).toBe(before + 1);
  });

  it('gives members the link without a count', async () => {
    const api = stub('member');
    renderApp('/');
    const nav = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(nav.getByRole('link', { name: 'Approvals' })).toBeVisible();
    expect(nav.queryByTestId('approvals-count')).not.toBeInTheDocument();
    expect(api.callsTo('GET', '/api/pmos/approvals')).toHaveLength(0);
  });

  it('leaves viewers without the approvals link', async () => {
    stub('viewer');
    renderApp('/');
    const nav = within(await screen.findByRole('navigation', { name: 'Main' }));
    expect(nav.queryByRole('link', { name: /Approvals/ })).not.toBeInTheDocument();
  });
});
