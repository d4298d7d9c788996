import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../lib/http';
import { deferred } from '../../../test/fakeApi';
import type { FlowAtSeq } from '../api';
import type { FlowOperation, PieceAction, PopulatedFlow } from '../model';
import { makeFlow, putAction, webhookTrigger } from '../testData';
import { applyOperation } from './applyOperation';
import { findStep, toActionRequest } from './flowTree';
import { EditorStore } from './store';

/** A stand-in server that applies operations like Flow Pieces would and numbers its answers. */
function fakeServer(initial: PopulatedFlow) {
  let flow = initial;
  let seq = 1;
  const sent: FlowOperation[] = [];
  const send = vi.fn(async (operation: FlowOperation): Promise<FlowAtSeq> => {
    sent.push(operation);
    if (operation.type === 'DUPLICATE_ACTION') {
      const original = findStep(flow.version.trigger, String(operation.request.stepName)) as PieceAction;
      flow = applyOperation(flow, {
        type: 'ADD_ACTION',
        request: { parentStep: original.name, stepLocationRelativeToParent: 'AFTER', action: { ...toActionRequest(original), name: 'step_7' } },
      });
    } else {
      flow = applyOperation(flow, operation);
    }
    seq += 1;
    return { flow, seq };
  });
  return { send, sent, current: () => flow };
}

function storeFor(flow: PopulatedFlow, send: (operation: FlowOperation) => Promise<FlowAtSeq>, refetch = vi.fn(async () => ({ flow, seq: 1 }))) {
  return new EditorStore({ flowId: flow.id, initial: { flow, seq: 1 }, send, refetch, debounceMs: 1000 });
}

const step1 = (flow: PopulatedFlow) => findStep(flow.version.trigger, 'step_1') as PieceAction;
const withKey = (step: PieceAction, key: string): PieceAction => ({
  ...step,
  settings: { ...step.settings, input: { ...step.settings.input, key } },
});

afterEach(() => {
  vi.useRealTimers();
});

describe('EditorStore queue', () => {
  it('sends operations strictly in order, one at a time', async () => {
    const flow = makeFlow(webhookTrigger(putAction('step_1')));
    const answers = [deferred<FlowAtSeq>(), deferred<FlowAtSeq>(), deferred<FlowAtSeq>()];
    const send = vi.fn((_operation: FlowOperation) => (answers[send.mock.calls.length - 1] as { promise: Promise<FlowAtSeq> }).promise);
    const store = storeFor(flow, send);

    store.rename('A');
    store.setSkip('step_1', true);
    store.rename('C');
    expect(send).toHaveBeenCalledTimes(1);
    expect(store.getState().flow.version.displayName).toBe('C');
    expect(store.getState().save.pending).toBe(3);

    answers[0]?.resolve({ flow: applyOperation(flow, { type: 'CHANGE_NAME', request: { displayName: 'A' } }), seq: 2 });
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(2));
    answers[1]?.resolve({ flow, seq: 3 });
    await vi.waitFor(() => expect(send).toHaveBeenCalledTimes(3));
    answers[2]?.resolve({ flow, seq: 4 });

    expect(send.mock.calls.map(([operation]) => operation.type)).toEqual(['CHANGE_NAME', 'SET_SKIP_ACTION', 'CHANGE_NAME']);
    await store.flush();
    expect(store.getState().save.pending).toBe(0);
  });

  it('merges typing into one step into one UPDATE_ACTION sent about a second later', async () => {
    vi.useFakeTimers();
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1'))));
    const store = storeFor(server.current(), server.send);

    for (const key of ['o', 'or', 'ord']) {
      store.updateStep(withKey(step1(store.getState().flow), key));
      await vi.advanceTimersByTimeAsync(300);
    }
    expect(server.send).not.toHaveBeenCalled();
    expect(step1(store.getState().flow).settings.input.key).toBe('ord');

    await vi.advanceTimersByTimeAsync(1000);
    expect(server.sent).toHaveLength(1);
    expect(server.sent[0]).toMatchObject({ type: 'UPDATE_ACTION', request: { name: 'step_1', settings: { input: { key: 'ord' } } } });
    expect(server.sent[0]?.request).not.toHaveProperty('nextAction');
  });

  it('takes the server answer as the new server flow', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1'))));
    const store = storeFor(server.current(), server.send);
    store.rename('Order intake v2');
    await store.flush();
    expect(store.getState().server).toBe(server.current());
    expect(store.getState().flow.version.displayName).toBe('Order intake v2');
  });

  it('on a refusal shows the server sentence and returns to the server flow, dropping pending edits', async () => {
    const flow = makeFlow(webhookTrigger(putAction('step_1')));
    const send = vi.fn(async () => {
      throw new ApiError(400, 'Flow Pieces refused the change: step_9 does not exist.');
    });
    const refetch = vi.fn(async () => ({ flow, seq: 1 }));
    const store = storeFor(flow, send, refetch);

    store.rename('Broken');
    store.setSkip('step_1', true);
    await expect(store.flush()).rejects.toThrow('step_9 does not exist');

    const state = store.getState();
    expect(state.save.error).toBe('Flow Pieces refused the change: step_9 does not exist.');
    expect(state.save.pending).toBe(0);
    expect(state.flow.version.displayName).toBe('Order intake');
    expect(step1(state.flow).skip).toBeUndefined();
    expect(send).toHaveBeenCalledTimes(1);
    expect(state.history.canUndo).toBe(false);
    await vi.waitFor(() => expect(refetch).toHaveBeenCalled());
  });

  it('applies a newer live flow under edits still waiting, but keeps its base while one is in flight', async () => {
    vi.useFakeTimers();
    const flow = makeFlow(webhookTrigger(putAction('step_1')));
    const never = new Promise<FlowAtSeq>(() => undefined);
    const store = storeFor(flow, () => never);
    store.updateStep(withKey(step1(flow), 'typed'));

    store.receive(makeFlow(flow.version.trigger, { status: 'ENABLED' }), 2, 'event');
    expect(store.getState().flow.status).toBe('ENABLED');
    expect(step1(store.getState().flow).settings.input.key).toBe('typed');

    await vi.advanceTimersByTimeAsync(1000);
    store.receive(makeFlow(flow.version.trigger, { status: 'DISABLED' }), 3, 'event');
    expect(store.getState().server.status).toBe('DISABLED');
    expect(store.getState().flow.status).toBe('ENABLED');
    expect(step1(store.getState().flow).settings.input.key).toBe('typed');
  });
});

describe('EditorStore undo and redo', () => {
  it('undoes an UPDATE with the step as it was before, and redoes it', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1', null, { key: 'before' }))));
    const store = storeFor(server.current(), server.send);
    const original = step1(store.getState().flow);

    store.updateStep(withKey(original, 'after'));
    await store.flush();
    store.undo();
    await store.flush();
    expect(server.sent[1]).toEqual({ type: 'UPDATE_ACTION', request: toActionRequest(original) });
    expect(step1(store.getState().flow).settings.input.key).toBe('before');

    store.redo();
    await store.flush();
    expect(server.sent[2]).toMatchObject({ type: 'UPDATE_ACTION', request: { settings: { input: { key: 'after' } } } });
    expect(step1(store.getState().flow).settings.input.key).toBe('after');
  });

  it('undoes one burst of typing at once', async () => {
    vi.useFakeTimers();
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1', null, { key: 'k' }))));
    const store = storeFor(server.current(), server.send);
    for (const key of ['k1', 'k12', 'k123']) store.updateStep(withKey(step1(store.getState().flow), key));
    await vi.advanceTimersByTimeAsync(1100);

    store.undo();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.sent.map((operation) => operation.type)).toEqual(['UPDATE_ACTION', 'UPDATE_ACTION']);
    expect(step1(server.current()).settings.input.key).toBe('k');
    expect(store.getState().history.canUndo).toBe(false);
  });

  it('undoes ADD_ACTION with DELETE_ACTION and redoes it with the same step', async () => {
    const server = fakeServer(makeFlow(webhookTrigger()));
    const store = storeFor(server.current(), server.send);
    const action = toActionRequest(putAction('step_1'));

    store.addStep({ parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER' }, action);
    expect(store.getState().selection).toBe('step_1');
    await store.flush();
    store.undo();
    await store.flush();
    expect(server.sent[1]).toEqual({ type: 'DELETE_ACTION', request: { names: ['step_1'] } });
    expect(store.getState().selection).toBeNull();

    store.redo();
    await store.flush();
    expect(server.sent[2]).toEqual(server.sent[0]);
    expect(server.current().version.trigger.nextAction?.name).toBe('step_1');
  });

  it('undoes DELETE_ACTION by adding the step back at its place', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1', putAction('step_2')))));
    const store = storeFor(server.current(), server.send);
    const deleted = findStep(server.current().version.trigger, 'step_2') as PieceAction;

    store.deleteStep('step_2');
    await store.flush();
    store.undo();
    await store.flush();
    expect(server.sent[1]).toEqual({
      type: 'ADD_ACTION',
      request: { parentStep: 'step_1', stepLocationRelativeToParent: 'AFTER', action: toActionRequest(deleted) },
    });
    expect(findStep(server.current().version.trigger, 'step_2')).toBeDefined();
  });

  it('undoes CHANGE_NAME with the previous name and SET_SKIP_ACTION with the previous value', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1'))));
    const store = storeFor(server.current(), server.send);
    store.rename('New name');
    store.setSkip('step_1', true);
    await store.flush();

    store.undo();
    store.undo();
    await store.flush();
    expect(server.sent.slice(2)).toEqual([
      { type: 'SET_SKIP_ACTION', request: { names: ['step_1'], skip: false } },
      { type: 'CHANGE_NAME', request: { displayName: 'Order intake' } },
    ]);
  });

  it('undoes DUPLICATE_ACTION by deleting the copy the server made', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1'))));
    const store = storeFor(server.current(), server.send);
    store.duplicateStep('step_1');
    expect(store.getState().history.canUndo).toBe(false);
    await store.flush();
    expect(store.getState().history.canUndo).toBe(true);

    store.undo();
    await store.flush();
    expect(server.sent[1]).toEqual({ type: 'DELETE_ACTION', request: { names: ['step_7'] } });
  });

  it('does not offer to undo publishing', async () => {
    const server = fakeServer(makeFlow(webhookTrigger(putAction('step_1'))));
    const store = storeFor(server.current(), server.send);
    store.publish();
    await store.flush();
    expect(server.sent).toEqual([{ type: 'LOCK_AND_PUBLISH', request: {} }]);
    expect(store.getState().history.canUndo).toBe(false);
    expect(store.getState().flow).toMatchObject({ status: 'ENABLED', publishedVersionId: 'ver1' });
  });
});
