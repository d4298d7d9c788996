// Small builders of flow trees for the canvas tests.
import type {
  CodeAction,
  EmptyTrigger,
  FlowAction,
  FlowTrigger,
  LoopAction,
  PieceAction,
  PieceTrigger,
  RouterAction,
} from '../model';

export function emptyTrigger(): EmptyTrigger {
  return { name: 'trigger', displayName: 'Select Trigger', type: 'EMPTY', valid: false, settings: {} };
}

export function pieceTrigger(nextAction: FlowAction | null = null): PieceTrigger {
  return {
    name: 'trigger',
    displayName: 'New message',
    type: 'PIECE_TRIGGER',
    valid: true,
    settings: { pieceName: '@activepieces/piece-slack', pieceVersion: '0.9.0', triggerName: 'new_message', input: {} },
    nextAction,
  };
}

export function piece(
  name: string,
  nextAction: FlowAction | null = null,
  extra: Partial<Pick<PieceAction, 'displayName' | 'valid' | 'skip'>> & { pieceName?: string } = {},
): PieceAction {
  return {
    name,
    displayName: extra.displayName ?? `Send ${name}`,
    type: 'PIECE',
    valid: extra.valid ?? true,
    skip: extra.skip,
    settings: {
      pieceName: extra.pieceName ?? '@activepieces/piece-slack',
      pieceVersion: '0.9.0',
      actionName: 'send_message',
      input: {},
    },
    nextAction,
  };
}

export function code(name: string, nextAction: FlowAction | null = null): CodeAction {
  return {
    name,
    displayName: `Code ${name}`,
    type: 'CODE',
    valid: true,
    settings: { sourceCode: { code: 'export const code = async () => 1;', packageJson: '{}' }, input: {} },
    nextAction,
  };
}

export function loop(name: string, body: FlowAction | null, nextAction: FlowAction | null = null): LoopAction {
  return {
    name,
    displayName: `Loop ${name}`,
    type: 'LOOP_ON_ITEMS',
    valid: true,
    settings: { items: '{{trigger.items}}' },
    firstLoopAction: body,
    nextAction,
  };
}

export function router(
  name: string,
  children: (FlowAction | null)[],
  nextAction: FlowAction | null = null,
): RouterAction {
  return {
    name,
    displayName: `Router ${name}`,
    type: 'ROUTER',
    valid: true,
    settings: {
      executionType: 'EXECUTE_FIRST_MATCH',
      branches: children.map((_, i) =>
        i === children.length - 1 && children.length > 1
          ? { branchType: 'FALLBACK' as const, branchName: 'Otherwise' }
          : { branchType: 'CONDITION' as const, branchName: `Branch ${i + 1}`, conditions: [] },
      ),
    },
    children,
    nextAction,
  };
}

/** step_1 -> step_2 -> ... -> step_<count>, all PIECE steps. */
export function linearChain(count: number, prefix = 'step_'): FlowAction | null {
  let next: FlowAction | null = null;
  for (let i = count; i >= 1; i--) {
    next = piece(`${prefix}${i}`, next);
  }
  return next;
}

/** Every step name in the tree, trigger included, in depth-first order. */
export function allStepNames(trigger: FlowTrigger): string[] {
  const names: string[] = [trigger.name];
  const walk = (step: FlowAction | null | undefined) => {
    for (let s = step; s; s = s.nextAction) {
      names.push(s.name);
      if (s.type === 'LOOP_ON_ITEMS') {
        walk(s.firstLoopAction);
      } else if (s.type === 'ROUTER') {
        s.children.forEach(walk);
      }
    }
  };
  walk(trigger.nextAction);
  return names;
}
