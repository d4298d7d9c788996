// Answers of the connector endpoints for the tests of this feature.
import type { CheckResult, ConnectorSettings, Onboarding, OnboardingStep, StepId, StepStatus } from './types';

export const LOCAL_FLOW_PIECES_URL = 'http://127.0.0.1:8081';
export const LOCAL_MCP_URL = 'http://127.0.0.1:8090/mcp';

export function settings(overrides: Partial<ConnectorSettings> = {}): ConnectorSettings {
  return {
    ok: true,
    canEdit: true,
    mcp: [],
    local: {},
    ...overrides,
  };
}

export const withLocal = (overrides: Partial<ConnectorSettings> = {}): ConnectorSettings =>
  settings({
    local: {
      flowPieces: { label: 'local', url: LOCAL_FLOW_PIECES_URL },
      mcp: { label: 'local', url: LOCAL_MCP_URL },
    },
    ...overrides,
  });

const TITLES: Record<StepId, string> = {
  flowPieces: 'Connect Flow Pieces',
  mcp: 'Connect BCGPT (MCP)',
  ai: 'Choose the AI provider and model',
  ready: 'Ready to chat',
};

/** The onboarding answer for the given statuses of the three connector steps (the server's rules). */
export function onboarding(
  statuses: Partial<Record<'flowPieces' | 'mcp' | 'ai', StepStatus>> = {},
  extra: Partial<Record<StepId, Partial<OnboardingStep>>> = {},
): Onboarding {
  const ids = ['flowPieces', 'mcp', 'ai'] as const;
  const steps: OnboardingStep[] = ids.map((id) => ({
    id,
    title: TITLES[id],
    status: statuses[id] ?? 'pending',
    ...extra[id],
  }));
  const ready = steps.every((step) => step.status === 'passed');
  steps.push({ id: 'ready', title: TITLES.ready, status: ready ? 'passed' : 'pending' });
  const current = steps.find((step) => step.status !== 'passed')?.id ?? 'ready';
  return {
    ok: true,
    steps,
    completed: steps.filter((step) => step.status === 'passed').length,
    total: steps.length,
    current,
    ready,
  };
}

export function passed(connector: string, details: Record<string, unknown> = {}): CheckResult {
  return {
    connector,
    kind: connector === 'flowPieces' ? 'flow_pieces' : connector.startsWith('mcp') ? 'mcp' : 'ai',
    configured: true,
    reachable: true,
    authOk: true,
    ok: true,
    details,
    latencyMs: 42,
    checkedAtMs: Date.UTC(2025, 5, 1, 12, 0),
  };
}

export function failed(connector: string, code: string, message: string, fix: string): CheckResult {
  return {
    ...passed(connector),
    authOk: false,
    ok: false,
    error: { code, message, fix },
  };
}
