import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../lib/fakeSocket';
import { fail, makeUser, ok, signedInAs, stubApi, type FakeRoute } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import type { ChatMessage, TraceEvent } from '../types';

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
});

const CONVERSATION = { id: 'c1', title: 'Ops', createdAt: '2025-06-01T10:00:00Z', updatedAt: '2025-06-01T10:00:00Z' };
const ev = (seq: number, type: string, data: Record<string, unknown> = {}): TraceEvent => ({ seq, type, data });
const message = (id: string, runId: string, role: 'user' | 'assistant', content: string): ChatMessage => ({
  id,
  runId,
  role,
  content,
  createdAt: '2025-06-01T10:00:00Z',
});

/** What the server sends on the socket for a trace event of run `runId`. */
function push(runId: string, event: TraceEvent) {
  act(() =>
    FakeSocket.latest().receive({
      type: 'event',
      topic: `run:${runId}`,
      seq: event.seq,
      event: event.type,
      data: { runId, ts: '2025-06-01T10:00:01Z', type: event.type, data: event.data },
    }),
  );
}

function openChat({ role = 'workspace_admin', messages = [], routes = {} }: { role?: Role; messages?: ChatMessage[]; routes?: Record<string, FakeRoute> } = {}) {
  const api = stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role })),
    'GET /api/pmos/chat/conversations': ok({ conversations: [CONVERSATION] }),
    'GET /api/pmos/chat/conversations/c1': ok({ conversation: CONVERSATION, messages }),
    ...routes,
  });
  return { api, ...renderApp('/chat') };
}

/** The message box once the conversation is read (it is disabled until then). */
async function input() {
  const box = await screen.findByTestId('chat-input');
  await waitFor(() => expect(box).toBeEnabled());
  return box;
}

describe('Chat page', () => {
  it('explains what to ask in an empty conversation', async () => {
    openChat();
    expect(await screen.findByTestId('chat-intro')).toHaveTextContent(
      "Ask PMOS to build or run a flow. Without an AI model, PMOS understands commands like 'create a flow named Daily digest with a schedule trigger and a slack message'.",
    );
    expect(screen.getByRole('heading', { level: 1, name: 'Chat' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'New conversation' })).toBeVisible();
  });

  it('explains the chat to a person without conversations, and starts one', async () => {
    const created = { ...CONVERSATION, id: 'c2', title: 'New conversation' };
    let list = [] as (typeof CONVERSATION)[];
    const { user, api } = openChat({
      routes: {
        'GET /api/pmos/chat/conversations': () => ok({ conversations: list }),
        'POST /api/pmos/chat/conversations': () => {
          list = [created];
          return { status: 201, body: { ok: true, conversation: created } };
        },
        'GET /api/pmos/chat/conversations/c2': ok({ conversation: created, messages: [] }),
      },
    });
    const empty = await screen.findByTestId('chat-empty');
    expect(empty).toHaveTextContent('Without an AI model, PMOS understands commands like');
    await user.click(within(empty).getByRole('button', { name: 'Start a conversation' }));
    expect(await screen.findByTestId('chat-intro')).toBeVisible();
    expect(api.callsTo('POST', '/api/pmos/chat/conversations')).toHaveLength(1);
    const sidebar = within(screen.getByRole('navigation', { name: 'Conversations' }));
    expect(sidebar.getByRole('button', { name: 'New conversation', current: true })).toBeVisible();
  });

  it('streams the answer from deltas, keeps the composer disabled while the run works, then re-enables it', async () => {
    const { user, api } = openChat({
      routes: { 'POST /api/pmos/chat/conversations/c1/messages': { status: 202, body: { ok: true, runId: 'r1' } } },
    });
    await user.type(await input(), 'list flows{Enter}');

    expect(api.callsTo('POST', '/api/pmos/chat/conversations/c1/messages')[0]?.body).toEqual({ text: 'list flows' });
    expect(await screen.findByTestId('chat-user-message')).toHaveTextContent('list flows');
    expect(screen.getByTestId('chat-input')).toBeDisabled();
    expect(screen.getByTestId('chat-input')).toHaveValue('');
    expect(screen.getByTestId('chat-send')).toBeDisabled();
    expect(screen.getByTestId('chat-cancel')).toBeVisible();

    const socket = FakeSocket.latest();
    act(() => socket.open());
    expect(socket.sent).toContainEqual({ type: 'subscribe', topic: 'run:r1', lastSeq: 0 });

    push('r1', ev(1, 'run.started', { conversationId: 'c1', provider: 'builtin', message: 'list flows' }));
    push('r1', ev(2, 'tool.started', { toolCallId: 't1', tool: 'flows_list', arguments: {} }));
    const step = await screen.findByTestId('trace-step');
    expect(step).toHaveAttribute('data-status', 'running');
    expect(within(step).getByTestId('trace-step-status')).toHaveTextContent('Running');

    push('r1', ev(3, 'tool.finished', { toolCallId: 't1', tool: 'flows_list', status: 'ok', durationMs: 1500, result: { flows: [{ name: 'Daily digest' }] } }));
    expect(step).toHaveAttribute('data-status', 'ok');
    expect(within(step).getByTestId('trace-step-status')).toHaveTextContent('Done');
    expect(step).toHaveTextContent('1.5 s');
    expect(within(step).getByTestId('trace-step-summary')).toHaveTextContent('1 flow: Daily digest');

    push('r1', ev(4, 'assistant.delta', { text: 'Flows: Daily ' }));
    expect(screen.getByTestId('assistant-text')).toHaveTextContent('Flows: Daily');
    push('r1', ev(5, 'assistant.delta', { text: 'digest (DISABLED).' }));
    expect(screen.getByTestId('assistant-text')).toHaveTextContent('Flows: Daily digest (DISABLED).');
    expect(screen.getByTestId('chat-input')).toBeDisabled();

    push('r1', ev(6, 'assistant.message', { text: 'Flows: Daily digest (DISABLED).' }));
    push('r1', ev(7, 'run.finished', { status: 'succeeded', steps: 2 }));
    expect(screen.getByTestId('chat-run-status')).toHaveTextContent('Finished');
    expect(screen.getByTestId('chat-input')).toBeEnabled();
    expect(screen.queryByTestId('chat-cancel')).not.toBeInTheDocument();
    // The stored answer is read back once the run is over.
    await waitFor(() => expect(api.callsTo('GET', '/api/pmos/chat/conversations/c1')).toHaveLength(2));
  });

  it('adds a line with Shift+Enter and sends nothing', async () => {
    const { user, api } = openChat();
    const box = await input();
    await user.type(box, 'line one{Shift>}{Enter}{/Shift}line two');
    expect(box).toHaveValue('line one\nline two');
    expect(api.callsTo('POST', '/api/pmos/chat/conversations/c1/messages')).toHaveLength(0);
  });

  it('says a reply is still running when the server refuses a second message', async () => {
    const { user } = openChat({
      routes: {
        'POST /api/pmos/chat/conversations/c1/messages': fail(409, 'A reply in this conversation is still running: wait for it, or cancel it.'),
      },
    });
    await user.type(await input(), 'list flows');
    await user.click(screen.getByTestId('chat-send'));
    expect(await screen.findByTestId('chat-send-error')).toHaveTextContent('A reply is still running…');
    expect(screen.getByTestId('chat-input')).toHaveValue('list flows');
  });

  it('cancels the running reply', async () => {
    const { user, api } = openChat({
      routes: {
        'POST /api/pmos/chat/conversations/c1/messages': { status: 202, body: { ok: true, runId: 'r1' } },
        'POST /api/pmos/chat/runs/r1/cancel': ok(),
        'GET /api/pmos/chat/runs/r1/trace': ok({ runId: 'r1', status: 'cancelled', events: [ev(1, 'run.started'), ev(2, 'run.finished', { status: 'cancelled', steps: 0 })] }),
      },
    });
    await user.type(await input(), 'delete flow Daily digest{Enter}');
    await user.click(await screen.findByTestId('chat-cancel'));
    expect(api.callsTo('POST', '/api/pmos/chat/runs/r1/cancel')).toHaveLength(1);
    expect(await screen.findByTestId('chat-run-status')).toHaveTextContent('Cancelled');
    expect(screen.getByTestId('chat-input')).toBeEnabled();
  });

  it('shows the same conversation after a reload: stored messages, and the last run read from its trace', async () => {
    const { user, api } = openChat({
      messages: [
        message('m1', 'r0', 'user', 'create a flow named Daily digest'),
        message('m2', 'r0', 'assistant', 'Done (flow create): flow "Daily digest" now has 0 step(s).'),
        message('m3', 'r1', 'user', 'call tool echo with {"message": "hi"}'),
      ],
      routes: {
        'GET /api/pmos/chat/runs/r1/trace': ok({
          runId: 'r1',
          status: 'running',
          events: [
            ev(1, 'run.started', { message: 'call tool echo with {"message": "hi"}' }),
            ev(2, 'tool.started', { toolCallId: 'e', tool: 'bcgpt__echo', arguments: { message: 'hi' } }),
          ],
        }),
        'GET /api/pmos/chat/runs/r0/trace': ok({
          runId: 'r0',
          status: 'succeeded',
          events: [
            ev(1, 'run.started', { message: 'create a flow named Daily digest' }),
            ev(2, 'tool.started', { toolCallId: 'a', tool: 'flow_create', arguments: { name: 'Daily digest' } }),
            ev(3, 'flow.updated', { flowId: 'f1', name: 'Daily digest', operation: 'flow_create' }),
            ev(4, 'tool.finished', { toolCallId: 'a', tool: 'flow_create', status: 'ok', durationMs: 30, result: { flowId: 'f1', name: 'Daily digest', steps: [] } }),
            ev(5, 'run.finished', { status: 'succeeded', steps: 2 }),
          ],
        }),
      },
    });
    const turns = await screen.findAllByTestId('chat-turn');
    expect(turns).toHaveLength(2);
    expect(within(turns[0]!).getByTestId('assistant-text')).toHaveTextContent('Done (flow create)');
    const running = await within(turns[1]!).findByTestId('trace-step');
    expect(running).toHaveAttribute('data-tool', 'bcgpt__echo');
    expect(screen.getByTestId('chat-input')).toBeDisabled();
    expect(api.callsTo('GET', '/api/pmos/chat/runs/r0/trace')).toHaveLength(0);

    // Older turns read their steps on demand.
    await user.click(within(turns[0]!).getByTestId('show-steps'));
    const step = await within(turns[0]!).findByTestId('trace-step');
    expect(step).toHaveAttribute('data-status', 'ok');
    expect(step).toHaveTextContent('Flow "Daily digest": 0 steps');
    expect(within(turns[0]!).getByRole('link', { name: 'Daily digest' })).toHaveAttribute('href', '/flows/f1');

    // Resumed on the socket after the last event read.
    act(() => FakeSocket.latest().open());
    expect(FakeSocket.latest().sent).toContainEqual({ type: 'subscribe', topic: 'run:r1', lastSeq: 2 });
    push('r1', ev(3, 'tool.finished', { toolCallId: 'e', tool: 'bcgpt__echo', status: 'ok', durationMs: 8, result: { isError: false, text: 'Echo: hi' } }));
    expect(within(turns[1]!).getByTestId('trace-step-summary')).toHaveTextContent('Echo: hi');
    await user.click(within(turns[1]!).getByRole('button', { name: /bcgpt__echo/ }));
    expect(within(turns[1]!).getByTestId('trace-step-arguments')).toHaveTextContent('"message": "hi"');
  });
});

describe('Approvals inside the trace', () => {
  const waiting = {
    runId: 'r1',
    status: 'waiting_approval',
    events: [
      ev(1, 'run.started', { message: 'delete flow Daily digest' }),
      ev(2, 'approval.requested', {
        approvalId: 'ap1',
        toolCallId: 'd',
        tool: 'flow_delete',
        arguments: { flow: 'Daily digest' },
        reason: 'deleting a flow is a high-risk action',
        expiresAt: new Date(Date.now() + 29 * 60_000).toISOString(),
      }),
    ],
  };
  const conversation = [message('m1', 'r1', 'user', 'delete flow Daily digest')];

  it('gives admins Approve and Deny; denying asks for a reason', async () => {
    const { user, api } = openChat({
      messages: conversation,
      routes: {
        'GET /api/pmos/chat/runs/r1/trace': ok(waiting),
        'POST /api/pmos/approvals/ap1/decision': ok({ approval: { id: 'ap1', status: 'denied' } }),
      },
    });
    const step = await screen.findByTestId('trace-step');
    expect(step).toHaveAttribute('data-status', 'waiting');
    expect(within(step).getByTestId('trace-step-status')).toHaveTextContent('Waiting for approval');
    expect(within(step).getByTestId('trace-approval')).toHaveTextContent('Needs approval: Deleting a flow is a high-risk action.');
    expect(within(step).getByTestId('trace-approval')).toHaveTextContent(/expires in (29|30) min/);
    expect(within(step).getByTestId('trace-step-arguments')).toHaveTextContent('"flow": "Daily digest"');
    expect(screen.getByTestId('chat-run-status')).toHaveTextContent('Waiting for approval');
    expect(within(step).getByRole('button', { name: 'Approve' })).toBeVisible();

    await user.click(within(step).getByRole('button', { name: 'Deny' }));
    const form = within(step).getByRole('form', { name: 'Deny flow_delete' });
    expect(within(form).getByRole('button', { name: 'Deny request' })).toBeDisabled();
    await user.type(within(form).getByRole('textbox'), 'We still need it');
    await user.click(within(form).getByRole('button', { name: 'Deny request' }));
    expect(api.callsTo('POST', '/api/pmos/approvals/ap1/decision')[0]?.body).toEqual({ decision: 'deny', reason: 'We still need it' });

    act(() => FakeSocket.latest().open());
    push('r1', ev(3, 'approval.resolved', { approvalId: 'ap1', decision: 'denied', by: 'ada@example.com', reason: 'We still need it' }));
    expect(within(step).getByTestId('trace-approval-outcome')).toHaveTextContent('Denied by ada@example.com: We still need it');
    expect(within(step).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('approves in one click and shows the run going on once resolved', async () => {
    const { user, api } = openChat({
      messages: conversation,
      routes: {
        'GET /api/pmos/chat/runs/r1/trace': ok(waiting),
        'POST /api/pmos/approvals/ap1/decision': ok({ approval: { id: 'ap1', status: 'approved' } }),
      },
    });
    const step = await screen.findByTestId('trace-step');
    await user.click(within(step).getByRole('button', { name: 'Approve' }));
    expect(api.callsTo('POST', '/api/pmos/approvals/ap1/decision')[0]?.body).toEqual({ decision: 'approve' });

    act(() => FakeSocket.latest().open());
    push('r1', ev(3, 'approval.resolved', { approvalId: 'ap1', decision: 'approved', by: 'ada@example.com' }));
    push('r1', ev(4, 'tool.started', { toolCallId: 'd', tool: 'flow_delete', arguments: { flow: 'Daily digest' } }));
    push('r1', ev(5, 'tool.finished', { toolCallId: 'd', tool: 'flow_delete', status: 'ok', durationMs: 12, result: { deleted: true } }));
    push('r1', ev(6, 'run.finished', { status: 'succeeded', steps: 2 }));
    expect(step).toHaveAttribute('data-status', 'ok');
    expect(within(step).getByTestId('trace-approval-outcome')).toHaveTextContent('Approved by ada@example.com.');
    expect(screen.getByTestId('chat-run-status')).toHaveTextContent('Finished');
  });

  it('shows members a waiting note instead of decision buttons', async () => {
    openChat({ role: 'member', messages: conversation, routes: { 'GET /api/pmos/chat/runs/r1/trace': ok(waiting) } });
    const step = await screen.findByTestId('trace-step');
    expect(within(step).getByTestId('approval-waiting')).toHaveTextContent("Waiting for an admin’s approval.");
    expect(within(step).queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(within(step).queryByRole('button', { name: 'Deny' })).not.toBeInTheDocument();
  });

  it('says in plain words why a run failed', async () => {
    openChat({
      messages: [message('m1', 'r1', 'user', 'hi'), message('m2', 'r1', 'assistant', 'The AI provider refused the key.')],
      routes: {
        'GET /api/pmos/chat/runs/r1/trace': ok({
          runId: 'r1',
          status: 'failed',
          events: [
            ev(1, 'run.started', { message: 'hi' }),
            ev(2, 'run.error', { code: 'AI_KEY_INVALID', message: 'The AI provider refused the key.' }),
            ev(3, 'run.finished', { status: 'failed', steps: 0 }),
          ],
        }),
      },
    });
    expect(await screen.findByTestId('chat-run-error')).toHaveTextContent(
      'The AI provider refused the key. An admin can check the AI provider in Integrations.',
    );
    expect(screen.getByTestId('chat-run-status')).toHaveTextContent('Failed');
    expect(screen.queryByTestId('assistant-text')).not.toBeInTheDocument();
  });
});

describe('Chat for viewers', () => {
  it('lets a viewer chat and states the rule the server enforces: read-only tools, nothing queued', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'viewer' })),
      'GET /api/pmos/chat/conversations': ok({ conversations: [] }),
    });
    renderApp('/chat');
    const rule = await screen.findByTestId('chat-viewer-rule');
    expect(rule).toHaveTextContent('use tools that only read');
    expect(rule).toHaveTextContent('refused, not queued for approval');
    expect(await screen.findByTestId('chat-empty')).toBeVisible();
  });

  it('does not show the viewer rule to members', async () => {
    stubApi({
      'GET /api/pmos/auth/me': signedInAs(makeUser({ role: 'member' })),
      'GET /api/pmos/chat/conversations': ok({ conversations: [] }),
    });
    renderApp('/chat');
    expect(await screen.findByTestId('chat-empty')).toBeVisible();
    expect(screen.queryByTestId('chat-viewer-rule')).not.toBeInTheDocument();
  });
});
