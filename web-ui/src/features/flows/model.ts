// The flow model as Flow Pieces (Activepieces 0.96) stores it; PMOS passes it through unchanged.
// See ../shared/reference/flow-pieces-api.md. Only the fields the UI reads are typed strictly.

export type FlowStatus = 'ENABLED' | 'DISABLED';
export type VersionState = 'DRAFT' | 'LOCKED';

export type TriggerType = 'EMPTY' | 'PIECE_TRIGGER';
export type ActionType = 'CODE' | 'PIECE' | 'LOOP_ON_ITEMS' | 'ROUTER';

/** Where a new step goes, relative to an existing one (Flow Pieces' ADD_ACTION request). */
export type StepLocation = 'AFTER' | 'INSIDE_LOOP' | 'INSIDE_BRANCH';

export interface InsertPoint {
  parentStep: string;
  stepLocationRelativeToParent: StepLocation;
  branchIndex?: number;
}

export interface PropertySettings {
  [propName: string]: { type?: 'MANUAL' | 'DYNAMIC'; schema?: unknown };
}

export interface ErrorHandlingOptions {
  continueOnFailure?: { value: boolean };
  retryOnFailure?: { value: boolean };
}

export interface PieceSettings {
  pieceName: string;
  pieceVersion: string;
  actionName?: string;
  triggerName?: string;
  input: Record<string, unknown>;
  propertySettings?: PropertySettings;
  errorHandlingOptions?: ErrorHandlingOptions;
}

interface StepBase {
  name: string;
  displayName: string;
  valid: boolean;
  skip?: boolean;
  nextAction?: FlowAction | null;
}

export interface EmptyTrigger extends StepBase {
  type: 'EMPTY';
  settings: Record<string, unknown>;
}

export interface PieceTrigger extends StepBase {
  type: 'PIECE_TRIGGER';
  settings: PieceSettings;
}

export type FlowTrigger = EmptyTrigger | PieceTrigger;

export interface PieceAction extends StepBase {
  type: 'PIECE';
  settings: PieceSettings;
}

export interface CodeAction extends StepBase {
  type: 'CODE';
  settings: { sourceCode: { code: string; packageJson: string }; input: Record<string, unknown>; errorHandlingOptions?: ErrorHandlingOptions };
}

export interface LoopAction extends StepBase {
  type: 'LOOP_ON_ITEMS';
  settings: { items: string };
  firstLoopAction?: FlowAction | null;
}

export type ConditionOperator = string;

export interface BranchCondition {
  firstValue: string;
  secondValue?: string;
  operator: ConditionOperator;
  caseSensitive?: boolean;
}

export interface RouterBranch {
  branchType: 'CONDITION' | 'FALLBACK';
  branchName: string;
  /** Outer array: OR; inner array: AND. */
  conditions?: BranchCondition[][];
}

export interface RouterAction extends StepBase {
  type: 'ROUTER';
  settings: { executionType: 'EXECUTE_FIRST_MATCH' | 'EXECUTE_ALL_MATCH'; branches: RouterBranch[] };
  /** children[i] is the first step of branch i; null is an empty branch. */
  children: (FlowAction | null)[];
}

export type FlowAction = PieceAction | CodeAction | LoopAction | RouterAction;
export type FlowStep = FlowTrigger | FlowAction;

export interface FlowVersion {
  id: string;
  flowId: string;
  displayName: string;
  trigger: FlowTrigger;
  valid: boolean;
  state: VersionState;
  updated?: string;
}

export interface PopulatedFlow {
  id: string;
  projectId: string;
  status: FlowStatus;
  publishedVersionId?: string | null;
  created: string;
  updated: string;
  version: FlowVersion;
}

/** One Flow Pieces operation, sent as-is to POST /api/pmos/flows/{id}/operations. */
export interface FlowOperation {
  type: string;
  request: Record<string, unknown>;
}

export interface FlowSummary {
  id: string;
  displayName: string;
  status: FlowStatus;
  updated: string;
  created: string;
  publishedVersionId?: string | null;
  valid: boolean;
  lastRun?: { id: string; status: string; created: string };
}

export type RunStatus =
  | 'QUEUED' | 'RUNNING' | 'PAUSED' | 'SUCCEEDED' | 'FAILED' | 'TIMEOUT' | 'CANCELED' | 'INTERNAL_ERROR'
  | 'QUOTA_EXCEEDED' | 'MEMORY_LIMIT_EXCEEDED' | 'LOG_SIZE_EXCEEDED';

export interface RunSummary {
  id: string;
  flowId: string;
  status: RunStatus;
  created: string;
  startTime?: string;
  finishTime?: string | null;
  environment?: string;
  test: boolean;
}

export interface StepRun {
  type: string;
  status: string;
  input?: unknown;
  output?: unknown;
  duration?: number;
  errorMessage?: string;
}

export interface FlowRun extends Omit<RunSummary, 'test'> {
  steps: Record<string, StepRun>;
}

export interface PropOption {
  label: string;
  value: unknown;
}

/** A piece property as Flow Pieces describes it (props of an action or trigger). */
export interface PieceProp {
  type: string;
  displayName: string;
  description?: string;
  required: boolean;
  defaultValue?: unknown;
  options?: { disabled?: boolean; placeholder?: string; options: PropOption[] };
  refreshers?: string[];
  properties?: Record<string, PieceProp>;
}

export interface PieceActionMeta {
  name: string;
  displayName: string;
  description?: string;
  props: Record<string, PieceProp>;
  requireAuth?: boolean;
}

export interface PieceSummary {
  name: string;
  displayName: string;
  logoUrl?: string;
  description?: string;
  version: string;
  actions: number;
  triggers: number;
}

export interface PieceMetadata {
  name: string;
  displayName: string;
  logoUrl?: string;
  description?: string;
  version: string;
  auth?: PieceProp;
  actions: Record<string, PieceActionMeta>;
  triggers: Record<string, PieceActionMeta>;
}
