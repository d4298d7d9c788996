import { describe, expect, it } from 'vitest';
import { emptyTrace, hasGap, runErrorText, traceFromEvents, traceReducer } from './trace';
import type { TraceEvent } from './types';

const ev = (seq: number, type: string, data: Record<string, unknown> = {}): TraceEvent => ({ seq, type, data });

const CREATE_RUN: TraceEvent[] = [
  ev(1, 'run.started', { conversationId: 'c1', provider: 'builtin', message: 'create a flow named Daily digest' }),
  ev(2, 'tool.started', { toolCallId: 'a', tool: 'flow_create', arguments: { name: 'Daily digest' } }),
  ev(3, 'flow.updated', { flowId: 'f1', name: 'Daily digest', operation: 'flow_create' }),
  ev(4, 'tool.finished', { toolCallId: 'a', tool: 'flow_create', status: 'ok', durationMs: 120, result: { flowId: 'f1', name: 'Daily digest' } }),
  ev(5, 'assistant.delta', { text: 'Done: flow ' }),
  ev(6, 'assistant.delta', { text: '"Daily digest" created.' }),
  ev(7, 'assistant.message', { text: 'Done: flow "Daily digest" created.' }),
  ev(8, 'run.finished', { status: 'succeeded', steps: 2 }),
];

describe('traceReducer', () => {
  it('builds steps, text and status from a whole run', () => {
    const { view, lastSeq } = traceFromEvents(CREATE_RUN);
    expect(lastSeq).toBe(8);
    expect(view.message).toBe('create a flow named Daily digest');
    expect(view.conversationId).toBe('c1');
    expect(view.steps).toHaveLength(1);
    expect(view.steps[0]).toMatchObject({
      toolCallId: 'a',
      tool: 'flow_create',
      arguments: { name: 'Daily digest' },
      status: 'ok',
      durationMs: 120,
      result: { flowId: 'f1', name: 'Daily digest' },
    });
    expect(view.flowChanges).toEqual([{ flowId: 'f1', name: 'Daily digest', operation: 'flow_create' }]);
    expect(view.text).toBe('Done: flow "Daily digest" created.');
    expect(view.status).toBe('succeeded');
    expect(view.finished).toBe(true);
  });

  it('shows streamed text as it arrives, then the complete message in its place', () => {
    let state = traceReducer(emptyTrace(), CREATE_RUN.slice(0, 5));
    expect(state.view.text).toBe('Done: flow ');
    expect(state.view.streaming).toBe('Done: flow ');
    expect(state.view.status).toBe('running');
    state = traceReducer(state, [CREATE_RUN[5]!]);
    expect(state.view.text).toBe('Done: flow "Daily digest" created.');
    state = traceReducer(state, [CREATE_RUN[6]!]);
    expect(state.view.streaming).toBe('');
    expect(state.view.messages).toEqual(['Done: flow "Daily digest" created.']);
    expect(state.view.text).toBe('Done: flow "Daily digest" created.');
  });

  it('applies events in seq order whatever order they arrive in', () => {
    const shuffled = [CREATE_RUN[6]!, CREATE_RUN[0]!, CREATE_RUN[4]!, CREATE_RUN[7]!, CREATE_RUN[1]!, CREATE_RUN[3]!, CREATE_RUN[2]!, CREATE_RUN[5]!];
    expect(traceFromEvents(shuffled).view).toEqual(traceFromEvents(CREATE_RUN).view);
  });

  it('ignores duplicates, within one batch and across batches, returning the same state', () => {
    const once = traceFromEvents(CREATE_RUN.slice(0, 6));
    const twice = traceReducer(once, CREATE_RUN.slice(0, 6));
    expect(twice).toBe(once);
    const doubled = traceFromEvents([...CREATE_RUN.slice(0, 6), ...CREATE_RUN.slice(4, 6)]);
    expect(doubled.view.text).toBe('Done: flow "Daily digest" created.');
    expect(doubled.view.steps).toHaveLength(1);
  });

  it('holds events after a gap and reports it until the missing one arrives', () => {
    let state = traceReducer(emptyTrace(), CREATE_RUN.slice(0, 2));
    state = traceReducer(state, [CREATE_RUN[3]!, CREATE_RUN[4]!]);
    expect(hasGap(state)).toBe(true);
    expect(state.lastSeq).toBe(2);
    expect(state.view.steps[0]?.status).toBe('running');
    expect(state.view.text).toBe('');

    state = traceReducer(state, [CREATE_RUN[2]!]);
    expect(hasGap(state)).toBe(false);
    expect(state.lastSeq).toBe(5);
    expect(state.view.steps[0]?.status).toBe('ok');
    expect(state.view.text).toBe('Done: flow ');
  });

  it('ignores events without a usable seq', () => {
    const state = traceReducer(emptyTrace(), [{ seq: Number.NaN, type: 'run.started', data: {} }, ev(0, 'run.started')]);
    expect(state).toEqual(emptyTrace());
  });

  it('follows an approval: waiting, approved, running, done', () => {
    const requested = [
      ev(1, 'run.started', { conversationId: 'c1', provider: 'builtin', message: 'delete flow Daily digest' }),
      ev(2, 'approval.requested', {
        approvalId: 'ap1',
        toolCallId: 'd',
        tool: 'flow_delete',
        arguments: { flow: 'Daily digest' },
        reason: 'deleting a flow is a high-risk action',
        expiresAt: '2030-01-01T00:30:00Z',
      }),
    ];
    let state = traceFromEvents(requested);
    expect(state.view.status).toBe('waiting_approval');
    expect(state.view.finished).toBe(false);
    expect(state.view.steps[0]).toMatchObject({
      tool: 'flow_delete',
      status: 'waiting',
      arguments: { flow: 'Daily digest' },
      approval: { approvalId: 'ap1', reason: 'deleting a flow is a high-risk action', decision: undefined },
    });

    state = traceReducer(state, [ev(3, 'approval.resolved', { approvalId: 'ap1', decision: 'approved', by: 'ada@example.com' })]);
    expect(state.view.status).toBe('running');
    expect(state.view.steps[0]).toMatchObject({ status: 'running', approval: { decision: 'approved', by: 'ada@example.com' } });

    state = traceReducer(state, [
      ev(4, 'tool.started', { toolCallId: 'd', tool: 'flow_delete', arguments: { flow: 'Daily digest' } }),
      ev(5, 'tool.finished', { toolCallId: 'd', tool: 'flow_delete', status: 'ok', durationMs: 40, result: { deleted: true } }),
      ev(6, 'run.finished', { status: 'succeeded', steps: 2 }),
    ]);
    expect(state.view.steps).toHaveLength(1);
    expect(state.view.steps[0]).toMatchObject({ status: 'ok', approval: { decision: 'approved' } });
    expect(state.view.status).toBe('succeeded');
  });

  it('shows a denial with its reason, and the refusal as the step error', () => {
    const state = traceFromEvents([
      ev(1, 'run.started', { message: 'delete flow Keeper' }),
      ev(2, 'approval.requested', { approvalId: 'ap2', toolCallId: 'k', tool: 'flow_delete', arguments: { flow: 'Keeper' }, reason: 'high risk', expiresAt: '2030-01-01T00:00:00Z' }),
      ev(3, 'approval.resolved', { approvalId: 'ap2', decision: 'denied', by: 'bo@example.com', reason: 'We still need it' }),
    ]);
    expect(state.view.steps[0]).toMatchObject({
      status: 'error',
      approval: { decision: 'denied', by: 'bo@example.com', decisionReason: 'We still need it' },
    });
    expect(state.view.status).toBe('running');

    const refused = traceReducer(state, [
      ev(4, 'tool.finished', { toolCallId: 'k', tool: 'flow_delete', status: 'error', durationMs: 0, error: 'A person denied this action: We still need it' }),
    ]);
    expect(refused.view.steps[0]?.error).toBe('A person denied this action: We still need it');
  });

  it('reports a run error and a failed end, closing steps that never finished', () => {
    const state = traceFromEvents([
      ev(1, 'run.started', { message: 'hi' }),
      ev(2, 'tool.started', { toolCallId: 'x', tool: 'bcgpt__slow', arguments: {} }),
      ev(3, 'tool.progress', { toolCallId: 'x', progress: 2, total: 5, message: 'working' }),
      ev(4, 'run.error', { code: 'TIME_BUDGET', message: 'The run took longer than its time budget.' }),
      ev(5, 'run.finished', { status: 'stopped', steps: 1 }),
    ]);
    expect(state.view.error).toEqual({ code: 'TIME_BUDGET', message: 'The run took longer than its time budget.' });
    expect(state.view.status).toBe('stopped');
    expect(state.view.finished).toBe(true);
    expect(state.view.steps[0]).toMatchObject({ status: 'error', progress: { progress: 2, total: 5, message: 'working' } });
  });

  it('counts a tool error as a failed step with its message', () => {
    const state = traceFromEvents([
      ev(1, 'run.started', {}),
      ev(2, 'tool.started', { toolCallId: 'y', tool: 'step_add', arguments: { flow: 'Nope', piece: 'slack' } }),
      ev(3, 'tool.finished', { toolCallId: 'y', tool: 'step_add', status: 'error', durationMs: 5, error: 'No flow named Nope.' }),
    ]);
    expect(state.view.steps[0]).toMatchObject({ status: 'error', error: 'No flow named Nope.', result: undefined });
    expect(state.view.status).toBe('running');
  });
});

describe('runErrorText', () => {
  it('keeps the server sentence and adds what to do', () => {
    expect(runErrorText({ code: 'AI_KEY_INVALID', message: 'The AI provider refused the key.' })).toBe(
      'The AI provider refused the key. An admin can check the AI provider in Integrations.',
    );
    expect(runErrorText({ code: 'SOMETHING_NEW', message: 'It broke.' })).toBe('It broke.');
    expect(runErrorText({ code: 'X', message: '' })).toBe('The run stopped because of an error.');
  });
});
