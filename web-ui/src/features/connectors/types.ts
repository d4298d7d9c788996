// Shapes of the connector and onboarding answers and bodies (docs/api.md, "Connectors and onboarding (M2)").

/** A write-only secret as the API shows it: whether one is stored, and its mask (e.g. `••••abcd`). */
export interface SecretView {
  set: boolean;
  mask?: string | null;
}

export type ResultState = 'passed' | 'unverified' | 'failed';

export interface CheckError {
  code: string;
  message: string;
  fix: string;
}

/** The outcome of one connector test; `connector` is `flowPieces`, `ai` or `mcp:<name>`. */
export interface CheckResult {
  connector: string;
  kind: string;
  configured: boolean;
  reachable: boolean;
  authOk: boolean;
  ok: boolean;
  /** `passed`: works and the key was proven; `unverified`: works, but nothing proved the key (amber, "connected,
   * key not verified"); `failed`. Absent in results stored before states existed: derive it from `ok`. */
  status?: ResultState;
  /** Flow Pieces `{edition, version, projectId, flowCount}`; MCP `{serverName, serverVersion, protocolVersion,
   * toolCount, identity}`; AI `{provider, model, keyValid, modelAvailable, models?}`. */
  details: Record<string, unknown>;
  latencyMs: number;
  checkedAtMs: number;
  error?: CheckError;
}

export const FLOW_PIECES_AUTH_MODES = ['api_key', 'password'] as const;
export type FlowPiecesAuthMode = (typeof FLOW_PIECES_AUTH_MODES)[number];

export const MCP_AUTH_MODES = ['bearer', 'header', 'none'] as const;
export type McpAuthMode = (typeof MCP_AUTH_MODES)[number];

export const AI_PROVIDERS = ['openai', 'anthropic', 'gemini', 'ollama', 'openai_compatible', 'builtin'] as const;
export type AiProviderId = (typeof AI_PROVIDERS)[number];

export interface FlowPiecesView {
  url: string;
  authMode: FlowPiecesAuthMode;
  email?: string;
  projectId?: string;
  secret: SecretView;
  lastTest?: CheckResult;
}

export interface McpView {
  name: string;
  url: string;
  authMode: McpAuthMode;
  headerName?: string;
  identityTool?: string;
  secret: SecretView;
  lastTest?: CheckResult;
}

export interface AiView {
  provider: AiProviderId;
  model?: string;
  baseUrl?: string;
  secret: SecretView;
  lastTest?: CheckResult;
}

/** A local stand-in service the server offers as a prefilled choice. */
export interface LocalChoice {
  label: string;
  url: string;
}

/** What a member or viewer may see of one configured connector. */
export interface ConnectorStatus {
  connector: string;
  kind: string;
  configured: boolean;
  passed?: boolean | null;
  state?: ResultState | null;
  checkedAtMs?: number | null;
}

/** GET/PUT /api/pmos/connectors as an admin sees it. */
export interface ConnectorSettings {
  ok: true;
  canEdit: true;
  flowPieces?: FlowPiecesView;
  mcp: McpView[];
  ai?: AiView;
  local: { flowPieces?: LocalChoice; mcp?: LocalChoice };
}

/** GET /api/pmos/connectors as a member or viewer sees it. */
export interface ConnectorStatusList {
  ok: true;
  canEdit: false;
  status: ConnectorStatus[];
}

export type ConnectorsAnswer = ConnectorSettings | ConnectorStatusList;

export interface FlowPiecesSettingsInput {
  url: string;
  authMode: FlowPiecesAuthMode;
  email?: string;
  projectId?: string;
  secret?: string;
}

/** Flow Pieces settings, or the local Flow Pieces the server offers. */
export type FlowPiecesInput = { preset: 'local' } | FlowPiecesSettingsInput;

export interface McpSettingsInput {
  name: string;
  url: string;
  authMode: McpAuthMode;
  headerName?: string;
  identityTool?: string;
  secret?: string;
}

/** One MCP connection's settings, or the local MCP server the server offers. */
export type McpInput = { name: string; preset: 'local' } | McpSettingsInput;

export interface AiInput {
  provider: AiProviderId;
  model?: string;
  baseUrl?: string;
  secret?: string;
}

/** PUT body: each section present replaces that part; an absent secret keeps the stored one. */
export interface ConnectorsUpdate {
  flowPieces?: FlowPiecesInput;
  mcp?: McpInput[];
  ai?: AiInput;
}

export interface TestAnswer {
  ok: true;
  checkedAtMs: number;
  results: CheckResult[];
}

export const STEP_IDS = ['flowPieces', 'mcp', 'ai', 'ready'] as const;
export type StepId = (typeof STEP_IDS)[number];
/** The steps that configure a connector (every step but `ready`). */
export type ConnectorStepId = Exclude<StepId, 'ready'>;

export type StepStatus = 'pending' | 'passed' | 'unverified' | 'failed';

export interface OnboardingStep {
  id: StepId;
  title: string;
  status: StepStatus;
  connector?: string;
  checkedAtMs?: number;
  error?: CheckError;
}

export interface Onboarding {
  ok: true;
  steps: OnboardingStep[];
  completed: number;
  total: number;
  current: StepId;
  ready: boolean;
}
