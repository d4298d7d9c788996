// The trace of one chat run as a view model: a pure reducer that applies trace events in `seq` order, once each.
// Duplicates are ignored, events that arrive ahead of a missing one wait until it comes (a gap: the caller
// refetches the trace), and the view — steps, answer text, status — is built from the applied events only.
import type { TraceEvent } from './types';

/** running: the tool runs (or is about to, once approved); waiting: an approval is pending. */
export type StepStatus = 'running' | 'waiting' | 'ok' | 'error';

export interface StepApproval {
  approvalId: string;
  reason: string;
  expiresAt: string | undefined;
  /** Absent while pending. */
  decision: 'approved' | 'denied' | 'expired' | undefined;
  by: string | undefined;
  decisionReason: string | undefined;
}

export interface StepProgress {
  progress: number;
  total: number | undefined;
  message: string | undefined;
}

/** One tool call of the run. */
export interface TraceStep {
  toolCallId: string;
  tool: string;
  arguments: unknown;
  status: StepStatus;
  result: unknown;
  error: string | undefined;
  durationMs: number | undefined;
  progress: StepProgress | undefined;
  approval: StepApproval | undefined;
}

export type RunViewStatus =
  | 'pending'
  | 'running'
  | 'waiting_approval'
  | 'succeeded'
  | 'failed'
  | 'cancelled'
  | 'stopped';

export interface FlowChange {
  flowId: string;
  name: string | undefined;
  operation: string | undefined;
}

export interface TraceView {
  status: RunViewStatus;
  /** The user's message that started the run. */
  message: string | undefined;
  conversationId: string | undefined;
  steps: TraceStep[];
  /** The answer: completed model texts, then what is still streaming. */
  text: string;
  /** Completed texts of the model steps (assistant.message). */
  messages: string[];
  /** Text streamed (assistant.delta) since the last completed one. */
  streaming: string;
  flowChanges: FlowChange[];
  error: { code: string; message: string } | undefined;
  finished: boolean;
}

export interface TraceState {
  /** The highest event number applied; every event up to it is applied. */
  lastSeq: number;
  /** Events that came after a missing one, in `seq` order, waiting for it. */
  ahead: TraceEvent[];
  view: TraceView;
}

const FINISHED_STATUSES: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled', 'stopped']);

export function emptyTraceView(): TraceView {
  return {
    status: 'pending',
    message: undefined,
    conversationId: undefined,
    steps: [],
    text: '',
    messages: [],
    streaming: '',
    flowChanges: [],
    error: undefined,
    finished: false,
  };
}

export function emptyTrace(): TraceState {
  return { lastSeq: 0, ahead: [], view: emptyTraceView() };
}

/** Whether events are missing between the applied ones and those waiting (the trace should be read again). */
export function hasGap(state: TraceState): boolean {
  return state.ahead.length > 0;
}

/**
 * Applies events to a trace: in `seq` order, each once. Returns the same state object when nothing changed, so
 * React skips a render for duplicates.
 */
export function traceReducer(state: TraceState, incoming: readonly TraceEvent[]): TraceState {
  const fresh = incoming.filter((event) => Number.isInteger(event.seq) && event.seq > state.lastSeq);
  if (fresh.length === 0) return state;
  const bySeq = new Map<number, TraceEvent>();
  for (const event of [...state.ahead, ...fresh]) {
    if (!bySeq.has(event.seq)) bySeq.set(event.seq, event);
  }
  let { lastSeq, view } = state;
  for (let next = bySeq.get(lastSeq + 1); next !== undefined; next = bySeq.get(lastSeq + 1)) {
    view = applyEvent(view, next);
    bySeq.delete(next.seq);
    lastSeq = next.seq;
  }
  const ahead = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  if (lastSeq === state.lastSeq && ahead.length === state.ahead.length) return state;
  return { lastSeq, ahead, view };
}

/** The view of a whole trace (events in any order). */
export function traceFromEvents(events: readonly TraceEvent[]): TraceState {
  return traceReducer(emptyTrace(), events);
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

function joinText(messages: readonly string[], streaming: string): string {
  return [...messages, streaming].filter((part) => part.trim() !== '').join('\n\n');
}

function withStatus(view: TraceView): TraceView {
  if (view.finished) return view;
  const waiting = view.steps.some((step) => step.status === 'waiting');
  const status: RunViewStatus = waiting ? 'waiting_approval' : view.status === 'pending' ? 'pending' : 'running';
  return status === view.status ? view : { ...view, status };
}

function updateStep(view: TraceView, toolCallId: string, change: (step: TraceStep) => TraceStep): TraceView {
  return { ...view, steps: view.steps.map((step) => (step.toolCallId === toolCallId ? change(step) : step)) };
}

function newStep(toolCallId: string, tool: string, args: unknown, status: StepStatus): TraceStep {
  return {
    toolCallId,
    tool,
    arguments: args,
    status,
    result: undefined,
    error: undefined,
    durationMs: undefined,
    progress: undefined,
    approval: undefined,
  };
}

/** Adds the step of a tool call, or changes the one already there (an approval comes before the call starts). */
function upsertStep(view: TraceView, toolCallId: string, tool: string, change: (step: TraceStep) => TraceStep): TraceView {
  if (view.steps.some((step) => step.toolCallId === toolCallId)) return updateStep(view, toolCallId, change);
  return { ...view, steps: [...view.steps, change(newStep(toolCallId, tool, undefined, 'running'))] };
}

function applyEvent(previous: TraceView, event: TraceEvent): TraceView {
  const data = event.data ?? {};
  const view: TraceView = previous.status === 'pending' && !previous.finished ? { ...previous, status: 'running' } : previous;
  switch (event.type) {
    case 'run.started':
      return { ...view, message: text(data.message), conversationId: text(data.conversationId) };
    case 'assistant.delta': {
      const streaming = view.streaming + (text(data.text) ?? '');
      return { ...view, streaming, text: joinText(view.messages, streaming) };
    }
    case 'assistant.message': {
      const messages = [...view.messages, text(data.text) ?? ''];
      return { ...view, messages, streaming: '', text: joinText(messages, '') };
    }
    case 'tool.started': {
      const toolCallId = text(data.toolCallId) ?? `seq-${event.seq}`;
      return withStatus(
        upsertStep(view, toolCallId, text(data.tool) ?? 'tool', (step) => ({
          ...step,
          tool: text(data.tool) ?? step.tool,
          arguments: data.arguments ?? step.arguments,
          status: 'running',
        })),
      );
    }
    case 'tool.progress': {
      const toolCallId = text(data.toolCallId);
      if (toolCallId === undefined) return view;
      return updateStep(view, toolCallId, (step) => ({
        ...step,
        progress: { progress: number(data.progress) ?? 0, total: number(data.total), message: text(data.message) },
      }));
    }
    case 'tool.finished': {
      const toolCallId = text(data.toolCallId) ?? `seq-${event.seq}`;
      const ok = data.status === 'ok';
      return withStatus(
        upsertStep(view, toolCallId, text(data.tool) ?? 'tool', (step) => ({
          ...step,
          tool: text(data.tool) ?? step.tool,
          status: ok ? 'ok' : 'error',
          result: ok ? data.result : undefined,
          error: ok ? undefined : (text(data.error) ?? 'The tool failed.'),
          durationMs: number(data.durationMs),
        })),
      );
    }
    case 'approval.requested': {
      const toolCallId = text(data.toolCallId) ?? `approval-${text(data.approvalId) ?? event.seq}`;
      return withStatus(
        upsertStep(view, toolCallId, text(data.tool) ?? 'tool', (step) => ({
          ...step,
          tool: text(data.tool) ?? step.tool,
          arguments: data.arguments ?? step.arguments,
          status: 'waiting',
          approval: {
            approvalId: text(data.approvalId) ?? '',
            reason: text(data.reason) ?? '',
            expiresAt: text(data.expiresAt),
            decision: undefined,
            by: undefined,
            decisionReason: undefined,
          },
        })),
      );
    }
    case 'approval.resolved': {
      const approvalId = text(data.approvalId);
      const decision = data.decision === 'approved' || data.decision === 'denied' || data.decision === 'expired' ? data.decision : undefined;
      const step = view.steps.find((s) => s.approval !== undefined && s.approval.approvalId === approvalId);
      if (step === undefined || step.approval === undefined || decision === undefined) return view;
      const approval: StepApproval = { ...step.approval, decision, by: text(data.by), decisionReason: text(data.reason) };
      // Approved: the call runs next (tool.started); denied or expired: it never runs (tool.finished tells why).
      const status: StepStatus = step.status !== 'waiting' ? step.status : decision === 'approved' ? 'running' : 'error';
      return withStatus(updateStep(view, step.toolCallId, (s) => ({ ...s, approval, status })));
    }
    case 'flow.updated':
      return {
        ...view,
        flowChanges: [...view.flowChanges, { flowId: text(data.flowId) ?? '', name: text(data.name), operation: text(data.operation) }],
      };
    case 'run.error':
      return { ...view, error: { code: text(data.code) ?? 'ERROR', message: text(data.message) ?? 'The run failed.' } };
    case 'run.finished': {
      const status = text(data.status);
      const finalStatus: RunViewStatus = status !== undefined && FINISHED_STATUSES.has(status) ? (status as RunViewStatus) : 'failed';
      // Whatever streamed is the answer now; steps still open when the run ended did not finish.
      const why = finalStatus === 'cancelled' ? 'The run was cancelled.' : 'The run ended before this finished.';
      const steps = view.steps.map((step) =>
        step.status === 'running' || step.status === 'waiting' ? { ...step, status: 'error' as const, error: step.error ?? why } : step,
      );
      return { ...view, steps, status: finalStatus, finished: true };
    }
    default:
      return view;
  }
}

/** The run's state in plain words. */
export function runStatusLabel(status: RunViewStatus): string {
  switch (status) {
    case 'pending':
    case 'running':
      return 'Working…';
    case 'waiting_approval':
      return 'Waiting for approval';
    case 'succeeded':
      return 'Finished';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'stopped':
      return 'Stopped';
  }
}

/** What to do about the errors a run can end with (trace-schema.md, run.error). */
const ERROR_HINTS: Record<string, string> = {
  AI_KEY_INVALID: 'An admin can check the AI provider in Integrations.',
  AI_RATE_LIMITED: 'Try again in a moment.',
  AI_SERVER_ERROR: 'Try again in a moment.',
  AI_TIMEOUT: 'Try again in a moment.',
  AI_BAD_RESPONSE: 'Try again.',
  AI_CONTEXT_TOO_LONG: 'Start a new conversation.',
  STEP_LIMIT: 'Ask again with a smaller request.',
  TOKEN_BUDGET: 'Ask again with a smaller request.',
  TIME_BUDGET: 'Ask again with a smaller request.',
  RESTARTED: 'Send your message again.',
};

/** A run error in plain words: the server's sentence and, when there is one, what to do about it. */
export function runErrorText(error: { code: string; message: string }): string {
  const message = error.message.trim() === '' ? 'The run stopped because of an error.' : error.message.trim();
  const hint = ERROR_HINTS[error.code];
  return hint === undefined ? message : `${message} ${hint}`;
}
