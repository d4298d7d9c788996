// Undo support: for an operation and the flow just before it, the operations that take the flow back.
// They are sent as new operations, like any other edit (Flow Pieces has no undo of its own).
import type { FlowAction, FlowOperation, FlowVersion, InsertPoint } from '../model';
import { findStep, isTrigger, locationOf, nestedChains, toActionRequest, toTriggerRequest } from './flowTree';

/** The ADD_ACTION operations that rebuild a step and everything nested inside it at `at`. */
export function rebuildOperations(action: FlowAction, at: InsertPoint): FlowOperation[] {
  const operations: FlowOperation[] = [
    { type: 'ADD_ACTION', request: { ...at, action: toActionRequest(action) } },
  ];
  for (const chain of nestedChains(action)) {
    let parent: InsertPoint = { parentStep: action.name, ...chain.at };
    for (let step = chain.first; step; step = step.nextAction) {
      operations.push(...rebuildOperations(step, parent));
      parent = { parentStep: step.name, stepLocationRelativeToParent: 'AFTER' };
    }
  }
  return operations;
}

/**
 * The operations that undo `operation`, given the flow version it was applied to; `undefined` when it cannot be
 * undone this way. DUPLICATE_ACTION is undone from the server's answer instead (see `duplicateInverse`).
 */
export function inverseOf(operation: FlowOperation, before: FlowVersion): FlowOperation[] | undefined {
  const request = operation.request;
  switch (operation.type) {
    case 'UPDATE_ACTION':
    case 'UPDATE_TRIGGER': {
      const previous = findStep(before.trigger, String(request.name));
      if (previous === undefined) return undefined;
      return isTrigger(previous)
        ? [{ type: 'UPDATE_TRIGGER', request: toTriggerRequest(previous) }]
        : [{ type: 'UPDATE_ACTION', request: toActionRequest(previous) }];
    }
    case 'ADD_ACTION': {
      const action = request.action as { name?: unknown } | undefined;
      return [{ type: 'DELETE_ACTION', request: { names: [String(action?.name)] } }];
    }
    case 'DELETE_ACTION': {
      const operations: FlowOperation[] = [];
      for (const name of (request.names as string[]) ?? []) {
        const step = findStep(before.trigger, name);
        const at = locationOf(before.trigger, name);
        if (step === undefined || at === undefined || isTrigger(step)) return undefined;
        operations.push(...rebuildOperations(step, at));
      }
      return operations;
    }
    case 'SET_SKIP_ACTION': {
      const names = (request.names as string[]) ?? [];
      const byPrevious = new Map<boolean, string[]>();
      for (const name of names) {
        const skip = findStep(before.trigger, name)?.skip === true;
        byPrevious.set(skip, [...(byPrevious.get(skip) ?? []), name]);
      }
      return [...byPrevious].map(([skip, group]) => ({
        type: 'SET_SKIP_ACTION',
        request: { names: group, skip },
      }));
    }
    case 'ADD_BRANCH':
      return [
        { type: 'DELETE_BRANCH', request: { stepName: request.stepName, branchIndex: request.branchIndex } },
      ];
    case 'DELETE_BRANCH': {
      const router = findStep(before.trigger, String(request.stepName));
      const index = Number(request.branchIndex);
      if (router?.type !== 'ROUTER') return undefined;
      const branch = router.settings.branches[index];
      if (branch === undefined || branch.branchType !== 'CONDITION') return undefined;
      const operations: FlowOperation[] = [
        {
          type: 'ADD_BRANCH',
          request: {
            stepName: router.name,
            branchIndex: index,
            branchName: branch.branchName,
            conditions: branch.conditions ?? [],
          },
        },
      ];
      let parent: InsertPoint = {
        parentStep: router.name,
        stepLocationRelativeToParent: 'INSIDE_BRANCH',
        branchIndex: index,
      };
      for (let step = router.children[index]; step; step = step.nextAction) {
        operations.push(...rebuildOperations(step, parent));
        parent = { parentStep: step.name, stepLocationRelativeToParent: 'AFTER' };
      }
      return operations;
    }
    case 'CHANGE_NAME':
      return [{ type: 'CHANGE_NAME', request: { displayName: before.displayName } }];
    default:
      return undefined;
  }
}

/** Undo of DUPLICATE_ACTION: the copy is the step the server put right after the original. */
export function duplicateInverse(stepName: string, after: FlowVersion): FlowOperation[] | undefined {
  const original = findStep(after.trigger, stepName);
  const copy = original?.nextAction;
  if (!copy) return undefined;
  return [{ type: 'DELETE_ACTION', request: { names: [copy.name] } }];
}
