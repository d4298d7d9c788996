// The editor's one ordered queue of Flow Pieces operations, as pure functions over an immutable state.
// Rules: operations leave strictly in order, one at a time; an edit with a merge key (one step's fields)
// waits `debounceMs` and absorbs later edits with the same key while it is last in line; anything queued
// behind it makes it leave at once. The local flow is the pending operations applied to `base`: the newest server
// flow, except while an operation is in flight (a newer flow may or may not contain it yet, so the base waits for
// the answer). The server's answer replaces the server flow; a refusal drops every pending operation.
import type { FlowOperation, PopulatedFlow } from '../model';
import { applyOperation } from './applyOperation';

export const DEBOUNCE_MS = 1000;

export interface QueuedOperation {
  id: number;
  operation: FlowOperation;
  /** Edits with the same key merge while waiting (e.g. `step:step_1`). */
  mergeKey: string | undefined;
  /** When the operation may leave, in ms (the clock of the caller). */
  dueAt: number;
  inFlight: boolean;
}

export interface QueueState {
  /** The newest flow the server sent. */
  server: PopulatedFlow;
  /** The flow the pending operations are applied to (see the top of this file). */
  base: PopulatedFlow;
  /** The flow topic's event number of `server` (undefined when the server did not say). */
  serverSeq: number | undefined;
  pending: QueuedOperation[];
  nextId: number;
  /** The server's sentence for the last refused operation, until the next successful one. */
  error: string | undefined;
}

export function createQueue(server: PopulatedFlow, serverSeq: number | undefined): QueueState {
  return { server, base: server, serverSeq, pending: [], nextId: 1, error: undefined };
}

export interface EnqueueOptions {
  now: number;
  mergeKey?: string;
  debounceMs?: number;
}

export interface EnqueueResult {
  state: QueueState;
  /** The id of the queued operation (the one merged into, when `merged`). */
  id: number;
  merged: boolean;
}

export function enqueue(state: QueueState, operation: FlowOperation, options: EnqueueOptions): EnqueueResult {
  const { now, mergeKey } = options;
  const debounceMs = options.debounceMs ?? DEBOUNCE_MS;
  const tail = state.pending[state.pending.length - 1];
  if (mergeKey !== undefined && tail !== undefined && !tail.inFlight && tail.mergeKey === mergeKey) {
    const merged: QueuedOperation = { ...tail, operation, dueAt: now + debounceMs };
    return { state: { ...state, pending: [...state.pending.slice(0, -1), merged] }, id: tail.id, merged: true };
  }
  // Nothing can merge into the earlier operations any more: let them leave now, in order.
  const earlier = state.pending.map((queued) =>
    queued.inFlight || queued.dueAt <= now ? queued : { ...queued, dueAt: now },
  );
  const queued: QueuedOperation = {
    id: state.nextId,
    operation,
    mergeKey,
    dueAt: mergeKey === undefined ? now : now + debounceMs,
    inFlight: false,
  };
  return { state: { ...state, pending: [...earlier, queued], nextId: state.nextId + 1 }, id: queued.id, merged: false };
}

/** Makes every waiting operation due now (before a publish, a test run, or leaving the editor). */
export function flushAll(state: QueueState, now: number): QueueState {
  if (state.pending.every((queued) => queued.inFlight || queued.dueAt <= now)) return state;
  return {
    ...state,
    pending: state.pending.map((queued) => (queued.inFlight ? queued : { ...queued, dueAt: Math.min(queued.dueAt, now) })),
  };
}

export type NextStep =
  | { kind: 'send'; queued: QueuedOperation }
  | { kind: 'wait'; ms: number }
  | { kind: 'idle' }
  | { kind: 'busy' };

/** What the runner should do now: send the head, wait for it to be due, or nothing. */
export function nextToSend(state: QueueState, now: number): NextStep {
  const head = state.pending[0];
  if (head === undefined) return { kind: 'idle' };
  if (head.inFlight) return { kind: 'busy' };
  if (head.dueAt <= now) return { kind: 'send', queued: head };
  return { kind: 'wait', ms: head.dueAt - now };
}

export function markSent(state: QueueState, id: number): QueueState {
  return {
    ...state,
    pending: state.pending.map((queued) => (queued.id === id ? { ...queued, inFlight: true } : queued)),
  };
}

/**
 * A flow copy's version, the `version` PMOS puts on every flow event (docs/api.md, live updates): when Flow Pieces
 * last changed it, the later of the flow's and its version's `updated`, in ms. Undefined when neither can be read.
 */
export function flowVersion(flow: PopulatedFlow): number | undefined {
  const stamps = [flow.updated, flow.version?.updated]
    .map((stamp) => (stamp === undefined ? Number.NaN : Date.parse(stamp)))
    .filter((ms) => !Number.isNaN(ms));
  return stamps.length === 0 ? undefined : Math.max(...stamps);
}

/** Whether a flow at `seq` (or last changed at `updated`) is newer than the server flow we hold. */
export function isNewer(state: QueueState, flow: PopulatedFlow, seq: number | undefined, orSame: boolean): boolean {
  // The copy's version decides first: event numbers follow the order of publishing, and an older copy must never
  // replace a newer one (the server drops stale copies too; this also covers answers and GETs).
  const incoming = flowVersion(flow);
  const current = flowVersion(state.server);
  if (incoming !== undefined && current !== undefined && incoming !== current) return incoming > current;
  if (seq !== undefined && state.serverSeq !== undefined) {
    return orSame ? seq >= state.serverSeq : seq > state.serverSeq;
  }
  if (incoming === undefined || current === undefined) return true;
  return orSame ? incoming >= current : incoming > current;
}

/** The server accepted the operation in flight and answered the flow after it. */
export function acknowledge(state: QueueState, id: number, flow: PopulatedFlow, seq: number | undefined): QueueState {
  const pending = state.pending.filter((queued) => queued.id !== id);
  // A live update may already have brought a later flow (which then contains this operation too); never step back.
  const take = isNewer(state, flow, seq, true);
  const server = take ? flow : state.server;
  return {
    ...state,
    pending,
    server,
    base: server,
    serverSeq: take ? (seq ?? state.serverSeq) : state.serverSeq,
    error: undefined,
  };
}

/** The server refused the operation in flight: show why, forget every local change, return to the server's flow. */
export function reject(state: QueueState, message: string): QueueState {
  return { ...state, pending: [], base: state.server, error: message };
}

/**
 * A flow from a live update or a fresh GET: it replaces the server flow when newer (events), or at least as new
 * (snapshots, GETs). Waiting operations are applied on top of it; while one is in flight the local flow keeps its
 * base, since the new flow may already contain that operation (its own live event can beat its answer).
 */
export function receive(
  state: QueueState,
  flow: PopulatedFlow,
  seq: number | undefined,
  kind: 'event' | 'snapshot',
): QueueState {
  if (!isNewer(state, flow, seq, kind === 'snapshot')) return state;
  const inFlight = state.pending.some((queued) => queued.inFlight);
  return { ...state, server: flow, base: inFlight ? state.base : flow, serverSeq: seq ?? state.serverSeq };
}

export function clearError(state: QueueState): QueueState {
  return state.error === undefined ? state : { ...state, error: undefined };
}

/** The flow the editor shows: the base flow with every pending operation applied in order. */
export function localFlow(state: QueueState): PopulatedFlow {
  return state.pending.reduce((flow, queued) => applyOperation(flow, queued.operation), state.base);
}
