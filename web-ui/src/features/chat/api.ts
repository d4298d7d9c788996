// Calls to the chat endpoints (docs/api.md, "Chat and approvals (M4)").
import { http } from '../../lib/http';
import type { ChatMessage, Conversation, TraceAnswer } from './types';

const id = (value: string) => encodeURIComponent(value);

export interface ConversationWithMessages {
  conversation: Conversation;
  messages: ChatMessage[];
}

export const chatApi = {
  conversations: () =>
    http
      .get<{ ok: true; conversations: Conversation[] }>('/api/pmos/chat/conversations')
      .then((a) => a.conversations),

  create: (title?: string) =>
    http
      .post<{ ok: true; conversation: Conversation }>('/api/pmos/chat/conversations', title === undefined ? {} : { title })
      .then((a) => a.conversation),

  conversation: (conversationId: string) =>
    http
      .get<{ ok: true } & ConversationWithMessages>(`/api/pmos/chat/conversations/${id(conversationId)}`)
      .then((a): ConversationWithMessages => ({ conversation: a.conversation, messages: a.messages })),

  /** Starts a run answering `text`; 409 while another run of the conversation is active. */
  send: (conversationId: string, text: string) =>
    http
      .post<{ ok: true; runId: string }>(`/api/pmos/chat/conversations/${id(conversationId)}/messages`, { text })
      .then((a) => a.runId),

  cancel: (runId: string) => http.post<{ ok: true }>(`/api/pmos/chat/runs/${id(runId)}/cancel`),

  trace: (runId: string) =>
    http
      .get<{ ok: true } & TraceAnswer>(`/api/pmos/chat/runs/${id(runId)}/trace`)
      .then((a): TraceAnswer => ({ runId: a.runId, status: a.status, events: a.events })),
};

export type ChatApi = typeof chatApi;
