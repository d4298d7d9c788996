import { describe, expect, it } from 'vitest';
import type { FlowAction, LoopAction, RouterAction } from '../model';
import { makeFlow, putAction, webhookTrigger } from '../testData';
import { applyOperation } from './applyOperation';
import { allSteps, locationOf, nextStepName, stepsBefore, toActionRequest } from './flowTree';
import { newLoop, newRouter, pieceSettings, pieceVersionRange } from './steps';
import { STORE_PIECE } from '../testData';

function loop(name: string, body: FlowAction | null, next: FlowAction | null = null): LoopAction {
  return { name, type: 'LOOP_ON_ITEMS', displayName: 'Loop', valid: true, settings: { items: '{{trigger.body.items}}' }, firstLoopAction: body, nextAction: next };
}

function router(name: string, children: (FlowAction | null)[], next: FlowAction | null = null): RouterAction {
  return {
    name,
    type: 'ROUTER',
    displayName: 'Router',
    valid: true,
    settings: {
      executionType: 'EXECUTE_FIRST_MATCH',
      branches: [
        { branchType: 'CONDITION', branchName: 'Big', conditions: [[{ firstValue: '1', secondValue: '2', operator: 'NUMBER_IS_GREATER_THAN' }]] },
        { branchType: 'FALLBACK', branchName: 'Otherwise' },
      ],
    },
    children,
    nextAction: next,
  };
}

// trigger → step_1 → loop_3 { step_4 → step_5 } → step_9 (router) { [step_10], [] } → step_2
const tree = webhookTrigger(
  putAction('step_1', loop('loop_3', putAction('step_4', putAction('step_5')), router('step_9', [putAction('step_10'), null], putAction('step_2')))),
);

describe('step names', () => {
  it('is step_1 for a flow without steps', () => {
    expect(nextStepName(webhookTrigger())).toBe('step_1');
  });

  it('is one more than the highest step_N anywhere in the tree, ignoring other names', () => {
    expect(nextStepName(tree)).toBe('step_11');
  });
});

describe('flow tree', () => {
  it('lists every step depth first in display order', () => {
    expect(allSteps(tree).map((s) => s.name)).toEqual([
      'trigger', 'step_1', 'loop_3', 'step_4', 'step_5', 'step_9', 'step_10', 'step_2',
    ]);
  });

  it('finds where a step sits relative to its parent', () => {
    expect(locationOf(tree, 'step_1')).toEqual({ parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER' });
    expect(locationOf(tree, 'step_4')).toEqual({ parentStep: 'loop_3', stepLocationRelativeToParent: 'INSIDE_LOOP' });
    expect(locationOf(tree, 'step_5')).toEqual({ parentStep: 'step_4', stepLocationRelativeToParent: 'AFTER' });
    expect(locationOf(tree, 'step_10')).toEqual({ parentStep: 'step_9', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 0 });
    expect(locationOf(tree, 'step_2')).toEqual({ parentStep: 'step_9', stepLocationRelativeToParent: 'AFTER' });
  });

  it('offers the trigger and the earlier steps on the path, enclosing steps included', () => {
    expect(stepsBefore(tree, 'trigger')).toEqual([]);
    expect(stepsBefore(tree, 'step_5').map((s) => s.name)).toEqual(['trigger', 'step_1', 'loop_3', 'step_4']);
    expect(stepsBefore(tree, 'step_10').map((s) => s.name)).toEqual(['trigger', 'step_1', 'loop_3', 'step_9']);
    expect(stepsBefore(tree, 'step_2').map((s) => s.name)).toEqual(['trigger', 'step_1', 'loop_3', 'step_9']);
  });

  it('builds UPDATE_ACTION requests without children or the next step', () => {
    const request = toActionRequest(router('step_9', [putAction('step_10'), null], putAction('step_2')));
    expect(Object.keys(request).sort()).toEqual(['displayName', 'name', 'settings', 'type', 'valid']);
  });
});

describe('new steps', () => {
  it('pins the exact piece version with ~ as Flow Pieces requires', () => {
    expect(pieceVersionRange('0.6.20')).toBe('~0.6.20');
    expect(pieceVersionRange('^0.6.20')).toBe('~0.6.20');
    expect(pieceVersionRange('0.6.20')).toMatch(/^([~^])?\d+\.\d+\.\d+$/);
  });

  it('starts a piece action with its defaults, manual props and error handling off', () => {
    const meta = STORE_PIECE.actions.put;
    if (meta === undefined) throw new Error('fixture');
    expect(pieceSettings(STORE_PIECE, 'action', meta)).toEqual({
      pieceName: '@activepieces/piece-store',
      pieceVersion: '~0.6.20',
      actionName: 'put',
      input: { store_scope: 'COLLECTION' },
      propertySettings: { key: { type: 'MANUAL' }, value: { type: 'MANUAL' }, store_scope: { type: 'MANUAL' } },
      errorHandlingOptions: { continueOnFailure: { value: false }, retryOnFailure: { value: false } },
    });
  });

  it('adds routers with one empty child per branch and loops with an empty body', () => {
    let flow = makeFlow(webhookTrigger());
    flow = applyOperation(flow, { type: 'ADD_ACTION', request: { parentStep: 'trigger', stepLocationRelativeToParent: 'AFTER', action: newRouter('step_1') } });
    flow = applyOperation(flow, { type: 'ADD_ACTION', request: { parentStep: 'step_1', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 1, action: newLoop('step_2') } });
    const added = flow.version.trigger.nextAction;
    expect(added?.type).toBe('ROUTER');
    if (added?.type !== 'ROUTER') throw new Error('unreachable');
    expect(added.children[0]).toBeNull();
    expect(added.children[1]).toMatchObject({ name: 'step_2', type: 'LOOP_ON_ITEMS', settings: { items: '' } });
  });
});
