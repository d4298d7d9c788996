import { describe, expect, it } from 'vitest';
import type { FlowOperation } from '../model';
import { emptyTrigger, makeFlow, putAction } from '../testData';
import {
  acknowledge,
  createQueue,
  enqueue,
  flowVersion,
  flushAll,
  localFlow,
  markSent,
  nextToSend,
  receive,
  reject,
} from './operationQueue';

const rename = (displayName: string): FlowOperation => ({ type: 'CHANGE_NAME', request: { displayName } });
const updateKey = (key: string): FlowOperation => ({
  type: 'UPDATE_ACTION',
  request: { ...putAction('step_1', null, { key }), nextAction: undefined },
});

describe('operation queue', () => {
  const server = makeFlow(emptyTrigger(putAction('step_1')));

  it('sends immediate operations at once and strictly one at a time, in order', () => {
    let state = createQueue(server, 3);
    state = enqueue(state, rename('A'), { now: 0 }).state;
    state = enqueue(state, rename('B'), { now: 0 }).state;

    const first = nextToSend(state, 0);
    expect(first).toMatchObject({ kind: 'send', queued: { operation: rename('A') } });
    if (first.kind !== 'send') throw new Error('unreachable');
    state = markSent(state, first.queued.id);
    expect(nextToSend(state, 0)).toEqual({ kind: 'busy' });

    state = acknowledge(state, first.queued.id, makeFlow(server.version.trigger, { updated: '2025-06-01T10:00:01.000Z' }), 4);
    expect(nextToSend(state, 0)).toMatchObject({ kind: 'send', queued: { operation: rename('B') } });
  });

  it('merges consecutive edits of the same step into one debounced UPDATE', () => {
    let state = createQueue(server, 1);
    const a = enqueue(state, updateKey('o'), { now: 0, mergeKey: 'step:step_1', debounceMs: 1000 });
    const b = enqueue(a.state, updateKey('or'), { now: 400, mergeKey: 'step:step_1', debounceMs: 1000 });
    const c = enqueue(b.state, updateKey('ord'), { now: 900, mergeKey: 'step:step_1', debounceMs: 1000 });
    state = c.state;

    expect(b.merged).toBe(true);
    expect(c.merged).toBe(true);
    expect(c.id).toBe(a.id);
    expect(state.pending).toHaveLength(1);
    expect(nextToSend(state, 1000)).toEqual({ kind: 'wait', ms: 900 });
    expect(nextToSend(state, 1900)).toMatchObject({ kind: 'send', queued: { operation: updateKey('ord') } });
  });

  it('does not merge into an edit already in flight, nor across another operation', () => {
    let state = createQueue(server, 1);
    const a = enqueue(state, updateKey('a'), { now: 0, mergeKey: 'step:step_1' });
    state = markSent(a.state, a.id);
    const b = enqueue(state, updateKey('ab'), { now: 10, mergeKey: 'step:step_1' });
    expect(b.merged).toBe(false);

    const c = enqueue(b.state, rename('X'), { now: 20 });
    const d = enqueue(c.state, updateKey('abc'), { now: 30, mergeKey: 'step:step_1' });
    expect(d.merged).toBe(false);
    expect(d.state.pending.map((q) => q.operation)).toEqual([updateKey('a'), updateKey('ab'), rename('X'), updateKey('abc')]);
  });

  it('lets a waiting edit leave at once when anything is queued behind it', () => {
    let state = createQueue(server, 1);
    state = enqueue(state, updateKey('a'), { now: 0, mergeKey: 'step:step_1', debounceMs: 1000 }).state;
    state = enqueue(state, rename('X'), { now: 100 }).state;
    expect(nextToSend(state, 100)).toMatchObject({ kind: 'send', queued: { operation: updateKey('a') } });
  });

  it('flushes every waiting edit on demand', () => {
    let state = createQueue(server, 1);
    state = enqueue(state, updateKey('a'), { now: 0, mergeKey: 'step:step_1', debounceMs: 1000 }).state;
    state = flushAll(state, 5);
    expect(nextToSend(state, 5)).toMatchObject({ kind: 'send' });
  });

  it('applies pending operations optimistically on top of the server flow', () => {
    let state = createQueue(server, 1);
    state = enqueue(state, rename('Renamed'), { now: 0 }).state;
    state = enqueue(state, updateKey('k1'), { now: 0, mergeKey: 'step:step_1' }).state;

    const local = localFlow(state);
    expect(local.version.displayName).toBe('Renamed');
    const step = local.version.trigger.nextAction;
    expect(step?.type === 'PIECE' && step.settings.input.key).toBe('k1');
    expect(state.server.version.displayName).toBe('Order intake');
  });

  it('on a refusal drops every pending change, keeps the error and returns to the server flow', () => {
    let state = createQueue(server, 1);
    const a = enqueue(state, rename('A'), { now: 0 });
    state = markSent(a.state, a.id);
    state = enqueue(state, rename('B'), { now: 0 }).state;

    state = reject(state, 'The step name is not valid.');

    expect(state.pending).toEqual([]);
    expect(state.error).toBe('The step name is not valid.');
    expect(localFlow(state)).toBe(server);
  });

  it('replaces the server flow only with a newer one, and keeps pending operations on top', () => {
    let state = createQueue(server, 5);
    state = enqueue(state, rename('Mine'), { now: 0, mergeKey: 'name' }).state;

    const older = makeFlow(server.version.trigger, { status: 'ENABLED' });
    expect(receive(state, older, 5, 'event')).toBe(state);
    expect(receive(state, older, 4, 'snapshot')).toBe(state);

    const theirs = makeFlow(server.version.trigger, { status: 'ENABLED' });
    state = receive(state, theirs, 6, 'event');
    expect(state.server).toBe(theirs);
    expect(state.serverSeq).toBe(6);
    expect(localFlow(state)).toMatchObject({ status: 'ENABLED', version: { displayName: 'Mine' } });
  });

  it('does not apply an operation twice when its own live event arrives before its answer', () => {
    let state = createQueue(makeFlow(emptyTrigger()), 1);
    const add: FlowOperation = {
      type: 'ADD_ACTION',
      request: { parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER', action: { ...putAction('step_1'), nextAction: undefined } },
    };
    const a = enqueue(state, add, { now: 0 });
    state = markSent(a.state, a.id);
    const withStep = makeFlow(emptyTrigger(putAction('step_1')));

    state = receive(state, withStep, 2, 'event');
    expect(state.server).toBe(withStep);
    const chain = (flow: ReturnType<typeof localFlow>) => {
      const names: string[] = [];
      for (let step = flow.version.trigger.nextAction; step; step = step.nextAction) names.push(step.name);
      return names;
    };
    expect(chain(localFlow(state))).toEqual(['step_1']);

    state = acknowledge(state, a.id, withStep, 2);
    expect(chain(localFlow(state))).toEqual(['step_1']);
  });

  it('ignores a live update carrying an older copy than the one shown, even with a later event number', () => {
    const newer = makeFlow(server.version.trigger, {
      updated: '2025-06-01T10:00:05.000Z',
      version: { ...server.version, displayName: 'Burst 39', updated: '2025-06-01T10:00:05.000Z' },
    });
    const older = makeFlow(server.version.trigger, {
      updated: '2025-06-01T10:00:03.000Z',
      version: { ...server.version, displayName: 'Burst 12', updated: '2025-06-01T10:00:03.000Z' },
    });
    expect(flowVersion(newer)).toBeGreaterThan(flowVersion(older) ?? Infinity);

    let state = createQueue(server, 1);
    state = receive(state, newer, 2, 'event');
    expect(state.server).toBe(newer);
    const after = receive(state, older, 3, 'event');
    expect(after).toBe(state);
    expect(localFlow(after).version.displayName).toBe('Burst 39');
    // nor does a snapshot or an answer bring the older copy back
    expect(receive(state, older, 3, 'snapshot')).toBe(state);
    expect(acknowledge(state, 99, older, 3).server).toBe(newer);
  });

  it('never steps back to an older flow when an answer arrives after a later live update', () => {
    let state = createQueue(server, 5);
    const a = enqueue(state, rename('A'), { now: 0 });
    state = markSent(a.state, a.id);
    const later = makeFlow(server.version.trigger, { status: 'ENABLED' });
    state = receive(state, later, 7, 'event');
    state = acknowledge(state, a.id, makeFlow(server.version.trigger), 6);
    expect(state.server).toBe(later);
    expect(state.pending).toEqual([]);
  });
});
