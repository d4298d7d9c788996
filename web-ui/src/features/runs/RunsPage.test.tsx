import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, makeUser, ok, signedInAs, stubApi } from '../../test/fakeApi';
import { renderApp } from '../../test/renderApp';
import { duration, type RecentRun } from './RunsPage';

const RUNS: RecentRun[] = [
  {
    id: 'r2',
    flowId: 'f1',
    flowName: 'Order intake',
    status: 'FAILED',
    created: '2025-06-02T10:00:00.000Z',
    startTime: '2025-06-02T10:00:00.000Z',
    finishTime: '2025-06-02T10:00:01.500Z',
    environment: 'PRODUCTION',
  },
  { id: 'r1', flowId: 'f2', flowName: 'Daily digest', status: 'RUNNING', created: '2025-06-02T09:00:00.000Z' },
];

describe('RunsPage', () => {
  it('lists recent runs with their flow, status and duration, linking to the flow', async () => {
    stubApi({ 'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'viewer' })), 'GET /api/pmos/runs': ok({ runs: RUNS, next: null }) });
    renderApp('/runs');
    const failed = within(await screen.findByTestId('recent-run-r2'));
    expect(failed.getByRole('link', { name: 'Order intake' })).toHaveAttribute('href', '/flows/f1');
    expect(failed.getByText('Failed')).toBeVisible();
    expect(failed.getByText('1.5 s')).toBeVisible();
    expect(within(screen.getByTestId('recent-run-r1')).getByText('Running')).toBeVisible();
  });

  it('says so when there are no runs yet', async () => {
    stubApi({ 'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'member' })), 'GET /api/pmos/runs': ok({ runs: [], next: null }) });
    renderApp('/runs');
    expect(await screen.findByTestId('runs-empty')).toHaveTextContent('When a published flow is triggered');
  });

  it('points to Setup when Flow Pieces is not connected', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'workspace_admin' })),
      'GET /api/pmos/runs': fail(409, 'Connect Flow Pieces first: a workspace admin sets it up in Setup.'),
    });
    renderApp('/runs');
    const panel = within(await screen.findByTestId('runs-not-connected'));
    expect(panel.getByRole('link', { name: 'Connect Flow Pieces in Setup' })).toHaveAttribute('href', '/setup');
  });

  it('words durations plainly and leaves running ones empty', () => {
    expect(duration({ startTime: '2025-01-01T00:00:00Z', finishTime: '2025-01-01T00:03:10Z' })).toBe('3 min');
    expect(duration({ startTime: '2025-01-01T00:00:00Z', finishTime: null })).toBe('');
  });
});
