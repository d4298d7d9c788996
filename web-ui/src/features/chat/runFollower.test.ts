import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../../lib/fakeSocket';
import { ApiError } from '../../lib/http';
import { LiveClient } from '../../lib/ws';
import { RunFollower, eventFromMessage } from './runFollower';
import type { TraceAnswer, TraceEvent } from './types';

const ev = (seq: number, type: string, data: Record<string, unknown> = {}): TraceEvent => ({ seq, type, data });
const started = ev(1, 'run.started', { message: 'list flows' });
const finished = (seq: number) => ev(seq, 'run.finished', { status: 'succeeded', steps: 1 });

/** The WebSocket message the server sends for a trace event (data: the stored envelope). */
const wire = (runId: string, event: TraceEvent) => ({
  type: 'event',
  topic: `run:${runId}`,
  seq: event.seq,
  event: event.type,
  data: { runId, ts: '2025-06-01T10:00:00Z', type: event.type, data: event.data },
});

let client: LiveClient;

beforeEach(() => {
  FakeSocket.instances = [];
  client = new LiveClient({ createSocket: (url) => new FakeSocket(url), url: () => 'ws://test/api/pmos/ws' });
});

afterEach(() => {
  vi.useRealTimers();
});

function follower(loadTrace: (runId: string) => Promise<TraceAnswer>, pollLimit = 600) {
  return new RunFollower('r1', { loadTrace, live: () => client, pollEveryMs: 1000, pollLimit });
}

describe('eventFromMessage', () => {
  it('unwraps the stored envelope the WebSocket sends', () => {
    const message = wire('r1', ev(3, 'assistant.delta', { text: 'Hi' }));
    expect(eventFromMessage(message.seq, message.event, message.data)).toEqual({
      seq: 3,
      type: 'assistant.delta',
      ts: '2025-06-01T10:00:00Z',
      runId: 'r1',
      data: { text: 'Hi' },
    });
  });
});

describe('RunFollower', () => {
  it('reads the trace, then resumes the run topic after the last event it has', async () => {
    const loadTrace = vi.fn(async () => ({ runId: 'r1', status: 'running', events: [started, ev(2, 'assistant.delta', { text: 'Fl' })] }));
    const run = follower(loadTrace);
    run.loadAndFollow();
    await vi.waitFor(() => expect(FakeSocket.instances).toHaveLength(1));
    const socket = FakeSocket.latest();
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', topic: 'run:r1', lastSeq: 2 }]);

    socket.receive(wire('r1', ev(2, 'assistant.delta', { text: 'Fl' })));
    socket.receive(wire('r1', ev(3, 'assistant.delta', { text: 'ows: none.' })));
    expect(run.getSnapshot().trace.view.text).toBe('Flows: none.');

    socket.receive(wire('r1', finished(4)));
    expect(run.finished).toBe(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'unsubscribe', topic: 'run:r1' });
    expect(loadTrace).toHaveBeenCalledTimes(1);
  });

  it('reads the whole trace again when an event went missing', async () => {
    const all = [started, ev(2, 'assistant.delta', { text: 'A' }), ev(3, 'assistant.delta', { text: 'B' }), finished(4)];
    const loadTrace = vi.fn(async () => ({ runId: 'r1', status: 'succeeded', events: all }));
    const run = follower(loadTrace);
    run.startedHere();
    const socket = FakeSocket.latest();
    socket.open();
    expect(socket.sent).toEqual([{ type: 'subscribe', topic: 'run:r1', lastSeq: 0 }]);

    socket.receive(wire('r1', started));
    socket.receive(wire('r1', all[2]!));
    expect(run.getSnapshot().trace.view.text).toBe('');
    await vi.waitFor(() => expect(run.finished).toBe(true));
    expect(loadTrace).toHaveBeenCalledTimes(1);
    expect(run.getSnapshot().trace.view.text).toBe('AB');
  });

  it('takes a snapshot of the topic as the whole trace', () => {
    const run = follower(vi.fn());
    run.startedHere();
    const socket = FakeSocket.latest();
    socket.open();
    socket.receive({ type: 'snapshot', topic: 'run:r1', seq: 2, data: { events: [started, finished(2)] } });
    expect(run.finished).toBe(true);
  });

  it('polls the trace every second while the socket is not live, and stops when the run finishes', async () => {
    vi.useFakeTimers();
    let calls = 0;
    const loadTrace = vi.fn(async () => {
      calls += 1;
      return { runId: 'r1', status: 'running', events: calls < 3 ? [started] : [started, finished(2)] };
    });
    const onFinished = vi.fn();
    const run = follower(loadTrace);
    run.onFinished(onFinished);
    run.startedHere();
    expect(client.status).toBe('connecting');

    await vi.advanceTimersByTimeAsync(1000);
    expect(loadTrace).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(loadTrace).toHaveBeenCalledTimes(3);
    expect(run.finished).toBe(true);
    expect(onFinished).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(loadTrace).toHaveBeenCalledTimes(3);
  });

  it('does not poll while the socket is live', async () => {
    vi.useFakeTimers();
    const loadTrace = vi.fn(async () => ({ runId: 'r1', status: 'running', events: [started] }));
    const run = follower(loadTrace);
    run.startedHere();
    FakeSocket.latest().open();
    await vi.advanceTimersByTimeAsync(5000);
    expect(loadTrace).not.toHaveBeenCalled();

    FakeSocket.latest().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(loadTrace).toHaveBeenCalledTimes(1);
    run.stop();
  });

  it('gives up polling after its limit and says so, until refreshed by hand', async () => {
    vi.useFakeTimers();
    const loadTrace = vi.fn(async () => ({ runId: 'r1', status: 'running', events: [started] }));
    const run = follower(loadTrace, 3);
    run.startedHere();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(loadTrace).toHaveBeenCalledTimes(3);
    expect(run.getSnapshot().stalled).toBe(true);

    run.refresh();
    expect(run.getSnapshot().stalled).toBe(false);
    await vi.advanceTimersByTimeAsync(0);
    expect(loadTrace).toHaveBeenCalledTimes(4);
    run.stop();
  });

  it('polls when the topic is refused on the socket', async () => {
    vi.useFakeTimers();
    const loadTrace = vi.fn(async () => ({ runId: 'r1', status: 'succeeded', events: [started, finished(2)] }));
    const run = follower(loadTrace);
    run.startedHere();
    const socket = FakeSocket.latest();
    socket.open();
    socket.receive({ type: 'error', topic: 'run:r1', code: 'FORBIDDEN', message: 'Not yours.' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(loadTrace).toHaveBeenCalledTimes(1);
    expect(run.finished).toBe(true);
  });

  it('stops asking when the run cannot be read (not found or not yours)', async () => {
    vi.useFakeTimers();
    const loadTrace = vi.fn(async () => {
      throw new ApiError(404, 'No such run in your workspace.');
    });
    const run = follower(loadTrace);
    run.loadAndFollow();
    await vi.advanceTimersByTimeAsync(5000);
    expect(loadTrace).toHaveBeenCalledTimes(1);
    expect(run.getSnapshot().loadError).toBe('No such run in your workspace.');
  });

  it('tells about a finish seen live, not about a run read from the history', async () => {
    const onFinished = vi.fn();
    const history = follower(async () => ({ runId: 'r1', status: 'succeeded', events: [started, finished(2)] }));
    history.onFinished(onFinished);
    history.loadAndFollow();
    await vi.waitFor(() => expect(history.finished).toBe(true));
    expect(onFinished).not.toHaveBeenCalled();
    expect(FakeSocket.instances).toHaveLength(0);
  });

  it('reads once more when events go missing while an older read is under way', async () => {
    const all = [started, ev(2, 'assistant.delta', { text: 'A' }), ev(3, 'assistant.delta', { text: 'B' }), finished(4)];
    let releaseFirst!: (answer: TraceAnswer) => void;
    const loadTrace = vi
      .fn<(runId: string) => Promise<TraceAnswer>>()
      .mockImplementationOnce(() => new Promise((resolve) => (releaseFirst = resolve)))
      .mockResolvedValue({ runId: 'r1', status: 'succeeded', events: all });
    const run = follower(loadTrace);
    run.startedHere();
    const socket = FakeSocket.latest();
    socket.open();
    run.refresh();
    socket.receive(wire('r1', started));
    socket.receive(wire('r1', all[2]!));
    expect(loadTrace).toHaveBeenCalledTimes(1);

    releaseFirst({ runId: 'r1', status: 'running', events: [started] });
    await vi.waitFor(() => expect(run.finished).toBe(true));
    expect(loadTrace).toHaveBeenCalledTimes(2);
    expect(run.getSnapshot().trace.view.text).toBe('AB');
  });
});
