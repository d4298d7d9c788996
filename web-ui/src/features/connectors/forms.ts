// The wizard's form drafts: built from the stored settings, turned into PUT bodies. Pure functions.
// Secrets are never prefilled; an empty secret field is left out of the body so the stored secret is kept.
import type {
  AiInput,
  AiProviderId,
  AiView,
  CheckResult,
  ConnectorSettings,
  ConnectorStepId,
  FlowPiecesAuthMode,
  FlowPiecesInput,
  FlowPiecesSettingsInput,
  FlowPiecesView,
  LocalChoice,
  McpAuthMode,
  McpInput,
  McpSettingsInput,
  McpView,
} from './types';

/** The MCP connection the wizard edits; other MCP connections are kept as they are. */
export const WIZARD_MCP_NAME = 'bcgpt';
export const DEFAULT_MCP_HEADER = 'x-bcgpt-api-key';
/** BCGPT's identity tool: calling it is what proves the key (listing tools does not). */
export const DEFAULT_IDENTITY_TOOL = 'whoami';

/** `local`: the stand-in service the server offers; `custom`: an address the admin enters. */
export type Source = 'local' | 'custom';

export interface FlowPiecesDraft {
  source: Source;
  url: string;
  authMode: FlowPiecesAuthMode;
  email: string;
  projectId: string;
  secret: string;
}

export interface McpDraft {
  source: Source;
  url: string;
  authMode: McpAuthMode;
  headerName: string;
  identityTool: string;
  secret: string;
}

export interface AiDraft {
  provider: AiProviderId;
  model: string;
  baseUrl: string;
  secret: string;
}

export interface Drafts {
  flowPieces: FlowPiecesDraft;
  mcp: McpDraft;
  ai: AiDraft;
}

const has = (value: string) => value.trim() !== '';

/** The source a stored connection came from: local when it points at the local service (or nothing is stored yet). */
function sourceOf(storedUrl: string | undefined, local: LocalChoice | undefined): Source {
  if (local === undefined) return 'custom';
  return storedUrl === undefined || storedUrl === local.url ? 'local' : 'custom';
}

export function wizardMcp(settings: ConnectorSettings): McpView | undefined {
  return settings.mcp.find((connection) => connection.name === WIZARD_MCP_NAME);
}

export function flowPiecesDraft(view: FlowPiecesView | undefined, local: LocalChoice | undefined): FlowPiecesDraft {
  return {
    source: sourceOf(view?.url, local),
    url: view?.url ?? '',
    authMode: view?.authMode ?? 'api_key',
    email: view?.email ?? '',
    projectId: view?.projectId ?? '',
    secret: '',
  };
}

export function mcpDraft(view: McpView | undefined, local: LocalChoice | undefined): McpDraft {
  return {
    source: sourceOf(view?.url, local),
    url: view?.url ?? '',
    authMode: view?.authMode ?? 'header',
    headerName: view?.headerName ?? DEFAULT_MCP_HEADER,
    identityTool: view?.identityTool ?? DEFAULT_IDENTITY_TOOL,
    secret: '',
  };
}

export function aiDraft(view: AiView | undefined): AiDraft {
  const provider = view?.provider ?? 'openai';
  return {
    provider,
    model: view?.model ?? (view === undefined ? firstSuggestion(provider) : ''),
    baseUrl: view?.baseUrl ?? '',
    secret: '',
  };
}

export function draftsFrom(settings: ConnectorSettings): Drafts {
  return {
    flowPieces: flowPiecesDraft(settings.flowPieces, settings.local.flowPieces),
    mcp: mcpDraft(wizardMcp(settings), settings.local.mcp),
    ai: aiDraft(settings.ai),
  };
}

export function flowPiecesInput(draft: FlowPiecesDraft): FlowPiecesInput {
  if (draft.source === 'local') return { preset: 'local' };
  const input: FlowPiecesSettingsInput = { url: draft.url.trim(), authMode: draft.authMode };
  if (draft.authMode === 'password' && has(draft.email)) input.email = draft.email.trim();
  if (has(draft.projectId)) input.projectId = draft.projectId.trim();
  if (has(draft.secret)) input.secret = draft.secret;
  return input;
}

/** A stored connection sent back unchanged (no secret: the stored one is kept). */
function keep(view: McpView): McpInput {
  const input: McpSettingsInput = { name: view.name, url: view.url, authMode: view.authMode };
  if (view.headerName) input.headerName = view.headerName;
  if (view.identityTool) input.identityTool = view.identityTool;
  return input;
}

/** The whole MCP list: the wizard's `bcgpt` first, then every other stored connection unchanged. */
export function mcpInputs(draft: McpDraft, stored: readonly McpView[]): McpInput[] {
  const others = stored.filter((view) => view.name !== WIZARD_MCP_NAME).map(keep);
  if (draft.source === 'local') return [{ name: WIZARD_MCP_NAME, preset: 'local' }, ...others];
  const input: McpSettingsInput = { name: WIZARD_MCP_NAME, url: draft.url.trim(), authMode: draft.authMode };
  if (draft.authMode === 'header') input.headerName = draft.headerName.trim();
  if (has(draft.identityTool)) input.identityTool = draft.identityTool.trim();
  if (draft.authMode !== 'none' && has(draft.secret)) input.secret = draft.secret;
  return [input, ...others];
}

export function aiInput(draft: AiDraft): AiInput {
  if (draft.provider === 'builtin') return { provider: 'builtin' };
  const input: AiInput = { provider: draft.provider };
  if (has(draft.model)) input.model = draft.model.trim();
  if (has(draft.baseUrl)) input.baseUrl = draft.baseUrl.trim();
  if (usesKey(draft.provider) && has(draft.secret)) input.secret = draft.secret;
  return input;
}

// ---- where a stored key may go ---------------------------------------------------------------

/** scheme://host:port (+ path) in canonical form, or undefined for an address that cannot be read. */
function destination(url: string | undefined, withPath: boolean): string | undefined {
  if (url === undefined || url.trim() === '') return undefined;
  try {
    const parsed = new URL(url.trim());
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : '80');
    const path = withPath ? parsed.pathname.replace(/\/+$/, '') : '';
    return `${parsed.protocol}//${parsed.hostname.toLowerCase()}:${port}${path}`;
  } catch {
    return undefined;
  }
}

/**
 * Whether saving this draft without a key keeps the stored one: only when it goes to the same place in the same
 * way (the server's rule: a saved key is only sent to the address it was entered for).
 */
export function keepsStoredKey(step: 'flowPieces', draft: FlowPiecesDraft, view: FlowPiecesView | undefined, local: LocalChoice | undefined): boolean;
export function keepsStoredKey(step: 'mcp', draft: McpDraft, view: McpView | undefined): boolean;
export function keepsStoredKey(step: 'ai', draft: AiDraft, view: AiView | undefined): boolean;
export function keepsStoredKey(
  step: ConnectorStepId,
  draft: FlowPiecesDraft | McpDraft | AiDraft,
  view: FlowPiecesView | McpView | AiView | undefined,
  local?: LocalChoice,
): boolean {
  if (view === undefined || !view.secret.set) return false;
  if (step === 'flowPieces') {
    const d = draft as FlowPiecesDraft;
    const v = view as FlowPiecesView;
    // The local Flow Pieces' key stays with it: another address always needs a key of its own.
    if (local !== undefined && v.url === local.url) return false;
    return d.authMode === v.authMode && destination(d.url, false) === destination(v.url, false);
  }
  if (step === 'mcp') {
    const d = draft as McpDraft;
    const v = view as McpView;
    const header = (value: string | undefined) => (value ?? '').trim().toLowerCase();
    return (
      d.authMode === v.authMode &&
      destination(d.url, true) === destination(v.url, true) &&
      (d.authMode !== 'header' || header(d.headerName) === header(v.headerName))
    );
  }
  const d = draft as AiDraft;
  const v = view as AiView;
  return d.provider === v.provider && (d.baseUrl.trim() || undefined) === (v.baseUrl ?? undefined);
}

// ---- AI providers ---------------------------------------------------------------------------

export const PROVIDER_LABELS: Record<AiProviderId, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Google Gemini',
  ollama: 'Ollama',
  openai_compatible: 'OpenAI-compatible URL',
  builtin: 'Built-in commands (no AI model)',
};

export const MODEL_SUGGESTIONS: Record<AiProviderId, readonly string[]> = {
  openai: ['gpt-4o-mini', 'gpt-4o'],
  anthropic: ['claude-sonnet-4-5', 'claude-haiku-4-5'],
  gemini: ['gemini-2.0-flash', 'gemini-2.5-flash'],
  ollama: ['llama3.2', 'qwen2.5'],
  openai_compatible: ['gpt-4o-mini', 'llama3.2'],
  builtin: [],
};

function firstSuggestion(provider: AiProviderId): string {
  return MODEL_SUGGESTIONS[provider][0] ?? '';
}

/** Whether the provider takes an API key in the wizard (built-in needs none, a local Ollama neither). */
export function usesKey(provider: AiProviderId): boolean {
  return provider !== 'builtin' && provider !== 'ollama';
}

/** Whether the base URL is a main field (Ollama, OpenAI-compatible) rather than an advanced one. */
export function baseUrlIsMain(provider: AiProviderId): boolean {
  return provider === 'ollama' || provider === 'openai_compatible';
}

/** A new provider's draft: its first suggested model replaces a model that only fitted the previous one. */
export function withProvider(draft: AiDraft, provider: AiProviderId): AiDraft {
  const suggested = Object.values(MODEL_SUGGESTIONS).some((models) => models.includes(draft.model.trim()));
  const model = !has(draft.model) || suggested ? firstSuggestion(provider) : draft.model;
  return { ...draft, provider, model };
}

// ---- tests and steps ------------------------------------------------------------------------

/** The `connector` to test for a wizard step. */
export function testTarget(step: ConnectorStepId, settings: ConnectorSettings): string {
  if (step === 'mcp') return wizardMcp(settings) ? `mcp:${WIZARD_MCP_NAME}` : 'mcp';
  return step;
}

/** Sorts test results by wizard step; for the MCP step `mcp:bcgpt` wins over other connections. */
export function resultsByStep(results: readonly CheckResult[]): Partial<Record<ConnectorStepId, CheckResult>> {
  const byStep: Partial<Record<ConnectorStepId, CheckResult>> = {};
  const rank = (connector: string) =>
    connector === `mcp:${WIZARD_MCP_NAME}` ? 0 : connector === 'mcp' ? 1 : 2;
  for (const result of results) {
    if (result.connector === 'flowPieces') byStep.flowPieces = result;
    else if (result.connector === 'ai') byStep.ai = result;
    else if (result.connector === 'mcp' || result.connector.startsWith('mcp:')) {
      const current = byStep.mcp;
      if (current === undefined || rank(result.connector) < rank(current.connector)) byStep.mcp = result;
    }
  }
  return byStep;
}

/** The last stored test of the connection a wizard step edits. */
export function storedResult(step: ConnectorStepId, settings: ConnectorSettings): CheckResult | undefined {
  if (step === 'flowPieces') return settings.flowPieces?.lastTest;
  if (step === 'ai') return settings.ai?.lastTest;
  return wizardMcp(settings)?.lastTest;
}

/** The state of a test result: `status` when the server sent it, else derived from `ok`. */
export function resultState(result: Pick<CheckResult, 'ok' | 'status'>): 'passed' | 'unverified' | 'failed' {
  return result.status ?? (result.ok ? 'passed' : 'failed');
}

/** Tools of the MCP server that look like identity checks, from a test's details. */
export function identityCandidates(result: CheckResult | undefined): string[] {
  const value = result?.details?.identityCandidates;
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** A person's name for a connector label (`flowPieces`, `ai`, `mcp:<name>`). */
export function connectorLabel(connector: string): string {
  if (connector === 'flowPieces') return 'Flow Pieces';
  if (connector === 'ai') return 'AI provider';
  if (connector === 'mcp' || connector === `mcp:${WIZARD_MCP_NAME}`) return 'BCGPT (MCP)';
  if (connector.startsWith('mcp:')) return `MCP: ${connector.slice(4)}`;
  return connector;
}
