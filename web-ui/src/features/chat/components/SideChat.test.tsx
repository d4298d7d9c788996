import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../../lib/fakeSocket';
import { makeUser, ok, signedInAs, stubApi, type FakeRoute } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import { makeFlow, PIECE_SUMMARIES, webhookTrigger } from '../../flows/testData';

vi.mock('../../flows/canvas', () => import('../../flows/canvasStub'));

beforeEach(() => {
  FakeSocket.instances = [];
  vi.stubGlobal('WebSocket', FakeSocket);
  window.localStorage.clear();
});

const FLOW = makeFlow(webhookTrigger());
const STUDIO_CONVERSATION = { id: 'c9', title: 'Flow Studio', createdAt: '2025-06-01T10:00:00Z', updatedAt: '2025-06-01T10:00:00Z' };

function openStudio(role: Role, routes: Record<string, FakeRoute> = {}) {
  const api = stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role })),
    'GET /api/pmos/workspace/settings': ok({ settings: { membersCanPublish: false, membersCanDelete: false } }),
    'GET /api/pmos/flows/flow1': ok({ flow: FLOW, seq: 3 }),
    'GET /api/pmos/pieces': ok({ pieces: PIECE_SUMMARIES }),
    'GET /api/pmos/flows/flow1/runs': ok({ runs: [], next: null }),
    'GET /api/pmos/chat/conversations': ok({ conversations: [] }),
    'POST /api/pmos/chat/conversations': { status: 201, body: { ok: true, conversation: STUDIO_CONVERSATION } },
    'GET /api/pmos/chat/conversations/c9': ok({ conversation: STUDIO_CONVERSATION, messages: [] }),
    ...routes,
  });
  return { api, ...renderApp('/flows/flow1') };
}

describe('Side chat in Flow Studio', () => {
  it('stays collapsed and reads nothing until opened', async () => {
    const { api } = openStudio('workspace_admin');
    const toggle = await screen.findByTestId('side-chat-toggle');
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveTextContent('Chat');
    expect(api.calls.filter((c) => c.path.startsWith('/api/pmos/chat'))).toHaveLength(0);
  });

  it('opens on a "Flow Studio" conversation made on first use, with hints naming the open flow', async () => {
    const { user, api } = openStudio('member');
    await user.click(await screen.findByTestId('side-chat-toggle'));

    const panel = within(await screen.findByTestId('side-chat'));
    expect(await panel.findByTestId('chat-intro')).toHaveTextContent('Ask PMOS to build or run a flow.');
    expect(api.callsTo('POST', '/api/pmos/chat/conversations')[0]?.body).toEqual({ title: 'Flow Studio' });
    expect(panel.getByRole('link', { name: 'Open in Chat' })).toHaveAttribute('href', '/chat?c=c9');
    // The canvas stays beside it.
    expect(screen.getByTestId('step-trigger')).toBeVisible();

    await user.click(panel.getByRole('button', { name: 'add a slack step to flow "Order intake"' }));
    expect(panel.getByTestId('chat-input')).toHaveValue('add a slack step to flow "Order intake"');

    await user.click(panel.getByRole('button', { name: 'Close the chat' }));
    expect(screen.queryByTestId('side-chat')).not.toBeInTheDocument();
    expect(screen.getByTestId('side-chat-toggle')).toHaveAttribute('aria-expanded', 'false');
  });

  it('reuses the existing "Flow Studio" conversation and sends from the panel', async () => {
    const { user, api } = openStudio('workspace_admin', {
      'GET /api/pmos/chat/conversations': ok({
        conversations: [{ ...STUDIO_CONVERSATION, id: 'c1', title: 'Ops' }, STUDIO_CONVERSATION],
      }),
      'POST /api/pmos/chat/conversations/c9/messages': { status: 202, body: { ok: true, runId: 'r5' } },
    });
    await user.click(await screen.findByTestId('side-chat-toggle'));
    const panel = within(await screen.findByTestId('side-chat'));
    const box = await panel.findByTestId('chat-input');
    await waitFor(() => expect(box).toBeEnabled());
    await user.type(box, 'add a slack step to flow "Order intake"{Enter}');

    expect(api.callsTo('POST', '/api/pmos/chat/conversations')).toHaveLength(0);
    expect(api.callsTo('POST', '/api/pmos/chat/conversations/c9/messages')[0]?.body).toEqual({
      text: 'add a slack step to flow "Order intake"',
    });
    const socket = FakeSocket.latest();
    act(() => socket.open());
    expect(socket.sent).toContainEqual({ type: 'subscribe', topic: 'run:r5', lastSeq: 0 });
    expect(socket.sent).toContainEqual({ type: 'subscribe', topic: 'flow:flow1', lastSeq: 3 });
  });

  it('is not offered to viewers', async () => {
    openStudio('viewer');
    expect(await screen.findByTestId('flow-name')).toBeVisible();
    expect(screen.queryByTestId('side-chat-toggle')).not.toBeInTheDocument();
  });
});
