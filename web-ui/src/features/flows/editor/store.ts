// One store per open flow: the operation queue (server flow, pending operations, local flow), the selected step,
// the undo/redo stacks and the sample run used by the data selector. Components read it through small selectors
// with useSyncExternalStore; every change to the flow goes through `edit`, i.e. through the one ordered queue.
import { errorMessage } from '../../../lib/http';
import type { FlowAtSeq } from '../api';
import type { FlowOperation, FlowRun, FlowStep, InsertPoint, PopulatedFlow, RouterBranch } from '../model';
import { findStep, isTrigger, toActionRequest, toTriggerRequest } from './flowTree';
import { duplicateInverse, inverseOf } from './inverse';
import {
  DEBOUNCE_MS,
  acknowledge,
  clearError,
  createQueue,
  enqueue,
  flushAll,
  localFlow,
  markSent,
  nextToSend,
  receive,
  reject,
  type QueueState,
} from './operationQueue';

export interface HistoryEntry {
  id: number;
  forward: FlowOperation[];
  /** `undefined` until the server's answer tells how to undo (DUPLICATE_ACTION). */
  inverse: FlowOperation[] | undefined;
  mergeKey: string | undefined;
  /** Queue ids of the operations sent for this entry (to forget it when they are refused). */
  queuedIds: number[];
}

export interface SaveStatus {
  /** Operations not yet accepted by the server (waiting or in flight). */
  pending: number;
  error: string | undefined;
}

export interface EditorState {
  /** What the editor shows: the server's flow with the pending operations applied. */
  flow: PopulatedFlow;
  /** The last flow the server sent. */
  server: PopulatedFlow;
  selection: string | null;
  save: SaveStatus;
  history: { canUndo: boolean; canRedo: boolean };
  /** The run whose step outputs feed the data selector (never part of the saved flow). */
  sampleRun: FlowRun | undefined;
}

export interface EditorStoreOptions {
  flowId: string;
  initial: FlowAtSeq;
  send: (operation: FlowOperation) => Promise<FlowAtSeq>;
  /** Reads the flow again (after a refusal, so the editor returns to what the server really has). */
  refetch: () => Promise<FlowAtSeq>;
  now?: () => number;
  debounceMs?: number;
}

interface EditOptions {
  /** Edits with the same key merge while waiting (typing into one step). */
  mergeKey?: string;
  /** Whether undo can take it back (publishing and status changes cannot). */
  undoable?: boolean;
}

type Waiter = { resolve: () => void; reject: (error: Error) => void };

export class EditorStore {
  readonly flowId: string;
  private queue: QueueState;
  private selection: string | null = null;
  private undoStack: HistoryEntry[] = [];
  private redoStack: HistoryEntry[] = [];
  private sampleRun: FlowRun | undefined;
  private nextEntryId = 1;
  /** Queue id → entry whose inverse comes from the server's answer to that operation. */
  private readonly inverseFromAnswer = new Map<number, { entry: HistoryEntry; stepName: string }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private waiters: Waiter[] = [];
  private readonly listeners = new Set<() => void>();
  private snapshot: EditorState;
  private readonly send: EditorStoreOptions['send'];
  private readonly refetch: EditorStoreOptions['refetch'];
  private readonly now: () => number;
  private readonly debounceMs: number;

  constructor(options: EditorStoreOptions) {
    this.flowId = options.flowId;
    this.queue = createQueue(options.initial.flow, options.initial.seq);
    this.send = options.send;
    this.refetch = options.refetch;
    this.now = options.now ?? Date.now;
    this.debounceMs = options.debounceMs ?? DEBOUNCE_MS;
    this.snapshot = this.buildSnapshot(undefined);
  }

  // ---- reading ----

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getState = (): EditorState => this.snapshot;

  /** Recomputes the snapshot, reusing every slice that did not change so selectors stay stable. */
  private buildSnapshot(previous: EditorState | undefined): EditorState {
    const flow = localFlow(this.queue);
    const save: SaveStatus = { pending: this.queue.pending.length, error: this.queue.error };
    const canUndo = this.undoStack.some((entry) => entry.inverse !== undefined);
    const history = { canUndo, canRedo: this.redoStack.length > 0 };
    if (this.selection !== null && findStep(flow.version.trigger, this.selection) === undefined) {
      this.selection = null;
    }
    return {
      flow: previous && sameFlow(previous.flow, flow) ? previous.flow : flow,
      server: this.queue.server,
      selection: this.selection,
      save:
        previous && previous.save.pending === save.pending && previous.save.error === save.error
          ? previous.save
          : save,
      history:
        previous && previous.history.canUndo === canUndo && previous.history.canRedo === history.canRedo
          ? previous.history
          : history,
      sampleRun: this.sampleRun,
    };
  }

  private changed() {
    this.snapshot = this.buildSnapshot(this.snapshot);
    this.listeners.forEach((listener) => listener());
  }

  // ---- selection and samples ----

  select(stepName: string | null) {
    if (this.selection === stepName) return;
    this.selection = stepName;
    this.changed();
  }

  setSampleRun(run: FlowRun | undefined) {
    if (this.sampleRun === run) return;
    this.sampleRun = run;
    this.changed();
  }

  // ---- editing ----

  /** Queues one operation (optimistically applied to the local flow) and records how to undo it. */
  edit(operation: FlowOperation, options: EditOptions = {}) {
    const before = this.snapshot.flow.version;
    const result = enqueue(this.queue, operation, {
      now: this.now(),
      mergeKey: options.mergeKey,
      debounceMs: this.debounceMs,
    });
    this.queue = result.state;
    if (options.undoable !== false) this.record(operation, before, result.id, result.merged, options.mergeKey);
    this.changed();
    this.pump();
  }

  private record(
    operation: FlowOperation,
    before: PopulatedFlow['version'],
    queuedId: number,
    merged: boolean,
    mergeKey: string | undefined,
  ) {
    const top = this.undoStack[this.undoStack.length - 1];
    if (merged && top !== undefined && top.mergeKey === mergeKey && top.queuedIds.includes(queuedId)) {
      // Same step, still waiting: one undo takes back the whole burst of typing.
      top.forward = [operation];
      return;
    }
    const entry: HistoryEntry = {
      id: this.nextEntryId++,
      forward: [operation],
      inverse: operation.type === 'DUPLICATE_ACTION' ? undefined : inverseOf(operation, before),
      mergeKey,
      queuedIds: [queuedId],
    };
    if (operation.type === 'DUPLICATE_ACTION') {
      this.inverseFromAnswer.set(queuedId, { entry, stepName: String(operation.request.stepName) });
    } else if (entry.inverse === undefined) {
      return;
    }
    this.undoStack.push(entry);
    this.redoStack = [];
  }

  /** Sends the step as it now is: UPDATE_ACTION or UPDATE_TRIGGER, merged with more typing into the same step. */
  updateStep(step: FlowStep) {
    const operation: FlowOperation = isTrigger(step)
      ? { type: 'UPDATE_TRIGGER', request: toTriggerRequest(step) }
      : { type: 'UPDATE_ACTION', request: toActionRequest(step) };
    this.edit(operation, { mergeKey: `step:${step.name}` });
  }

  addStep(at: InsertPoint, action: Record<string, unknown>) {
    const request: Record<string, unknown> = {
      parentStep: at.parentStep,
      stepLocationRelativeToParent: at.stepLocationRelativeToParent,
      action,
    };
    if (at.branchIndex !== undefined) request.branchIndex = at.branchIndex;
    this.edit({ type: 'ADD_ACTION', request });
    this.select(String(action.name));
  }

  deleteStep(stepName: string) {
    this.edit({ type: 'DELETE_ACTION', request: { names: [stepName] } });
  }

  setSkip(stepName: string, skip: boolean) {
    this.edit({ type: 'SET_SKIP_ACTION', request: { names: [stepName], skip } });
  }

  duplicateStep(stepName: string) {
    this.edit({ type: 'DUPLICATE_ACTION', request: { stepName } });
  }

  addBranch(routerName: string, branchIndex: number, branchName: string, conditions: RouterBranch['conditions']) {
    this.edit({ type: 'ADD_BRANCH', request: { stepName: routerName, branchIndex, branchName, conditions } });
  }

  deleteBranch(routerName: string, branchIndex: number) {
    this.edit({ type: 'DELETE_BRANCH', request: { stepName: routerName, branchIndex } });
  }

  rename(displayName: string) {
    this.edit({ type: 'CHANGE_NAME', request: { displayName } });
  }

  publish() {
    this.edit({ type: 'LOCK_AND_PUBLISH', request: {} }, { undoable: false });
  }

  setStatus(status: 'ENABLED' | 'DISABLED') {
    this.edit({ type: 'CHANGE_STATUS', request: { status } }, { undoable: false });
  }

  undo() {
    let index = this.undoStack.length - 1;
    while (index >= 0 && this.undoStack[index]?.inverse === undefined) index -= 1;
    const entry = this.undoStack[index];
    if (entry?.inverse === undefined) return;
    this.undoStack.splice(index, 1);
    entry.queuedIds = entry.inverse.map((operation) => this.enqueueQuietly(operation));
    this.redoStack.push(entry);
    this.changed();
    this.pump();
  }

  redo() {
    const entry = this.redoStack.pop();
    if (entry === undefined) return;
    entry.queuedIds = entry.forward.map((operation) => this.enqueueQuietly(operation));
    if (entry.forward[0]?.type === 'DUPLICATE_ACTION' && entry.queuedIds[0] !== undefined) {
      entry.inverse = undefined;
      this.inverseFromAnswer.set(entry.queuedIds[0], {
        entry,
        stepName: String(entry.forward[0].request.stepName),
      });
    }
    this.undoStack.push(entry);
    this.changed();
    this.pump();
  }

  private enqueueQuietly(operation: FlowOperation): number {
    const result = enqueue(this.queue, operation, { now: this.now(), debounceMs: this.debounceMs });
    this.queue = result.state;
    return result.id;
  }

  // ---- server side ----

  /** A flow from a live update (`event`) or a snapshot / fresh GET (`snapshot`). */
  receive(flow: PopulatedFlow, seq: number | undefined, kind: 'event' | 'snapshot') {
    if (flow.id !== this.flowId) return;
    const next = receive(this.queue, flow, seq, kind);
    if (next === this.queue) return;
    this.queue = next;
    this.changed();
  }

  dismissError() {
    this.queue = clearError(this.queue);
    this.changed();
  }

  /** Sends every waiting operation now; resolves once the server accepted them all, rejects when one is refused. */
  flush(): Promise<void> {
    this.queue = flushAll(this.queue, this.now());
    if (this.queue.pending.length === 0) return Promise.resolve();
    const done = new Promise<void>((resolve, rejectWaiter) => {
      this.waiters.push({ resolve, reject: rejectWaiter });
    });
    this.pump();
    return done;
  }

  /** Leaving the editor: stop waiting and send what is left (the queue drains on its own). */
  close() {
    this.queue = flushAll(this.queue, this.now());
    this.pump();
  }

  private pump() {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const next = nextToSend(this.queue, this.now());
    if (next.kind === 'idle') {
      this.settleWaiters(undefined);
      return;
    }
    if (next.kind === 'busy') return;
    if (next.kind === 'wait') {
      this.timer = setTimeout(() => this.pump(), next.ms);
      return;
    }
    const { id, operation } = next.queued;
    this.queue = markSent(this.queue, id);
    this.send(operation).then(
      (answer) => this.accepted(id, answer),
      (failure: unknown) => this.refused(errorMessage(failure)),
    );
  }

  private accepted(id: number, answer: FlowAtSeq) {
    this.queue = acknowledge(this.queue, id, answer.flow, answer.seq);
    const waitingInverse = this.inverseFromAnswer.get(id);
    if (waitingInverse !== undefined) {
      this.inverseFromAnswer.delete(id);
      waitingInverse.entry.inverse = duplicateInverse(waitingInverse.stepName, answer.flow.version);
      if (waitingInverse.entry.inverse === undefined) {
        this.undoStack = this.undoStack.filter((entry) => entry !== waitingInverse.entry);
      }
    }
    this.changed();
    this.pump();
  }

  private refused(message: string) {
    const dropped = new Set(this.queue.pending.map((queued) => queued.id));
    this.queue = reject(this.queue, message);
    this.undoStack = this.undoStack.filter((entry) => !entry.queuedIds.some((id) => dropped.has(id)));
    this.redoStack = [];
    dropped.forEach((id) => this.inverseFromAnswer.delete(id));
    this.changed();
    this.settleWaiters(new Error(message));
    // The refusal may mean our copy is stale: ask the server for its flow as it really is.
    this.refetch().then(
      (answer) => this.receive(answer.flow, answer.seq, 'snapshot'),
      () => undefined,
    );
  }

  private settleWaiters(error: Error | undefined) {
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((waiter) => (error === undefined ? waiter.resolve() : waiter.reject(error)));
  }
}

function sameFlow(a: PopulatedFlow, b: PopulatedFlow): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
