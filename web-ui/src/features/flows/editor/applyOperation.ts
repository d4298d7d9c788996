// The optimistic local copy of Flow Pieces' operation reducer: what the editor shows until the server answers.
// It mirrors @activepieces/shared `flowOperations.apply` for the operations the editor sends; the server's
// answer always replaces its result. Operations it cannot predict (DUPLICATE_ACTION) leave the flow as it is.
import type {
  FlowAction,
  FlowOperation,
  FlowStep,
  FlowTrigger,
  FlowVersion,
  PopulatedFlow,
  RouterAction,
  RouterBranch,
} from '../model';

type Req = Record<string, unknown>;

/** Rebuilds the tree, letting `change` replace any step (children are visited before their parent). */
function mapTree(trigger: FlowTrigger, change: (step: FlowStep) => FlowStep): FlowTrigger {
  const mapAction = (action: FlowAction | null | undefined): FlowAction | null | undefined => {
    if (!action) return action;
    let copy = { ...action, nextAction: mapAction(action.nextAction) } as FlowAction;
    if (copy.type === 'LOOP_ON_ITEMS') copy = { ...copy, firstLoopAction: mapAction(copy.firstLoopAction) };
    if (copy.type === 'ROUTER') copy = { ...copy, children: copy.children.map((c) => mapAction(c) ?? null) };
    return change(copy) as FlowAction;
  };
  const next = mapAction(trigger.nextAction);
  return change({ ...trigger, nextAction: next ?? null } as FlowTrigger) as FlowTrigger;
}

function newAction(request: Req, nextAction: FlowAction | null | undefined): FlowAction {
  const action = { ...request, valid: Boolean(request.valid), nextAction: nextAction ?? null } as unknown as FlowAction;
  if (action.type === 'ROUTER') {
    return { ...action, children: action.settings.branches.map(() => null) };
  }
  return action;
}

function addAction(trigger: FlowTrigger, request: Req): FlowTrigger {
  const location = request.stepLocationRelativeToParent ?? 'AFTER';
  const branchIndex = typeof request.branchIndex === 'number' ? request.branchIndex : undefined;
  const action = request.action as Req;
  return mapTree(trigger, (step) => {
    if (step.name !== request.parentStep) return step;
    if (location === 'INSIDE_LOOP' && step.type === 'LOOP_ON_ITEMS') {
      return { ...step, firstLoopAction: newAction(action, step.firstLoopAction) };
    }
    if (location === 'INSIDE_BRANCH' && step.type === 'ROUTER' && branchIndex !== undefined) {
      const children = [...step.children];
      children[branchIndex] = newAction(action, children[branchIndex]);
      return { ...step, children };
    }
    return { ...step, nextAction: newAction(action, step.nextAction) } as FlowStep;
  });
}

function updateAction(trigger: FlowTrigger, request: Req): FlowTrigger {
  return mapTree(trigger, (step) => {
    if (step.name !== request.name || step.type === 'EMPTY' || step.type === 'PIECE_TRIGGER') return step;
    const updated = { ...request, nextAction: step.nextAction } as unknown as FlowAction;
    if (updated.type === 'LOOP_ON_ITEMS') {
      return { ...updated, firstLoopAction: step.type === 'LOOP_ON_ITEMS' ? step.firstLoopAction : undefined };
    }
    if (updated.type === 'ROUTER') {
      return { ...updated, children: step.type === 'ROUTER' ? step.children : [null, null] };
    }
    return updated;
  });
}

function updateTrigger(trigger: FlowTrigger, request: Req): FlowTrigger {
  if (request.name !== trigger.name) return trigger;
  return { ...request, nextAction: trigger.nextAction } as unknown as FlowTrigger;
}

function deleteActions(trigger: FlowTrigger, names: string[]): FlowTrigger {
  let tree = trigger;
  for (const name of names) {
    const skipDeleted = (action: FlowAction | null | undefined) =>
      action && action.name === name ? action.nextAction : action;
    tree = mapTree(tree, (step) => {
      let copy = { ...step, nextAction: skipDeleted(step.nextAction) ?? null } as FlowStep;
      if (copy.type === 'LOOP_ON_ITEMS') copy = { ...copy, firstLoopAction: skipDeleted(copy.firstLoopAction) };
      if (copy.type === 'ROUTER') copy = { ...copy, children: copy.children.map((c) => skipDeleted(c) ?? null) };
      return copy;
    });
  }
  return tree;
}

function setSkip(trigger: FlowTrigger, names: string[], skip: boolean): FlowTrigger {
  return mapTree(trigger, (step) => (names.includes(step.name) ? ({ ...step, skip } as FlowStep) : step));
}

function changeRouter(trigger: FlowTrigger, name: unknown, change: (router: RouterAction) => RouterAction) {
  return mapTree(trigger, (step) => (step.name === name && step.type === 'ROUTER' ? change(step) : step));
}

function insertAt<T>(items: T[], index: number, item: T): T[] {
  return [...items.slice(0, index), item, ...items.slice(index)];
}

function addBranch(trigger: FlowTrigger, request: Req): FlowTrigger {
  const index = Number(request.branchIndex);
  const branch: RouterBranch = {
    branchType: 'CONDITION',
    branchName: String(request.branchName ?? ''),
    conditions: (request.conditions as RouterBranch['conditions']) ?? [
      [{ firstValue: '', secondValue: '', operator: 'TEXT_CONTAINS', caseSensitive: false }],
    ],
  };
  return changeRouter(trigger, request.stepName, (router) => ({
    ...router,
    settings: { ...router.settings, branches: insertAt(router.settings.branches, index, branch) },
    children: insertAt(router.children, index, null),
  }));
}

function deleteBranch(trigger: FlowTrigger, request: Req): FlowTrigger {
  const index = Number(request.branchIndex);
  return changeRouter(trigger, request.stepName, (router) => ({
    ...router,
    settings: { ...router.settings, branches: router.settings.branches.filter((_, i) => i !== index) },
    children: router.children.filter((_, i) => i !== index),
  }));
}

const EDITS = new Set([
  'ADD_ACTION',
  'UPDATE_ACTION',
  'DELETE_ACTION',
  'SET_SKIP_ACTION',
  'UPDATE_TRIGGER',
  'ADD_BRANCH',
  'DELETE_BRANCH',
  'DUPLICATE_ACTION',
  'CHANGE_NAME',
]);

function applyToVersion(version: FlowVersion, operation: FlowOperation): FlowVersion {
  const request = operation.request;
  const withTrigger = (trigger: FlowTrigger) => ({ ...version, trigger });
  switch (operation.type) {
    case 'ADD_ACTION':
      return withTrigger(addAction(version.trigger, request));
    case 'UPDATE_ACTION':
      return withTrigger(updateAction(version.trigger, request));
    case 'UPDATE_TRIGGER':
      return withTrigger(updateTrigger(version.trigger, request));
    case 'DELETE_ACTION':
      return withTrigger(deleteActions(version.trigger, (request.names as string[]) ?? []));
    case 'SET_SKIP_ACTION':
      return withTrigger(setSkip(version.trigger, (request.names as string[]) ?? [], Boolean(request.skip)));
    case 'ADD_BRANCH':
      return withTrigger(addBranch(version.trigger, request));
    case 'DELETE_BRANCH':
      return withTrigger(deleteBranch(version.trigger, request));
    case 'CHANGE_NAME':
      return { ...version, displayName: String(request.displayName ?? version.displayName) };
    default:
      return version;
  }
}

/** The flow as it will most likely be once the server has applied `operation`. */
export function applyOperation(flow: PopulatedFlow, operation: FlowOperation): PopulatedFlow {
  if (operation.type === 'LOCK_AND_PUBLISH') {
    const status = operation.request.status === 'DISABLED' ? 'DISABLED' : 'ENABLED';
    return {
      ...flow,
      status,
      publishedVersionId: flow.version.id,
      version: { ...flow.version, state: 'LOCKED' },
    };
  }
  if (operation.type === 'CHANGE_STATUS') {
    return { ...flow, status: operation.request.status === 'ENABLED' ? 'ENABLED' : 'DISABLED' };
  }
  if (!EDITS.has(operation.type)) return flow;
  // The server edits a locked (published) version by forking a new draft first.
  const version = applyToVersion(flow.version, operation);
  return { ...flow, version: { ...version, state: 'DRAFT' } };
}
