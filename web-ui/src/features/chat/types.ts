// Shapes of the chat endpoints and of a run's trace (docs/api.md "Chat and approvals (M4)", docs/trace-schema.md).

export interface Conversation {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface ChatMessage {
  id: string;
  /** The run the message belongs to (a user message starts it, the assistant's answer ends it). */
  runId: string | null;
  role: 'user' | 'assistant';
  content: string;
  createdAt: string;
}

export type TraceEventType =
  | 'run.started'
  | 'assistant.delta'
  | 'assistant.message'
  | 'tool.started'
  | 'tool.progress'
  | 'tool.finished'
  | 'approval.requested'
  | 'approval.resolved'
  | 'flow.updated'
  | 'run.finished'
  | 'run.error';

/** One event of a run's trace: numbered from 1 per run without gaps. `data` is untrusted text, shown as data. */
export interface TraceEvent {
  seq: number;
  type: TraceEventType | string;
  ts?: string;
  runId?: string;
  data: Record<string, unknown>;
}

/** Run status as stored by the server (the trace endpoint's `status`). */
export type StoredRunStatus = 'running' | 'waiting_approval' | 'succeeded' | 'failed' | 'cancelled';

export interface TraceAnswer {
  runId: string;
  status: StoredRunStatus | string;
  events: TraceEvent[];
}
