// Building steps the way the Activepieces builder does: new piece actions, routers and loops, the settings a
// piece's action or trigger starts with, and a client-side validity guess (the server decides `valid` again).
import type {
  BranchCondition,
  PieceActionMeta,
  PieceMetadata,
  PieceProp,
  PieceSettings,
  PropertySettings,
  RouterBranch,
} from '../model';

/** Flow Pieces accepts `^([~^])?\d+\.\d+\.\d+$`; like Activepieces, pin the minor version with `~`. */
export function pieceVersionRange(version: string): string {
  const exact = version.replace(/^[~^]/, '');
  return `~${exact}`;
}

/** Props that hold no value (help text). */
export function holdsValue(prop: PieceProp): boolean {
  return prop.type !== 'MARKDOWN';
}

export function defaultInput(props: Record<string, PieceProp>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(props)) {
    if (!holdsValue(prop)) continue;
    if (prop.defaultValue !== undefined) input[name] = prop.defaultValue;
    else if (prop.type === 'DYNAMIC') input[name] = {};
  }
  return input;
}

export function defaultPropertySettings(props: Record<string, PieceProp>, withAuth: boolean): PropertySettings {
  const settings: PropertySettings = {};
  for (const [name, prop] of Object.entries(props)) {
    if (holdsValue(prop)) settings[name] = { type: 'MANUAL' };
  }
  if (withAuth) settings.auth = { type: 'MANUAL' };
  return settings;
}

/** Whether a step of this piece needs a connection (`input.auth`). */
export function needsAuth(piece: PieceMetadata, meta: PieceActionMeta): boolean {
  return piece.auth !== undefined && piece.auth !== null && meta.requireAuth !== false;
}

/** Settings of a piece step once its action or trigger is chosen. */
export function pieceSettings(
  piece: PieceMetadata,
  kind: 'action' | 'trigger',
  meta: PieceActionMeta,
): PieceSettings {
  const settings: PieceSettings = {
    pieceName: piece.name,
    pieceVersion: pieceVersionRange(piece.version),
    input: defaultInput(meta.props),
    propertySettings: defaultPropertySettings(meta.props, needsAuth(piece, meta)),
  };
  if (kind === 'action') {
    settings.actionName = meta.name;
    settings.errorHandlingOptions = {
      continueOnFailure: { value: false },
      retryOnFailure: { value: false },
    };
  } else {
    settings.triggerName = meta.name;
  }
  return settings;
}

/** The ADD_ACTION `action` for a piece's action: invalid until its props are filled. */
export function newPieceAction(name: string, piece: PieceMetadata, meta: PieceActionMeta) {
  return {
    name,
    type: 'PIECE',
    displayName: meta.displayName,
    valid: false,
    settings: pieceSettings(piece, 'action', meta),
  };
}

export function emptyCondition(): BranchCondition {
  return { firstValue: '', secondValue: '', operator: 'TEXT_CONTAINS', caseSensitive: false };
}

export function newRouter(name: string) {
  const branches: RouterBranch[] = [
    { branchType: 'CONDITION', branchName: 'Branch 1', conditions: [[emptyCondition()]] },
    { branchType: 'FALLBACK', branchName: 'Otherwise' },
  ];
  return {
    name,
    type: 'ROUTER',
    displayName: 'Router',
    valid: false,
    settings: { executionType: 'EXECUTE_FIRST_MATCH', branches },
  };
}

export function newLoop(name: string) {
  return { name, type: 'LOOP_ON_ITEMS', displayName: 'Loop on Items', valid: false, settings: { items: '' } };
}

export function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/** A guess of what the server will decide: every required prop (and the connection, when needed) has a value. */
export function pieceStepLooksValid(
  settings: PieceSettings,
  piece: PieceMetadata | undefined,
  meta: PieceActionMeta | undefined,
): boolean {
  if (piece === undefined || meta === undefined) return false;
  if (needsAuth(piece, meta) && isEmptyValue(settings.input.auth)) return false;
  return Object.entries(meta.props).every(
    ([name, prop]) => !holdsValue(prop) || !prop.required || !isEmptyValue(settings.input[name]),
  );
}
