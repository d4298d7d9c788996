// Follows one chat run: its trace from the API, then live from the WebSocket topic `run:<runId>` (resumed from the
// last applied event), with a poll of the trace every second while the connection is not live (bounded), and a
// fresh read of the trace when events went missing. Components read it through useSyncExternalStore.
import { ApiError, errorMessage } from '../../lib/http';
import type { LiveClient, TopicMessage } from '../../lib/ws';
import { emptyTrace, hasGap, traceReducer, type TraceState } from './trace';
import type { TraceAnswer, TraceEvent } from './types';

export const POLL_EVERY_MS = 1000;
/** Polls at most this many times (ten minutes at one a second); then the person refreshes by hand. */
export const POLL_LIMIT = 600;

export interface RunSnapshot {
  trace: TraceState;
  /** True until the trace was read or a first event arrived. */
  loading: boolean;
  loadError: string | undefined;
  /** Polling gave up before the run finished: the view may be behind until refreshed. */
  stalled: boolean;
}

export interface RunFollowerDeps {
  loadTrace: (runId: string) => Promise<TraceAnswer>;
  live: () => LiveClient;
  pollEveryMs?: number;
  pollLimit?: number;
}

/** A trace event as the WebSocket sends it: `data` is the stored envelope `{runId, ts, type, data}`. */
export function eventFromMessage(seq: number, type: string, data: unknown): TraceEvent {
  const envelope = typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : {};
  const inner = envelope.data;
  const payload = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  const event: TraceEvent = { seq, type, data: payload };
  if (typeof envelope.ts === 'string') event.ts = envelope.ts;
  if (typeof envelope.runId === 'string') event.runId = envelope.runId;
  return event;
}

function snapshotEvents(data: unknown): TraceEvent[] {
  const events = (data as { events?: unknown } | undefined)?.events;
  return Array.isArray(events) ? (events as TraceEvent[]) : [];
}

export class RunFollower {
  readonly runId: string;
  private readonly deps: RunFollowerDeps;
  private readonly pollEveryMs: number;
  private readonly pollLimit: number;
  private snapshot: RunSnapshot = { trace: emptyTrace(), loading: true, loadError: undefined, stalled: false };
  private readonly listeners = new Set<() => void>();
  private readonly finishedListeners = new Set<() => void>();
  private loadPromise: Promise<void> | undefined;
  private refetching: Promise<void> | undefined;
  /** Asked to read again while a read was under way: that read may predate what is missing, so read once more. */
  private refetchAgain = false;
  private following = false;
  /** Whether the run should be followed (false after stop(), so a late answer does not start it again). */
  private wanted = false;
  private topicFailed = false;
  /** The trace endpoint said the run is gone or not ours: nothing to follow until refreshed by hand. */
  private unreadable = false;
  private polls = 0;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;
  private stopTopic: (() => void) | undefined;
  private stopStatus: (() => void) | undefined;

  constructor(runId: string, deps: RunFollowerDeps) {
    this.runId = runId;
    this.deps = deps;
    this.pollEveryMs = deps.pollEveryMs ?? POLL_EVERY_MS;
    this.pollLimit = deps.pollLimit ?? POLL_LIMIT;
  }

  getSnapshot = (): RunSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Called once when a followed run finishes (not for a run read from the history). */
  onFinished(listener: () => void): () => void {
    this.finishedListeners.add(listener);
    return () => {
      this.finishedListeners.delete(listener);
    };
  }

  get finished(): boolean {
    return this.snapshot.trace.view.finished;
  }

  /** Reads the whole trace once (a run shown from the history); later calls share the first read. */
  load(): Promise<void> {
    this.loadPromise ??= this.refetch();
    return this.loadPromise;
  }

  /** A run just started here: nothing to read yet, every event comes from the topic (from the first one). */
  startedHere() {
    this.loadPromise ??= Promise.resolve();
    this.follow();
  }

  /** Reads the trace (once), then follows the run live until it finishes. */
  loadAndFollow() {
    this.wanted = true;
    void this.load().then(() => {
      if (this.wanted) this.follow();
    });
  }

  /** Follows the run on the WebSocket until it finishes; polls while the connection is not live. */
  follow() {
    this.wanted = true;
    if (this.following || this.finished || this.unreadable) return;
    this.following = true;
    const live = this.deps.live();
    this.stopStatus = live.onStatus(() => this.updatePolling());
    this.stopTopic = live.subscribe(`run:${this.runId}`, this.onTopic, this.snapshot.trace.lastSeq);
    this.updatePolling();
  }

  /** Reads the trace again by hand (after polling gave up or the trace could not be read), and follows on. */
  refresh() {
    this.polls = 0;
    this.unreadable = false;
    this.set({ stalled: false });
    void this.refetch().then(() => {
      if (this.wanted) this.follow();
      this.updatePolling();
    });
  }

  /** Stops following (the view was closed); follow() may start again later. */
  stop() {
    this.wanted = false;
    this.stopFollowing();
  }

  /** Applies events from any source (API, topic, a test). */
  receive(events: readonly TraceEvent[]) {
    const before = this.snapshot.trace;
    const trace = traceReducer(before, events);
    const loading = this.snapshot.loading && trace.lastSeq === 0;
    if (trace !== before || loading !== this.snapshot.loading) {
      this.set(trace.lastSeq > before.lastSeq ? { trace, loading, loadError: undefined } : { trace, loading });
    }
    if (trace.view.finished && !before.view.finished) {
      // Only a run seen finishing live is news; one read from the history was over already.
      const live = this.following;
      this.stopFollowing();
      if (live) [...this.finishedListeners].forEach((listener) => listener());
    } else if (hasGap(trace)) {
      void this.refetch();
    }
  }

  private readonly onTopic = (message: TopicMessage) => {
    if (message.type === 'event') {
      this.receive([eventFromMessage(message.seq, message.event, message.data)]);
    } else if (message.type === 'snapshot') {
      this.receive(snapshotEvents(message.data));
    } else {
      // Not allowed or not available on the socket: the trace endpoint is polled instead.
      this.topicFailed = true;
      this.updatePolling();
    }
  };

  private refetch(): Promise<void> {
    if (this.refetching !== undefined) {
      this.refetchAgain = true;
      return this.refetching;
    }
    this.refetching = this.deps
      .loadTrace(this.runId)
      .then(
        (answer) => {
          this.set({ loadError: undefined, loading: false });
          this.receive(answer.events);
        },
        (failure: unknown) => {
          this.set({ loadError: errorMessage(failure), loading: false });
          // Gone or not ours: asking again every second would not change that.
          if (failure instanceof ApiError && [401, 403, 404].includes(failure.status)) {
            this.unreadable = true;
            this.stopFollowing();
          }
        },
      )
      .finally(() => {
        this.refetching = undefined;
        if (this.refetchAgain && !this.finished && !this.unreadable) {
          this.refetchAgain = false;
          void this.refetch();
        }
        this.refetchAgain = false;
      });
    return this.refetching;
  }

  private updatePolling() {
    const needed =
      this.following &&
      !this.finished &&
      !this.snapshot.stalled &&
      (this.topicFailed || this.deps.live().status !== 'live');
    if (needed && this.pollTimer === undefined) {
      this.pollTimer = setTimeout(this.poll, this.pollEveryMs);
    } else if (!needed && this.pollTimer !== undefined) {
      clearTimeout(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private readonly poll = () => {
    this.pollTimer = undefined;
    this.polls += 1;
    void this.refetch().then(() => {
      if (!this.finished && this.polls >= this.pollLimit) this.set({ stalled: true });
      this.updatePolling();
    });
  };

  private stopFollowing() {
    this.following = false;
    this.stopTopic?.();
    this.stopStatus?.();
    this.stopTopic = undefined;
    this.stopStatus = undefined;
    if (this.pollTimer !== undefined) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
  }

  private set(change: Partial<RunSnapshot>) {
    const keys = Object.keys(change) as (keyof RunSnapshot)[];
    if (keys.every((key) => this.snapshot[key] === change[key])) return;
    this.snapshot = { ...this.snapshot, ...change };
    [...this.listeners].forEach((listener) => listener());
  }
}
