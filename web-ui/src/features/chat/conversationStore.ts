// One store per open conversation: its messages, the followers of its runs, and sending or cancelling a message.
// On open the messages are read and the last run's trace with them, so a reload or a second device shows the same.
import { ApiError, errorMessage } from '../../lib/http';
import type { LiveClient } from '../../lib/ws';
import type { ChatApi } from './api';
import { RunFollower } from './runFollower';
import type { ChatMessage, Conversation } from './types';

export const BUSY_MESSAGE = 'A reply is still running… Wait for it to finish, or cancel it.';

export interface ConversationState {
  status: 'loading' | 'ready' | 'error';
  loadError: string | undefined;
  conversation: Conversation | undefined;
  messages: ChatMessage[];
  sending: boolean;
  sendError: string | undefined;
  cancelling: boolean;
}

export interface ConversationStoreDeps {
  api: Pick<ChatApi, 'conversation' | 'send' | 'cancel' | 'trace'>;
  live: () => LiveClient;
  pollEveryMs?: number;
  pollLimit?: number;
}

/** A user's message and what answered it, grouped by run. */
export interface Turn {
  key: string;
  runId: string | null;
  user: ChatMessage | undefined;
  assistant: ChatMessage | undefined;
}

export function buildTurns(messages: readonly ChatMessage[]): Turn[] {
  const turns: Turn[] = [];
  const byRun = new Map<string, Turn>();
  for (const message of messages) {
    let turn = message.runId === null ? undefined : byRun.get(message.runId);
    if (turn === undefined || (message.role === 'user' && turn.user !== undefined)) {
      const key = message.runId !== null && !byRun.has(message.runId) ? message.runId : message.id;
      turn = { key, runId: message.runId, user: undefined, assistant: undefined };
      turns.push(turn);
      if (message.runId !== null) byRun.set(message.runId, turn);
    }
    if (message.role === 'user') turn.user = message;
    else turn.assistant = message;
  }
  return turns;
}

export function lastRunId(messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const runId = messages[i]?.runId;
    if (runId) return runId;
  }
  return undefined;
}

export class ConversationStore {
  readonly conversationId: string;
  private readonly deps: ConversationStoreDeps;
  private state: ConversationState = {
    status: 'loading',
    loadError: undefined,
    conversation: undefined,
    messages: [],
    sending: false,
    sendError: undefined,
    cancelling: false,
  };
  private readonly listeners = new Set<() => void>();
  private readonly followers = new Map<string, RunFollower>();
  private started = false;
  private loadGeneration = 0;

  constructor(conversationId: string, deps: ConversationStoreDeps) {
    this.conversationId = conversationId;
    this.deps = deps;
  }

  getState = (): ConversationState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** The follower of one run of this conversation (made on first use; it reads nothing until asked). */
  follower(runId: string): RunFollower {
    let follower = this.followers.get(runId);
    if (follower === undefined) {
      follower = new RunFollower(runId, {
        loadTrace: this.deps.api.trace,
        live: this.deps.live,
        ...(this.deps.pollEveryMs === undefined ? {} : { pollEveryMs: this.deps.pollEveryMs }),
        ...(this.deps.pollLimit === undefined ? {} : { pollLimit: this.deps.pollLimit }),
      });
      // The finished answer is stored with the conversation: read it back.
      follower.onFinished(() => this.reload());
      this.followers.set(runId, follower);
    }
    return follower;
  }

  /** Reads the conversation and follows its last run; again after stop(). */
  start() {
    this.started = true;
    if (this.state.status === 'ready') {
      this.followLast();
      return;
    }
    this.reload();
  }

  stop() {
    this.started = false;
    this.followers.forEach((follower) => follower.stop());
  }

  reload() {
    const generation = (this.loadGeneration += 1);
    this.deps.api.conversation(this.conversationId).then(
      ({ conversation, messages }) => {
        if (generation !== this.loadGeneration) return;
        // A message sent meanwhile is kept until the server lists it.
        const local = this.state.messages.filter(
          (m) => m.id.startsWith('local-') && !messages.some((s) => s.runId === m.runId && s.role === 'user'),
        );
        this.set({ status: 'ready', loadError: undefined, conversation, messages: [...messages, ...local] });
        this.followLast();
      },
      (failure: unknown) => {
        if (generation !== this.loadGeneration) return;
        this.set({ status: this.state.status === 'ready' ? 'ready' : 'error', loadError: errorMessage(failure) });
      },
    );
  }

  /** Sends a message; resolves to whether a run started. */
  async send(text: string): Promise<boolean> {
    const trimmed = text.trim();
    if (trimmed === '' || this.state.sending) return false;
    this.set({ sending: true, sendError: undefined });
    try {
      const runId = await this.deps.api.send(this.conversationId, trimmed);
      const message: ChatMessage = {
        id: `local-${runId}`,
        runId,
        role: 'user',
        content: trimmed,
        createdAt: new Date().toISOString(),
      };
      this.set({ sending: false, messages: [...this.state.messages, message] });
      this.follower(runId).startedHere();
      return true;
    } catch (failure) {
      const busy = failure instanceof ApiError && failure.status === 409;
      this.set({ sending: false, sendError: busy ? BUSY_MESSAGE : errorMessage(failure) });
      // Another tab or device started a run: show it and follow it.
      if (busy) this.reload();
      return false;
    }
  }

  /** Cancels the conversation's running reply. */
  async cancel(): Promise<void> {
    const runId = lastRunId(this.state.messages);
    if (runId === undefined || this.state.cancelling) return;
    this.set({ cancelling: true, sendError: undefined });
    try {
      await this.deps.api.cancel(runId);
    } catch (failure) {
      // 409: it had ended already; the trace says how.
      if (!(failure instanceof ApiError && failure.status === 409)) this.set({ sendError: errorMessage(failure) });
    } finally {
      this.set({ cancelling: false });
      this.follower(runId).refresh();
    }
  }

  private followLast() {
    if (!this.started) return;
    const runId = lastRunId(this.state.messages);
    if (runId !== undefined) this.follower(runId).loadAndFollow();
  }

  private set(change: Partial<ConversationState>) {
    this.state = { ...this.state, ...change };
    [...this.listeners].forEach((listener) => listener());
  }
}
