// Flows, pieces and runs shaped like the Flow Pieces answers, for the flows feature's tests.
import type {
  FlowAction,
  FlowRun,
  FlowTrigger,
  PieceAction,
  PieceMetadata,
  PieceSummary,
  PopulatedFlow,
} from './model';

export function emptyTrigger(next: FlowAction | null = null): FlowTrigger {
  return { name: 'trigger', type: 'EMPTY', displayName: 'Select Trigger', valid: false, settings: {}, nextAction: next };
}

export function webhookTrigger(next: FlowAction | null = null): FlowTrigger {
  return {
    name: 'trigger',
    type: 'PIECE_TRIGGER',
    displayName: 'Catch Webhook',
    valid: true,
    settings: {
      pieceName: '@activepieces/piece-webhook',
      pieceVersion: '0.1.29',
      triggerName: 'catch_webhook',
      input: { authType: 'none' },
      propertySettings: { authType: { type: 'MANUAL' } },
    },
    nextAction: next,
  };
}

export function putAction(name: string, next: FlowAction | null = null, input: Record<string, unknown> = {}): PieceAction {
  return {
    name,
    type: 'PIECE',
    displayName: 'Put',
    valid: false,
    settings: {
      pieceName: '@activepieces/piece-store',
      pieceVersion: '0.6.20',
      actionName: 'put',
      input: { store_scope: 'COLLECTION', ...input },
      propertySettings: { key: { type: 'MANUAL' }, value: { type: 'MANUAL' }, store_scope: { type: 'MANUAL' } },
      errorHandlingOptions: { continueOnFailure: { value: false }, retryOnFailure: { value: false } },
    },
    nextAction: next,
  };
}

export function makeFlow(trigger: FlowTrigger, overrides: Partial<PopulatedFlow> = {}): PopulatedFlow {
  return {
    id: 'flow1',
    projectId: 'proj1',
    status: 'DISABLED',
    publishedVersionId: null,
    created: '2025-06-01T10:00:00.000Z',
    updated: '2025-06-01T10:00:00.000Z',
    version: {
      id: 'ver1',
      flowId: 'flow1',
      displayName: 'Order intake',
      trigger,
      valid: false,
      state: 'DRAFT',
    },
    ...overrides,
  };
}

export const PIECE_SUMMARIES: PieceSummary[] = [
  { name: '@activepieces/piece-webhook', displayName: 'Webhook', version: '0.1.29', actions: 2, triggers: 1 },
  { name: '@activepieces/piece-store', displayName: 'Storage', version: '0.6.20', actions: 6, triggers: 0 },
  { name: '@activepieces/piece-slack', displayName: 'Slack', version: '0.17.9', actions: 72, triggers: 14 },
];

export const WEBHOOK_PIECE: PieceMetadata = {
  name: '@activepieces/piece-webhook',
  displayName: 'Webhook',
  version: '0.1.29',
  actions: {},
  triggers: {
    catch_webhook: {
      name: 'catch_webhook',
      displayName: 'Catch Webhook',
      props: {
        liveMarkdown: { type: 'MARKDOWN', displayName: 'Markdown', required: false, description: '**Live URL:** {{webhookUrl}}' },
        authType: {
          type: 'STATIC_DROPDOWN',
          displayName: 'Authentication',
          required: true,
          defaultValue: 'none',
          options: { options: [{ label: 'None', value: 'none' }, { label: 'Basic Auth', value: 'basic' }] },
        },
      },
    },
  },
};

export const STORE_PIECE: PieceMetadata = {
  name: '@activepieces/piece-store',
  displayName: 'Storage',
  version: '0.6.20',
  triggers: {},
  actions: {
    put: {
      name: 'put',
      displayName: 'Put',
      props: {
        key: { type: 'SHORT_TEXT', displayName: 'Key', required: true },
        value: { type: 'SHORT_TEXT', displayName: 'Value', required: true },
        store_scope: {
          type: 'STATIC_DROPDOWN',
          displayName: 'Store Scope',
          required: true,
          defaultValue: 'COLLECTION',
          options: { options: [{ label: 'Project', value: 'COLLECTION' }, { label: 'Flow', value: 'FLOW' }] },
        },
      },
    },
    get: {
      name: 'get',
      displayName: 'Get',
      props: { key: { type: 'SHORT_TEXT', displayName: 'Key', required: true } },
    },
  },
};

export const SLACK_PIECE: PieceMetadata = {
  name: '@activepieces/piece-slack',
  displayName: 'Slack',
  version: '0.17.9',
  auth: { type: 'OAUTH2', displayName: 'Connection', required: true },
  triggers: {},
  actions: {
    send_channel_message: {
      name: 'send_channel_message',
      displayName: 'Send Message To A Channel',
      props: {
        channel: { type: 'DROPDOWN', displayName: 'Channel', required: true, refreshers: [] },
        text: { type: 'LONG_TEXT', displayName: 'Message', required: false },
        sendAsBot: { type: 'CHECKBOX', displayName: 'Send as a bot?', required: true, defaultValue: true },
      },
    },
  },
};

export function makeRun(overrides: Partial<FlowRun> = {}): FlowRun {
  return {
    id: 'run1',
    flowId: 'flow1',
    status: 'SUCCEEDED',
    created: '2025-06-01T11:00:00.000Z',
    steps: {
      trigger: {
        type: 'PIECE_TRIGGER',
        status: 'SUCCEEDED',
        output: { body: { order: 'A-1', customer: { name: 'Ada' } }, method: 'POST' },
      },
    },
    ...overrides,
  };
}
