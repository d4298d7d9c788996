import { describe, expect, it } from 'vitest';
import type { FlowAction, LoopAction, RouterAction } from '../model';
import { makeFlow, putAction, webhookTrigger } from '../testData';
import { applyOperation } from './applyOperation';
import { allSteps, toActionRequest } from './flowTree';
import { inverseOf } from './inverse';

function loop(name: string, body: FlowAction | null, next: FlowAction | null = null): LoopAction {
  return { name, type: 'LOOP_ON_ITEMS', displayName: 'Loop', valid: true, settings: { items: '{{trigger.body}}' }, firstLoopAction: body, nextAction: next };
}

function router(name: string, children: (FlowAction | null)[]): RouterAction {
  return {
    name,
    type: 'ROUTER',
    displayName: 'Router',
    valid: true,
    settings: {
      executionType: 'EXECUTE_FIRST_MATCH',
      branches: [
        { branchType: 'CONDITION', branchName: 'Big', conditions: [[{ firstValue: '{{trigger.n}}', operator: 'EXISTS' }]] },
        { branchType: 'CONDITION', branchName: 'Small', conditions: [[{ firstValue: 'a', secondValue: 'b', operator: 'TEXT_CONTAINS' }]] },
        { branchType: 'FALLBACK', branchName: 'Otherwise' },
      ],
    },
    children,
  };
}

const names = (flow: ReturnType<typeof makeFlow>) => allSteps(flow.version.trigger).map((step) => step.name);

describe('inverse operations', () => {
  it('rebuilds a deleted loop with its whole body, in order', () => {
    const before = makeFlow(webhookTrigger(loop('step_1', putAction('step_2', putAction('step_3')), putAction('step_4'))));
    const deleteLoop = { type: 'DELETE_ACTION', request: { names: ['step_1'] } };
    const inverse = inverseOf(deleteLoop, before.version);

    expect(inverse?.map((operation) => [operation.type, operation.request.parentStep, operation.request.stepLocationRelativeToParent])).toEqual([
      ['ADD_ACTION', 'trigger', 'AFTER'],
      ['ADD_ACTION', 'step_1', 'INSIDE_LOOP'],
      ['ADD_ACTION', 'step_2', 'AFTER'],
    ]);
    const deleted = applyOperation(before, deleteLoop);
    expect(names(deleted)).toEqual(['trigger', 'step_4']);
    const restored = (inverse ?? []).reduce(applyOperation, deleted);
    expect(names(restored)).toEqual(names(before));
  });

  it('brings back a deleted branch with its name, conditions and steps', () => {
    const before = makeFlow(webhookTrigger(router('step_1', [null, putAction('step_2'), null])));
    const deleteBranch = { type: 'DELETE_BRANCH', request: { stepName: 'step_1', branchIndex: 1 } };
    const inverse = inverseOf(deleteBranch, before.version) ?? [];

    expect(inverse[0]).toEqual({
      type: 'ADD_BRANCH',
      request: {
        stepName: 'step_1',
        branchIndex: 1,
        branchName: 'Small',
        conditions: [[{ firstValue: 'a', secondValue: 'b', operator: 'TEXT_CONTAINS' }]],
      },
    });
    expect(inverse[1]).toEqual({
      type: 'ADD_ACTION',
      request: { parentStep: 'step_1', stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex: 1, action: toActionRequest(putAction('step_2')) },
    });
    const restored = inverse.reduce(applyOperation, applyOperation(before, deleteBranch));
    expect(restored.version.trigger.nextAction).toMatchObject({ children: [null, { name: 'step_2' }, null] });
  });

  it('undoes ADD_BRANCH with DELETE_BRANCH at the same index', () => {
    const before = makeFlow(webhookTrigger(router('step_1', [null, null, null])));
    expect(inverseOf({ type: 'ADD_BRANCH', request: { stepName: 'step_1', branchIndex: 2, branchName: 'New' } }, before.version)).toEqual([
      { type: 'DELETE_BRANCH', request: { stepName: 'step_1', branchIndex: 2 } },
    ]);
  });

  it('cannot undo an update of a step that does not exist', () => {
    const before = makeFlow(webhookTrigger());
    expect(inverseOf({ type: 'UPDATE_ACTION', request: { name: 'step_9' } }, before.version)).toBeUndefined();
  });
});
