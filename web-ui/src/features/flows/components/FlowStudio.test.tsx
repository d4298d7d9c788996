import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../lib/fakeSocket';
import { fail, makeUser, ok, signedInAs, stubApi, type FakeRoute, type RecordedCall } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import { applyOperation } from '../editor/applyOperation';
import type { FlowOperation, PopulatedFlow } from '../model';
import {
  PIECE_SUMMARIES,
  SLACK_PIECE,
  STORE_PIECE,
  WEBHOOK_PIECE,
  emptyTrigger,
  makeFlow,
  makeRun,
  putAction,
  webhookTrigger,
} from '../testData';

vi.mock('../canvas', () => import('../canvasStub'));

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});

const piecePath = (name: string) => `/api/pmos/pieces/${encodeURIComponent(name)}`;
const WITH_STEP = makeFlow(webhookTrigger(putAction('step_1', null, { key: 'last-order', value: '{{trigger.body.order}}' })));

interface Options {
  role?: Role;
  flow?: PopulatedFlow;
  settings?: { membersCanPublish: boolean; membersCanDelete: boolean };
  routes?: Record<string, FakeRoute>;
}

function openStudio({ role = 'workspace_admin', flow = WITH_STEP, settings = { membersCanPublish: false, membersCanDelete: false }, routes = {} }: Options = {}) {
  let server = flow;
  let seq = 3;
  const operations: FlowOperation[] = [];
  const api = stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role })),
    'GET /api/pmos/workspace/settings': ok({ settings }),
    'GET /api/pmos/flows/flow1': () => ok({ flow: server, seq }),
    'GET /api/pmos/pieces': ok({ pieces: PIECE_SUMMARIES }),
    [`GET ${piecePath(WEBHOOK_PIECE.name)}`]: ok({ piece: WEBHOOK_PIECE }),
    [`GET ${piecePath(STORE_PIECE.name)}`]: ok({ piece: STORE_PIECE }),
    [`GET ${piecePath(SLACK_PIECE.name)}`]: ok({ piece: SLACK_PIECE }),
    'GET /api/pmos/flows/flow1/runs': ok({ runs: [], next: null }),
    'POST /api/pmos/pieces/options': ok({ options: { disabled: true, placeholder: 'Connect the app first.', options: [] } }),
    'POST /api/pmos/flows/flow1/operations': ({ body }: RecordedCall) => {
      const operation = body as FlowOperation;
      operations.push(operation);
      server = applyOperation(server, operation);
      seq += 1;
      return ok({ flow: server, seq });
    },
    ...routes,
  });
  const view = renderApp('/flows/flow1');
  return { ...view, api, operations };
}

describe('Flow Studio roles', () => {
  it('shows viewers the flow and its settings as text, without any edit control', async () => {
    const { user } = openStudio({ role: 'viewer' });
    expect(await screen.findByTestId('flow-name')).toHaveTextContent('Order intake');
    expect(screen.getByTestId('step-step_1')).toBeVisible();
    expect(screen.queryByTestId(/^insert-/)).not.toBeInTheDocument();
    for (const name of ['Publish', 'Test run', 'Undo', 'Redo']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
    expect(screen.queryByRole('switch')).not.toBeInTheDocument();

    await user.click(screen.getByTestId('step-step_1'));
    const panel = within(await screen.findByTestId('step-panel'));
    expect(await panel.findByTestId('prop-key')).toHaveTextContent('last-order');
    expect(panel.queryByRole('textbox')).not.toBeInTheDocument();
    expect(panel.queryByRole('combobox')).not.toBeInTheDocument();
    expect(panel.queryByRole('button', { name: 'Delete step' })).not.toBeInTheDocument();
  });

  it('lets members edit and run but not publish when the workspace does not allow it', async () => {
    openStudio({ role: 'member' });
    expect(await screen.findByRole('button', { name: 'Test run' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Undo' })).toBeVisible();
    expect(screen.getByTestId('insert-after-step_1')).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Publish' })).not.toBeInTheDocument();
    expect(screen.queryByRole('switch', { name: 'Flow enabled' })).not.toBeInTheDocument();
  });

  it('lets members publish when the workspace allows it', async () => {
    openStudio({ role: 'member', settings: { membersCanPublish: true, membersCanDelete: false } });
    expect(await screen.findByRole('button', { name: 'Publish' })).toBeVisible();
    expect(screen.getByRole('switch', { name: 'Flow enabled' })).toBeDisabled();
  });
});

describe('Flow Studio editing', () => {
  it('sets the trigger with dropdowns only: piece, then trigger', async () => {
    const { user, operations } = openStudio({ flow: makeFlow(emptyTrigger()) });
    await user.click(await screen.findByTestId('step-trigger'));
    const panel = within(await screen.findByTestId('step-panel'));

    await user.click(panel.getByRole('combobox', { name: 'Piece' }));
    await user.type(panel.getByRole('searchbox', { name: 'Search piece' }), 'web');
    expect(panel.queryByRole('option', { name: 'Storage' })).not.toBeInTheDocument();
    await user.click(panel.getByRole('option', { name: 'Webhook' }));

    await user.click(await panel.findByRole('combobox', { name: 'Trigger' }));
    await user.click(await panel.findByRole('option', { name: 'Catch Webhook' }));
    expect(await panel.findByTestId('prop-help-liveMarkdown')).toHaveTextContent("(this flow's webhook URL)");
    expect(panel.getByRole('combobox', { name: 'Authentication' })).toHaveValue('0');

    await waitFor(() => expect(operations).toHaveLength(1), { timeout: 3000 });
    expect(operations[0]).toEqual({
      type: 'UPDATE_TRIGGER',
      request: {
        name: 'trigger',
        type: 'PIECE_TRIGGER',
        displayName: 'Catch Webhook',
        valid: true,
        settings: {
          pieceName: '@activepieces/piece-webhook',
          pieceVersion: '~0.1.29',
          triggerName: 'catch_webhook',
          input: { authType: 'none' },
          propertySettings: { authType: { type: 'MANUAL' } },
        },
      },
    });
    expect(screen.getByTestId('save-status')).toHaveTextContent('All changes saved');
  });

  it('adds a step from the "+" picker with the next step name and opens it in the panel', async () => {
    const { user, operations } = openStudio();
    await user.click(await screen.findByTestId('insert-after-step_1'));
    const picker = within(screen.getByRole('dialog', { name: 'Add a step' }));
    await user.type(picker.getByRole('searchbox', { name: 'Search pieces' }), 'stor');
    await user.click(picker.getByRole('button', { name: 'Storage' }));
    await user.click(await picker.findByRole('button', { name: 'Put' }));

    expect(screen.queryByRole('dialog', { name: 'Add a step' })).not.toBeInTheDocument();
    expect(await screen.findByTestId('panel-step-name')).toHaveTextContent('step_2');
    await waitFor(() => expect(operations).toHaveLength(1));
    expect(operations[0]).toEqual({
      type: 'ADD_ACTION',
      request: {
        parentStep: 'step_1',
        stepLocationRelativeToParent: 'AFTER',
        action: {
          name: 'step_2',
          type: 'PIECE',
          displayName: 'Put',
          valid: false,
          settings: {
            pieceName: '@activepieces/piece-store',
            pieceVersion: '~0.6.20',
            actionName: 'put',
            input: { store_scope: 'COLLECTION' },
            propertySettings: { key: { type: 'MANUAL' }, value: { type: 'MANUAL' }, store_scope: { type: 'MANUAL' } },
            errorHandlingOptions: { continueOnFailure: { value: false }, retryOnFailure: { value: false } },
          },
        },
      },
    });
    const panel = within(screen.getByTestId('step-panel'));
    expect(await panel.findByRole('textbox', { name: 'Key' })).toHaveValue('');
  });

  it('adds a router from the picker and edits a branch condition with the operator dropdown', async () => {
    const { user, operations } = openStudio();
    await user.click(await screen.findByTestId('insert-after-step_1'));
    await user.click(within(screen.getByRole('dialog', { name: 'Add a step' })).getByRole('button', { name: 'Router' }));
    const panel = within(await screen.findByTestId('step-panel'));
    await user.type(panel.getAllByRole('textbox', { name: 'First value' })[0] as HTMLElement, '5');
    await user.selectOptions(panel.getByRole('combobox', { name: 'Operator' }), 'NUMBER_IS_GREATER_THAN');
    await user.click(panel.getByRole('button', { name: 'Add branch' }));

    await waitFor(() => expect(operations.map((o) => o.type)).toEqual(['ADD_ACTION', 'UPDATE_ACTION', 'ADD_BRANCH']), { timeout: 3000 });
    expect(operations[1]?.request).toMatchObject({
      name: 'step_2',
      type: 'ROUTER',
      settings: { branches: [{ conditions: [[{ firstValue: '5', secondValue: '', operator: 'NUMBER_IS_GREATER_THAN' }]] }, { branchType: 'FALLBACK' }] },
    });
    expect(operations[2]).toEqual({
      type: 'ADD_BRANCH',
      request: {
        stepName: 'step_2',
        branchIndex: 1,
        branchName: 'Branch 2',
        conditions: [[{ firstValue: '', secondValue: '', operator: 'TEXT_CONTAINS', caseSensitive: false }]],
      },
    });
  });

  it('renames the flow in place and undoes it with Ctrl+Z', async () => {
    const { user, operations } = openStudio();
    await user.click(await screen.findByTestId('flow-name'));
    const input = screen.getByRole('textbox', { name: 'Flow name' });
    await user.clear(input);
    await user.type(input, 'Orders{Enter}');
    expect(screen.getByTestId('flow-name')).toHaveTextContent('Orders');
    await waitFor(() => expect(operations).toEqual([{ type: 'CHANGE_NAME', request: { displayName: 'Orders' } }]));

    await user.keyboard('{Control>}z{/Control}');
    await waitFor(() => expect(operations).toHaveLength(2));
    expect(operations[1]).toEqual({ type: 'CHANGE_NAME', request: { displayName: 'Order intake' } });
    expect(screen.getByTestId('flow-name')).toHaveTextContent('Order intake');

    await user.keyboard('{Control>}{Shift>}z{/Shift}{/Control}');
    await waitFor(() => expect(operations).toHaveLength(3));
    expect(operations[2]).toEqual({ type: 'CHANGE_NAME', request: { displayName: 'Orders' } });
  });

  it('shows a refusal in plain words and returns to the server version', async () => {
    const { user, api } = openStudio({
      routes: { 'POST /api/pmos/flows/flow1/operations': fail(400, 'Flow Pieces refused the change: Step step_1 is not valid.') },
    });
    await user.click(await screen.findByRole('button', { name: 'Publish' }));
    expect(await screen.findByTestId('studio-error')).toHaveTextContent('Flow Pieces refused the change: Step step_1 is not valid.');
    expect(screen.getByTestId('flow-status')).toHaveTextContent('Disabled');
    expect(screen.getByTestId('version-state')).toHaveTextContent('Draft');
    await waitFor(() => expect(api.callsTo('GET', '/api/pmos/flows/flow1').length).toBeGreaterThan(1));
  });
});

describe('Flow Studio live updates and runs', () => {
  it('subscribes to the flow topic and applies a newer flow from someone else', async () => {
    openStudio();
    expect(await screen.findByTestId('flow-name')).toHaveTextContent('Order intake');
    const socket = FakeSocket.latest();
    expect(screen.getByTestId('live-status')).toHaveTextContent('Connecting…');
    act(() => socket.open());
    expect(screen.getByTestId('live-status')).toHaveTextContent('Live');
    expect(socket.sent).toEqual([{ type: 'subscribe', topic: 'flow:flow1', lastSeq: 3 }]);

    const renamed = applyOperation(WITH_STEP, { type: 'CHANGE_NAME', request: { displayName: 'Renamed elsewhere' } });
    act(() => socket.receive({ type: 'event', topic: 'flow:flow1', seq: 4, event: 'flow.updated', data: { flow: renamed } }));
    expect(screen.getByTestId('flow-name')).toHaveTextContent('Renamed elsewhere');

    act(() => socket.drop());
    expect(screen.getByTestId('live-status')).toHaveTextContent('Reconnecting…');
  });

  it('starts a test run with the sample payload and follows it until every step has a status', async () => {
    let polls = 0;
    const running = makeRun({ id: 'run9', status: 'RUNNING', steps: { trigger: { type: 'PIECE_TRIGGER', status: 'SUCCEEDED', output: { body: { hello: 'world' } } } } });
    const done = makeRun({
      id: 'run9',
      status: 'FAILED',
      steps: {
        ...running.steps,
        step_1: { type: 'PIECE', status: 'FAILED', errorMessage: 'key: Required', duration: 12 },
      },
    });
    const { user, api } = openStudio({
      routes: {
        'POST /api/pmos/flows/flow1/runs': ok({ runId: 'run9' }),
        'GET /api/pmos/runs/run9': () => {
          polls += 1;
          return ok({ run: polls < 2 ? running : done });
        },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Test run' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Test run' }));
    expect(dialog.getByRole('textbox', { name: 'Sample payload (JSON)' })).toHaveValue('{"hello": "world"}');
    await user.click(dialog.getByRole('button', { name: 'Start test run' }));

    const runs = within(await screen.findByTestId('runs-panel'));
    expect(api.callsTo('POST', '/api/pmos/flows/flow1/runs')[0]?.body).toEqual({ payload: { hello: 'world' } });
    expect(runs.getByTestId('run-row-run9')).toHaveTextContent('Test');
    expect(await runs.findByTestId('run-step-status-trigger')).toHaveTextContent('Succeeded');
    await waitFor(() => expect(runs.getByTestId('run-status')).toHaveTextContent('Failed'), { timeout: 3000 });
    expect(runs.getByTestId('run-step-status-step_1')).toHaveTextContent('Failed');
    expect(runs.getByTestId('run-step-step_1')).toHaveTextContent('key: Required');
    expect(polls).toBe(2);
  });

  it('refuses a payload that is not a JSON object', async () => {
    const { user, api } = openStudio();
    await user.click(await screen.findByRole('button', { name: 'Test run' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Test run' }));
    const payload = dialog.getByRole('textbox', { name: 'Sample payload (JSON)' });
    await user.clear(payload);
    await user.type(payload, '[[1]');
    await user.click(dialog.getByRole('button', { name: 'Start test run' }));
    expect(dialog.getByTestId('test-run-error')).toHaveTextContent('must be a JSON object');
    expect(api.callsTo('POST', '/api/pmos/flows/flow1/runs')).toHaveLength(0);
  });
});
