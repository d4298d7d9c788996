// The one live connection of the UI: a WebSocket to /api/pmos/ws with topic subscriptions, resume by event number
// (`lastSeq`) after a reconnect, and reconnection with a growing delay. See docs/api.md, "Live updates".
import { notifyUnauthorized } from './http';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

/**
 * Close codes with which the server ends a socket because the person's access ended (docs/api.md): the session is
 * over (4401) or the person is no longer a member of the workspace (4403). Reconnecting would only be refused.
 */
export const ACCESS_ENDED_CLOSE_CODES: readonly number[] = [4401, 4403];

/** An event, snapshot or error the server sent about one topic. */
export type TopicMessage =
  | { type: 'event'; topic: string; seq: number; event: string; data: unknown }
  | { type: 'snapshot'; topic: string; seq: number; data: unknown }
  | { type: 'error'; topic: string; code: string; message: string };

export type TopicHandler = (message: TopicMessage) => void;

/** The part of the browser WebSocket this client uses (so tests can hand in a fake). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface LiveClientOptions {
  /** Full ws:// or wss:// address; defaults to /api/pmos/ws on the page's own origin. */
  url?: () => string;
  createSocket?: (url: string) => SocketLike;
  /** First reconnect delay; doubles on each failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** How often to ping an open connection so idle proxies keep it. */
  pingEveryMs?: number;
  /** Told when the server closed the socket because the person's access ended; the client then stops reconnecting. */
  onAccessEnded?: (code: number) => void;
}

const OPEN = 1;

interface Subscription {
  handlers: Set<TopicHandler>;
  /** The highest event number delivered (or announced by the caller), sent back on resume. */
  lastSeq: number | undefined;
}

export function defaultLiveUrl(): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/api/pmos/ws`;
}

export class LiveClient {
  private readonly url: () => string;
  private readonly createSocket: (url: string) => SocketLike;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly pingEveryMs: number;
  private readonly onAccessEnded: (code: number) => void;
  private readonly topics = new Map<string, Subscription>();
  private readonly statusListeners = new Set<(status: LiveStatus) => void>();
  private socket: SocketLike | undefined;
  private attempts = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private currentStatus: LiveStatus = 'connecting';

  constructor(options: LiveClientOptions = {}) {
    this.url = options.url ?? defaultLiveUrl;
    this.createSocket =
      options.createSocket ?? ((url) => new WebSocket(url) as unknown as SocketLike);
    this.initialDelayMs = options.initialDelayMs ?? 500;
    this.maxDelayMs = options.maxDelayMs ?? 15_000;
    this.pingEveryMs = options.pingEveryMs ?? 25_000;
    this.onAccessEnded = options.onAccessEnded ?? (() => undefined);
  }

  get status(): LiveStatus {
    return this.currentStatus;
  }

  onStatus(listener: (status: LiveStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => {
      this.statusListeners.delete(listener);
    };
  }

  /**
   * Listens to a topic such as `flow:<id>`. `lastSeq` is the last event number the caller already has (from a
   * GET that answered `seq`), so only later events are sent. Returns the function that stops listening.
   */
  subscribe(topic: string, handler: TopicHandler, lastSeq?: number): () => void {
    let subscription = this.topics.get(topic);
    const isNew = subscription === undefined;
    if (subscription === undefined) {
      subscription = { handlers: new Set(), lastSeq };
      this.topics.set(topic, subscription);
    } else if (lastSeq !== undefined && (subscription.lastSeq === undefined || lastSeq > subscription.lastSeq)) {
      subscription.lastSeq = lastSeq;
    }
    subscription.handlers.add(handler);
    if (isNew && this.isOpen()) this.sendSubscribe(topic, subscription);
    this.ensureConnected();
    return () => this.unsubscribe(topic, handler);
  }

  private unsubscribe(topic: string, handler: TopicHandler) {
    const subscription = this.topics.get(topic);
    if (subscription === undefined) return;
    subscription.handlers.delete(handler);
    if (subscription.handlers.size > 0) return;
    this.topics.delete(topic);
    if (this.isOpen()) this.send({ type: 'unsubscribe', topic });
    if (this.topics.size === 0) this.disconnect();
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === OPEN;
  }

  private setStatus(status: LiveStatus) {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.statusListeners.forEach((listener) => listener(status));
  }

  private ensureConnected() {
    if (this.socket !== undefined || this.reconnectTimer !== undefined) return;
    this.connect();
  }

  private connect() {
    this.reconnectTimer = undefined;
    let socket: SocketLike;
    try {
      socket = this.createSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.attempts = 0;
      this.setStatus('live');
      this.topics.forEach((subscription, topic) => this.sendSubscribe(topic, subscription));
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.pingEveryMs);
    };
    socket.onmessage = (event) => {
      if (this.socket === socket) this.receive(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket !== socket) return;
      this.dropSocket();
      const code = (event as { code?: unknown } | null)?.code;
      if (typeof code === 'number' && ACCESS_ENDED_CLOSE_CODES.includes(code)) {
        // Signed out, revoked or removed: a new socket would be refused, so wait for the next subscribe after sign-in.
        this.attempts = 0;
        this.setStatus('ended');
        this.onAccessEnded(code);
        return;
      }
      if (this.topics.size > 0) this.scheduleReconnect();
    };
    socket.onerror = () => {
      // A close event always follows; reconnection is decided there.
    };
  }

  private scheduleReconnect() {
    this.setStatus('reconnecting');
    const delay = Math.min(this.maxDelayMs, this.initialDelayMs * 2 ** this.attempts);
    this.attempts += 1;
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private dropSocket() {
    if (this.pingTimer !== undefined) clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = null;
    }
    return socket;
  }

  private disconnect() {
    if (this.reconnectTimer !== undefined) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    this.attempts = 0;
    const socket = this.dropSocket();
    socket?.close();
    this.setStatus('connecting');
  }

  private sendSubscribe(topic: string, subscription: Subscription) {
    this.send(
      subscription.lastSeq === undefined
        ? { type: 'subscribe', topic }
        : { type: 'subscribe', topic, lastSeq: subscription.lastSeq },
    );
  }

  private send(message: Record<string, unknown>) {
    if (!this.isOpen()) return;
    this.socket?.send(JSON.stringify(message));
  }

  private receive(raw: unknown) {
    if (typeof raw !== 'string') return;
    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(raw);
      if (typeof parsed !== 'object' || parsed === null) return;
      message = parsed as Record<string, unknown>;
    } catch {
      return;
    }
    const topic = typeof message.topic === 'string' ? message.topic : undefined;
    const subscription = topic === undefined ? undefined : this.topics.get(topic);
    if (topic === undefined || subscription === undefined) return;
    const seq = typeof message.seq === 'number' ? message.seq : undefined;

    if (message.type === 'event' && seq !== undefined) {
      // Events are numbered without gaps; one already delivered (or announced) is not delivered again.
      if (subscription.lastSeq !== undefined && seq <= subscription.lastSeq) return;
      subscription.lastSeq = seq;
      this.deliver(subscription, {
        type: 'event',
        topic,
        seq,
        event: String(message.event ?? ''),
        data: message.data,
      });
    } else if (message.type === 'snapshot' && seq !== undefined) {
      subscription.lastSeq = seq;
      this.deliver(subscription, { type: 'snapshot', topic, seq, data: message.data });
    } else if (message.type === 'error') {
      this.deliver(subscription, {
        type: 'error',
        topic,
        code: String(message.code ?? ''),
        message: String(message.message ?? ''),
      });
    }
  }

  private deliver(subscription: Subscription, message: TopicMessage) {
    [...subscription.handlers].forEach((handler) => handler(message));
  }
}

let shared: LiveClient | undefined;

/** The app's one live connection, created on first use. */
export function liveClient(): LiveClient {
  shared ??= new LiveClient({ onAccessEnded: () => notifyUnauthorized() });
  return shared;
}
