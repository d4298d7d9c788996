import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from './fakeSocket';
import { LiveClient, defaultLiveUrl, type TopicMessage } from './ws';

function client() {
  return new LiveClient({
    url: () => 'ws://pmos.test/api/pmos/ws',
    createSocket: (url) => new FakeSocket(url),
    initialDelayMs: 100,
    maxDelayMs: 400,
  });
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('LiveClient', () => {
  it('builds the address from the page origin', () => {
    expect(defaultLiveUrl()).toBe(`ws://${window.location.host}/api/pmos/ws`);
  });

  it('connects on the first subscription and subscribes with the last known event number', () => {
    const live = client();
    const statuses: string[] = [];
    live.onStatus((status) => statuses.push(status));
    live.subscribe('flow:f1', vi.fn(), 12);

    const socket = FakeSocket.latest();
    expect(socket.url).toBe('ws://pmos.test/api/pmos/ws');
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', topic: 'flow:f1', lastSeq: 12 }]);
    expect(statuses).toEqual(['live']);
  });

  it('delivers each event once, in number order, and snapshots always', () => {
    const live = client();
    const received: TopicMessage[] = [];
    live.subscribe('flow:f1', (message) => received.push(message), 3);
    const socket = FakeSocket.latest();
    socket.open();

    socket.receive({ type: 'event', topic: 'flow:f1', seq: 3, event: 'flow.updated', data: { n: 3 } });
    socket.receive({ type: 'event', topic: 'flow:f1', seq: 4, event: 'flow.updated', data: { n: 4 } });
    socket.receive({ type: 'event', topic: 'flow:f1', seq: 4, event: 'flow.updated', data: { n: 4 } });
    socket.receive({ type: 'snapshot', topic: 'flow:f1', seq: 9, data: { n: 9 } });
    socket.receive({ type: 'event', topic: 'flow:other', seq: 10, event: 'flow.updated', data: {} });
    socket.receive({ type: 'pong' });

    expect(received.map((m) => [m.type, 'seq' in m ? m.seq : undefined])).toEqual([
      ['event', 4],
      ['snapshot', 9],
    ]);
  });

  it('reconnects with a growing delay and resumes from the last event it delivered', () => {
    const live = client();
    const statuses: string[] = [];
    live.onStatus((status) => statuses.push(status));
    live.subscribe('flow:f1', vi.fn());
    FakeSocket.latest().open();
    FakeSocket.latest().receive({ type: 'event', topic: 'flow:f1', seq: 7, event: 'flow.updated', data: {} });

    FakeSocket.latest().drop();
    expect(statuses).toEqual(['live', 'reconnecting']);
    vi.advanceTimersByTime(99);
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(2);

    FakeSocket.latest().drop();
    vi.advanceTimersByTime(199);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);

    FakeSocket.latest().open();
    expect(FakeSocket.latest().sent).toEqual([{ type: 'subscribe', topic: 'flow:f1', lastSeq: 7 }]);
    expect(statuses[statuses.length - 1]).toBe('live');
  });

  it.each([4401, 4403])(
    'stops reconnecting when the server ends the socket for lost access (close code %i) and says so',
    (code) => {
      const ended = vi.fn();
      const live = new LiveClient({
        url: () => 'ws://pmos.test/api/pmos/ws',
        createSocket: (url) => new FakeSocket(url),
        initialDelayMs: 100,
        onAccessEnded: ended,
      });
      const statuses: string[] = [];
      live.onStatus((status) => statuses.push(status));
      live.subscribe('flow:f1', vi.fn());
      FakeSocket.latest().open();

      FakeSocket.latest().drop(code);
      vi.advanceTimersByTime(60_000);
      expect(FakeSocket.instances).toHaveLength(1);
      expect(ended).toHaveBeenCalledWith(code);
      expect(statuses).toEqual(['live', 'ended']);

      // After signing in again, the next subscription connects anew.
      live.subscribe('flow:f2', vi.fn());
      expect(FakeSocket.instances).toHaveLength(2);
    },
  );

  it('keeps reconnecting, without ending the session, while the server refuses the upgrade (an outage: 1006)', () => {
    const ended = vi.fn();
    const live = new LiveClient({
      url: () => 'ws://pmos.test/api/pmos/ws',
      createSocket: (url) => new FakeSocket(url),
      initialDelayMs: 100,
      maxDelayMs: 400,
      onAccessEnded: ended,
    });
    live.subscribe('flow:f1', vi.fn());
    FakeSocket.latest().open();

    // The database is unreachable: the open socket drops, and each new upgrade is refused (503) before it opens.
    FakeSocket.latest().drop(1006);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      vi.advanceTimersByTime(400);
      FakeSocket.latest().drop(1006);
    }
    expect(live.status).toBe('reconnecting');
    vi.advanceTimersByTime(400);
    FakeSocket.latest().open();

    expect(FakeSocket.instances).toHaveLength(7);
    expect(live.status).toBe('live');
    expect(ended).not.toHaveBeenCalled();
  });

  it('closes the connection once nobody listens, and does not reconnect', () => {
    const live = client();
    const stop = live.subscribe('flow:f1', vi.fn());
    const socket = FakeSocket.latest();
    socket.open();
    stop();
    expect(socket.sent[socket.sent.length - 1]).toEqual({ type: 'unsubscribe', topic: 'flow:f1' });
    expect(socket.readyState).toBe(3);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('passes topic errors to the listeners', () => {
    const live = client();
    const received: TopicMessage[] = [];
    live.subscribe('flow:f1', (message) => received.push(message));
    FakeSocket.latest().open();
    FakeSocket.latest().receive({ type: 'error', topic: 'flow:f1', code: 'FORBIDDEN', message: 'Not your workspace.' });
    expect(received).toEqual([{ type: 'error', topic: 'flow:f1', code: 'FORBIDDEN', message: 'Not your workspace.' }]);
  });
});
