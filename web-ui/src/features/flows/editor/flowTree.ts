// Pure helpers over the flow tree (trigger → nextAction chain, loop bodies, router branches): finding steps,
// where a step sits, which steps come before it, new step names, and the request shapes of UPDATE_* operations.
import type { FlowAction, FlowStep, FlowTrigger, InsertPoint } from '../model';

/** The steps that start the chains nested inside a step (loop body, router branches), in display order. */
export function nestedChains(step: FlowStep): { first: FlowAction | null | undefined; at: Omit<InsertPoint, 'parentStep'> }[] {
  if (step.type === 'LOOP_ON_ITEMS') {
    return [{ first: step.firstLoopAction, at: { stepLocationRelativeToParent: 'INSIDE_LOOP' } }];
  }
  if (step.type === 'ROUTER') {
    return step.children.map((first, branchIndex) => ({
      first,
      at: { stepLocationRelativeToParent: 'INSIDE_BRANCH', branchIndex },
    }));
  }
  return [];
}

/** Every step of the flow, depth first in display order (trigger first). */
export function allSteps(trigger: FlowTrigger): FlowStep[] {
  const steps: FlowStep[] = [];
  const visitChain = (first: FlowAction | null | undefined) => {
    for (let step = first; step; step = step.nextAction) {
      steps.push(step);
      nestedChains(step).forEach((chain) => visitChain(chain.first));
    }
  };
  steps.push(trigger);
  visitChain(trigger.nextAction);
  return steps;
}

export function findStep(trigger: FlowTrigger, name: string): FlowStep | undefined {
  return allSteps(trigger).find((step) => step.name === name);
}

/** `step_N` with N one more than the highest number used by a step named `step_<number>`. */
export function nextStepName(trigger: FlowTrigger): string {
  let highest = 0;
  for (const step of allSteps(trigger)) {
    const match = /^step_(\d+)$/.exec(step.name);
    if (match) highest = Math.max(highest, Number(match[1]));
  }
  return `step_${highest + 1}`;
}

/** Where a step sits: its parent and its place relative to it (what ADD_ACTION needs to put it back). */
export function locationOf(trigger: FlowTrigger, name: string): InsertPoint | undefined {
  let found: InsertPoint | undefined;
  const visitChain = (parent: FlowStep, at: Omit<InsertPoint, 'parentStep'>, first: FlowAction | null | undefined) => {
    let previous: FlowStep | undefined;
    for (let step = first; step && !found; step = step.nextAction) {
      if (step.name === name) {
        found = previous === undefined
          ? { parentStep: parent.name, ...at }
          : { parentStep: previous.name, stepLocationRelativeToParent: 'AFTER' };
        return;
      }
      for (const chain of nestedChains(step)) visitChain(step, chain.at, chain.first);
      previous = step;
    }
  };
  visitChain(trigger, { stepLocationRelativeToParent: 'AFTER' }, trigger.nextAction);
  return found;
}

/**
 * The steps whose output a step may use: the trigger, the steps before it in its own chain, and the same
 * for each enclosing loop or router (the enclosing steps included), nearest last.
 */
export function stepsBefore(trigger: FlowTrigger, name: string): FlowStep[] {
  const search = (chainFirst: FlowAction | null | undefined, earlier: FlowStep[]): FlowStep[] | undefined => {
    const seen = [...earlier];
    for (let step = chainFirst; step; step = step.nextAction) {
      if (step.name === name) return seen;
      for (const chain of nestedChains(step)) {
        const inside = search(chain.first, [...seen, step]);
        if (inside) return inside;
      }
      seen.push(step);
    }
    return undefined;
  };
  if (trigger.name === name) return [];
  return search(trigger.nextAction, [trigger]) ?? [];
}

/** The UPDATE_ACTION / ADD_ACTION request for a step: the step itself without its children or next step. */
export function toActionRequest(action: FlowAction): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...(action.settings as unknown as Record<string, unknown>) };
  delete settings.sampleData;
  const request: Record<string, unknown> = {
    name: action.name,
    type: action.type,
    displayName: action.displayName,
    valid: action.valid,
    settings,
  };
  if (action.skip !== undefined) request.skip = action.skip;
  return request;
}

/** The UPDATE_TRIGGER request for the trigger: the trigger without its next step. */
export function toTriggerRequest(trigger: FlowTrigger): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...(trigger.settings as unknown as Record<string, unknown>) };
  delete settings.sampleData;
  return {
    name: trigger.name,
    type: trigger.type,
    displayName: trigger.displayName,
    valid: trigger.valid,
    settings,
  };
}

export function isTrigger(step: FlowStep): step is FlowTrigger {
  return step.type === 'EMPTY' || step.type === 'PIECE_TRIGGER';
}
