import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fail, makeUser, ok, signedInAs, stubApi, type FakeRoute } from '../../../test/fakeApi';
import { renderApp } from '../../../test/renderApp';
import type { Role } from '../../auth/types';
import {
  LOCAL_FLOW_PIECES_URL,
  LOCAL_MCP_URL,
  failed,
  onboarding,
  passed,
  settings,
  withLocal,
} from '../testData';
import type { ConnectorSettings, ConnectorsUpdate, Onboarding } from '../types';

const CONNECTORS = '/api/pmos/connectors';

function stubSetup(options: {
  role?: Role;
  connectors?: ConnectorSettings | Record<string, unknown>;
  onboarding?: Onboarding | (() => Onboarding);
  routes?: Record<string, FakeRoute>;
}) {
  const progress = options.onboarding ?? onboarding();
  return stubApi({
    'GET /api/pmos/auth/me': signedInAs(makeUser({ role: options.role ?? 'workspace_admin' })),
    [`GET ${CONNECTORS}`]: { body: options.connectors ?? settings() },
    'GET /api/pmos/onboarding': () => ({ body: typeof progress === 'function' ? progress() : progress }),
    ...options.routes,
  });
}

const panel = async (step: string) => within(await screen.findByTestId(`wizard-panel-${step}`));

describe('SetupPage wizard', () => {
  it('opens the current step from the onboarding answer and shows the progress', async () => {
    stubSetup({
      connectors: withLocal(),
      onboarding: onboarding({ flowPieces: 'passed', mcp: 'failed' }),
    });
    renderApp('/setup');

    expect(await screen.findByTestId('wizard-progress')).toHaveTextContent('1/4 complete');
    expect(screen.getByRole('heading', { level: 2, name: 'Connect BCGPT (MCP)' })).toBeVisible();
    expect(screen.getByTestId('wizard-step-mcp')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByTestId('wizard-step-flowPieces')).toHaveAttribute('data-status', 'passed');
    expect(screen.getByTestId('wizard-step-flowPieces')).toHaveTextContent('Passed');
    expect(screen.getByTestId('wizard-step-mcp')).toHaveTextContent('Failed');
    expect(screen.getByTestId('wizard-step-ai')).toHaveTextContent('Pending');
  });

  it('lets the person open any step, and opens the step named in the address', async () => {
    stubSetup({ connectors: withLocal() });
    const { user } = renderApp('/setup?step=ai');

    expect(await screen.findByRole('heading', { level: 2, name: 'Choose the AI provider and model' })).toBeVisible();
    await user.click(screen.getByTestId('wizard-step-flowPieces'));
    expect(screen.getByRole('heading', { level: 2, name: 'Connect Flow Pieces' })).toBeVisible();
    expect(screen.getByTestId('wizard-step-flowPieces')).toHaveAttribute('aria-current', 'step');
    expect(screen.getByTestId('wizard-step-ai')).not.toHaveAttribute('aria-current');
  });

  it('shows the message and the fix of a failed test', async () => {
    const api = stubSetup({
      connectors: settings({
        flowPieces: {
          url: 'https://flow.example.com',
          authMode: 'api_key',
          projectId: 'p1',
          secret: { set: true, mask: '••••abcd' },
        },
      }),
      routes: {
        [`POST ${CONNECTORS}/test`]: ok({
          checkedAtMs: 1,
          results: [
            failed(
              'flowPieces',
              'FLOW_PIECES_AUTH_FAILED',
              'Flow Pieces refused the API key.',
              'Create a new API key in Flow Pieces (Platform admin → API keys).',
            ),
          ],
        }),
      },
    });
    const { user } = renderApp('/setup');

    await user.click((await panel('flowPieces')).getByRole('button', { name: 'Test' }));

    const result = await screen.findByTestId('test-result-flowPieces');
    expect(result).toHaveTextContent('Failed');
    expect(result).not.toHaveTextContent('Passed');
    expect(result).toHaveTextContent('Flow Pieces refused the API key.');
    expect(result).toHaveTextContent(
      'How to fix: Create a new API key in Flow Pieces (Platform admin → API keys).',
    );
    expect(api.callsTo('POST', `${CONNECTORS}/test`)[0]?.body).toEqual({ connector: 'flowPieces' });
    expect(api.callsTo('PUT', CONNECTORS)).toHaveLength(0);
  });

  it('shows what a passed test found', async () => {
    stubSetup({
      connectors: settings({
        mcp: [
          {
            name: 'bcgpt',
            url: 'https://bcgpt.example.com/mcp',
            authMode: 'bearer',
            secret: { set: true, mask: '••••9f00' },
            lastTest: passed('mcp:bcgpt', {
              serverName: 'bcgpt',
              serverVersion: '2.1.0',
              protocolVersion: '2025-06-18',
              toolCount: 12,
              identity: 'ada@example.com',
            }),
          },
        ],
      }),
      onboarding: onboarding({ mcp: 'passed' }),
    });
    renderApp('/setup?step=mcp');

    const result = await screen.findByTestId('test-result-mcp');
    expect(result).toHaveTextContent('Passed');
    for (const text of ['bcgpt 2.1.0', '2025-06-18', '12', 'ada@example.com']) {
      expect(result).toHaveTextContent(text);
    }
  });

  it('sends {preset: "local"} when the local Flow Pieces is chosen, then tests it', async () => {
    let tested = false;
    const api = stubSetup({
      connectors: withLocal({
        flowPieces: {
          url: 'https://flow.example.com',
          authMode: 'api_key',
          projectId: 'p1',
          secret: { set: true, mask: '••••abcd' },
        },
      }),
      onboarding: () => onboarding({ flowPieces: tested ? 'passed' : 'pending' }),
      routes: {
        [`PUT ${CONNECTORS}`]: ok({
          ...withLocal({
            flowPieces: {
              url: LOCAL_FLOW_PIECES_URL,
              authMode: 'api_key',
              projectId: 'local1',
              secret: { set: true, mask: '••••lo01' },
            },
          }),
        }),
        [`POST ${CONNECTORS}/test`]: () => {
          tested = true;
          return ok({
            checkedAtMs: 1,
            results: [passed('flowPieces', { edition: 'ce', version: '0.70.1', projectId: 'local1', flowCount: 3 })],
          });
        },
      },
    });
    const { user } = renderApp('/setup');

    const form = within(await screen.findByRole('form', { name: 'Connect Flow Pieces settings' }));
    expect(form.getByRole('radio', { name: /Use my own Flow Pieces/ })).toBeChecked();
    await user.click(
      form.getByRole('radio', { name: `Use the local Flow Pieces (local) — ${LOCAL_FLOW_PIECES_URL}` }),
    );
    expect(form.queryByLabelText('Flow Pieces address')).not.toBeInTheDocument();
    await user.click(form.getByRole('button', { name: 'Save and test' }));

    const result = await screen.findByTestId('test-result-flowPieces');
    expect(result).toHaveTextContent('Passed');
    expect(result).toHaveTextContent('0.70.1');
    expect(api.callsTo('PUT', CONNECTORS)[0]?.body).toEqual({ flowPieces: { preset: 'local' } });
    expect(api.callsTo('POST', `${CONNECTORS}/test`)[0]?.body).toEqual({ connector: 'flowPieces' });
    expect(await screen.findByText('1/4 complete')).toHaveAttribute('data-testid', 'wizard-progress');
    expect(screen.getByTestId('wizard-step-flowPieces')).toHaveAttribute('data-status', 'passed');
  });

  it('sends the local MCP preset for bcgpt and keeps other MCP connections unchanged', async () => {
    const other = {
      name: 'docs',
      url: 'https://docs.example.com/mcp',
      authMode: 'header' as const,
      headerName: 'x-docs-key',
      secret: { set: true, mask: '••••d0c5' },
    };
    const api = stubSetup({
      connectors: withLocal({ mcp: [other] }),
      routes: { [`PUT ${CONNECTORS}`]: ok({ ...withLocal({ mcp: [other] }) }) },
    });
    const { user } = renderApp('/setup?step=mcp');

    const form = within(await screen.findByRole('form', { name: 'Connect BCGPT (MCP) settings' }));
    await user.click(form.getByRole('radio', { name: `Use the local MCP server (local) — ${LOCAL_MCP_URL}` }));
    await user.click(form.getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('step-notice-mcp')).toHaveTextContent('Saved.');
    expect(api.callsTo('PUT', CONNECTORS)[0]?.body).toEqual({
      mcp: [
        { name: 'bcgpt', preset: 'local' },
        { name: 'docs', url: 'https://docs.example.com/mcp', authMode: 'header', headerName: 'x-docs-key' },
      ],
    });
    expect(api.callsTo('POST', `${CONNECTORS}/test`)).toHaveLength(0);
  });

  it('never prefills a stored secret and leaves an empty one out of the PUT body', async () => {
    const stored = settings({
      flowPieces: {
        url: 'https://flow.example.com',
        authMode: 'api_key',
        projectId: 'p1',
        secret: { set: true, mask: '••••abcd' },
      },
    });
    const api = stubSetup({ connectors: stored, routes: { [`PUT ${CONNECTORS}`]: ok({ ...stored }) } });
    const { user } = renderApp('/setup');

    const form = within(await screen.findByRole('form', { name: 'Connect Flow Pieces settings' }));
    const key = form.getByLabelText('API key');
    expect(key).toHaveValue('');
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveAttribute('placeholder', 'Stored: ••••abcd — leave empty to keep');
    expect(form.getByLabelText('Flow Pieces address')).toHaveValue('https://flow.example.com');

    await user.clear(form.getByLabelText('Project id'));
    await user.type(form.getByLabelText('Project id'), 'p2');
    await user.click(form.getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('step-notice-flowPieces')).toHaveTextContent('Saved.');
    const body = api.callsTo('PUT', CONNECTORS)[0]?.body as ConnectorsUpdate;
    expect(body).toEqual({
      flowPieces: { url: 'https://flow.example.com', authMode: 'api_key', projectId: 'p2' },
    });
    expect(body.flowPieces).not.toHaveProperty('secret');
  });

  it('sends a new secret when one is typed, and empties the field after saving', async () => {
    const stored = settings({
      mcp: [{ name: 'bcgpt', url: 'https://b.example.com/mcp', authMode: 'bearer', secret: { set: false } }],
    });
    const api = stubSetup({
      connectors: stored,
      routes: {
        [`PUT ${CONNECTORS}`]: ok({
          ...settings({
            mcp: [{ name: 'bcgpt', url: 'https://b.example.com/mcp', authMode: 'bearer', secret: { set: true, mask: '••••5678' } }],
          }),
        }),
      },
    });
    const { user } = renderApp('/setup?step=mcp');

    const form = within(await screen.findByRole('form', { name: 'Connect BCGPT (MCP) settings' }));
    expect(form.getByLabelText('Key')).not.toHaveAttribute('placeholder');
    await user.type(form.getByLabelText('Key'), 'key-12345678');
    expect(form.getByLabelText('Identity tool (optional)')).toHaveValue('whoami');
    await user.click(form.getByRole('button', { name: 'Save' }));

    expect(await screen.findByTestId('step-notice-mcp')).toHaveTextContent('Saved.');
    expect(form.getByLabelText('Key')).toHaveAttribute(
      'placeholder',
      'Stored: ••••5678 — leave empty to keep',
    );
    expect(form.getByLabelText('Key')).toHaveValue('');
    expect(api.callsTo('PUT', CONNECTORS)[0]?.body).toEqual({
      mcp: [
        {
          name: 'bcgpt',
          url: 'https://b.example.com/mcp',
          authMode: 'bearer',
          identityTool: 'whoami',
          secret: 'key-12345678',
        },
      ],
    });
  });

  it('hides the key and model for built-in commands and sends only the provider', async () => {
    const api = stubSetup({
      connectors: settings({
        ai: { provider: 'openai', model: 'gpt-4o-mini', secret: { set: true, mask: '••••wxyz' } },
      }),
      routes: {
        [`PUT ${CONNECTORS}`]: ok({ ...settings({ ai: { provider: 'builtin', secret: { set: false } } }) }),
        [`POST ${CONNECTORS}/test`]: ok({
          checkedAtMs: 1,
          results: [passed('ai', { provider: 'builtin', mode: 'Built-in commands, no AI model: no key needed.' })],
        }),
      },
    });
    const { user } = renderApp('/setup?step=ai');

    const form = within(await screen.findByRole('form', { name: 'Choose the AI provider and model settings' }));
    expect(form.getByLabelText('API key')).toHaveAttribute('placeholder', 'Stored: ••••wxyz — leave empty to keep');
    await user.selectOptions(form.getByLabelText('Provider'), 'Built-in commands (no AI model)');

    expect(form.queryByLabelText('API key')).not.toBeInTheDocument();
    expect(form.queryByLabelText('Model')).not.toBeInTheDocument();
    await user.click(form.getByRole('button', { name: 'Save and test' }));

    expect(await screen.findByTestId('test-result-ai')).toHaveTextContent('Passed');
    expect(api.callsTo('PUT', CONNECTORS)[0]?.body).toEqual({ ai: { provider: 'builtin' } });
  });

  it('hides the key for Ollama and shows its base URL; OpenAI keeps the base URL under Advanced', async () => {
    stubSetup({ connectors: settings() });
    const { user } = renderApp('/setup?step=ai');

    const form = within(await screen.findByRole('form', { name: 'Choose the AI provider and model settings' }));
    expect(form.getByLabelText('Model')).toHaveValue('gpt-4o-mini');
    expect(form.getByLabelText('API key')).toBeVisible();
    expect(form.getByText('Advanced')).toBeVisible();
    expect(form.getByLabelText('Base URL')).not.toBeVisible();

    await user.selectOptions(form.getByLabelText('Provider'), 'Ollama');
    expect(form.queryByLabelText('API key')).not.toBeInTheDocument();
    expect(form.getByLabelText('Base URL')).toBeVisible();
    expect(form.getByLabelText('Model')).toHaveValue('llama3.2');
    const suggestions = document.getElementById('ai-model-suggestions');
    expect(suggestions?.querySelector('option[value="llama3.2"]')).not.toBeNull();
  });

  it('shows a 400 from the server in an alert and keeps what was typed', async () => {
    stubSetup({
      connectors: settings(),
      routes: {
        [`PUT ${CONNECTORS}`]: fail(
          400,
          "Field 'projectId' is required with an API key: copy it from the Flow Pieces address bar (…/projects/<id>/…).",
        ),
      },
    });
    const { user } = renderApp('/setup');

    const form = within(await screen.findByRole('form', { name: 'Connect Flow Pieces settings' }));
    await user.type(form.getByLabelText('Flow Pieces address'), 'https://flow.example.com');
    await user.type(form.getByLabelText('API key'), 'sk-flow-1');
    await user.click(form.getByRole('button', { name: 'Save and test' }));

    expect(await form.findByRole('alert')).toHaveTextContent("Field 'projectId' is required with an API key");
    expect(form.getByLabelText('Flow Pieces address')).toHaveValue('https://flow.example.com');
    expect(form.getByLabelText('API key')).toHaveValue('sk-flow-1');
    expect(screen.queryByTestId('test-result-flowPieces')).not.toBeInTheDocument();
  });

  it('Test all sends no body and updates every step', async () => {
    let tested = false;
    const api = stubSetup({
      connectors: withLocal(),
      onboarding: () =>
        tested
          ? onboarding(
              { flowPieces: 'passed', mcp: 'passed', ai: 'failed' },
              { ai: { error: { code: 'AI_KEY_INVALID', message: 'The provider refused the key.', fix: 'Paste a new key.' } } },
            )
          : onboarding(),
      routes: {
        [`POST ${CONNECTORS}/test`]: () => {
          tested = true;
          return ok({
            checkedAtMs: 1,
            results: [
              passed('flowPieces', { edition: 'ce', version: '0.70.1', projectId: 'p1', flowCount: 0 }),
              passed('mcp:bcgpt', { serverName: 'demo', toolCount: 4 }),
              failed('ai', 'AI_KEY_INVALID', 'The provider refused the key.', 'Paste a new key.'),
            ],
          });
        },
      },
    });
    const { user } = renderApp('/setup');

    expect(await screen.findByTestId('wizard-progress')).toHaveTextContent('0/4 complete');
    await user.click(screen.getByRole('button', { name: 'Test all' }));

    expect(await screen.findByTestId('test-all-summary')).toHaveTextContent('Tested 3: 2 passed, 1 failed.');
    expect(await screen.findByText('2/4 complete')).toBeVisible();
    expect(screen.getByTestId('wizard-step-mcp')).toHaveAttribute('data-status', 'passed');
    expect(screen.getByTestId('wizard-step-ai')).toHaveAttribute('data-status', 'failed');
    const call = api.callsTo('POST', `${CONNECTORS}/test`)[0];
    expect(call?.init?.body).toBeUndefined();

    expect(screen.getByTestId('test-result-flowPieces')).toHaveTextContent('Passed');
    await user.click(screen.getByTestId('wizard-step-mcp'));
    expect(screen.getByTestId('test-result-mcp')).toHaveTextContent('Passed');
    expect(screen.getByTestId('test-result-mcp')).toHaveTextContent('demo');
    await user.click(screen.getByTestId('wizard-step-ai'));
    expect(screen.getByTestId('test-result-ai')).toHaveTextContent('Failed');
    expect(screen.getByTestId('test-result-ai')).toHaveTextContent('How to fix: Paste a new key.');

    await user.click(screen.getByTestId('wizard-step-ready'));
    const left = within(screen.getByTestId('ready-left'));
    expect(left.getByTestId('left-ai')).toHaveTextContent('The provider refused the key.');
    expect(left.queryByTestId('left-flowPieces')).not.toBeInTheDocument();
    expect(screen.queryByTestId('ready-to-chat')).not.toBeInTheDocument();
  });

  it('shows "Ready to chat" with a link to /chat once everything passed', async () => {
    stubSetup({ connectors: withLocal(), onboarding: onboarding({ flowPieces: 'passed', mcp: 'passed', ai: 'passed' }) });
    renderApp('/setup');

    const ready = await screen.findByTestId('ready-to-chat');
    expect(ready).toHaveTextContent('Ready to chat');
    expect(within(ready).getByRole('link', { name: 'Open Chat' })).toHaveAttribute('href', '/chat');
    expect(screen.getByTestId('wizard-progress')).toHaveTextContent('4/4 complete');
  });
});

describe('SetupPage for members and viewers', () => {
  it.each<Role>(['member', 'viewer'])('shows a %s the status list only, without forms', async (role) => {
    const api = stubSetup({
      role,
      connectors: {
        ok: true,
        canEdit: false,
        status: [
          { connector: 'flowPieces', kind: 'flow_pieces', configured: true, passed: true, checkedAtMs: 1 },
          { connector: 'mcp:bcgpt', kind: 'mcp', configured: true, passed: false, checkedAtMs: 2 },
          { connector: 'ai', kind: 'ai', configured: true },
        ],
      },
      onboarding: onboarding({ flowPieces: 'passed', mcp: 'failed' }),
    });
    renderApp('/setup');

    const list = within(await screen.findByTestId('connector-status-list'));
    expect(within(list.getByTestId('connector-status-flowPieces')).getByText('Passed')).toBeVisible();
    expect(within(list.getByTestId('connector-status-mcp:bcgpt')).getByText('Failed')).toBeVisible();
    expect(within(list.getByTestId('connector-status-ai')).getByText('Not tested')).toBeVisible();
    expect(await screen.findByTestId('setup-progress')).toHaveTextContent('1/4 complete');
    expect(screen.queryByRole('form')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Save|Test/ })).not.toBeInTheDocument();
    expect(screen.queryByTestId('wizard-progress')).not.toBeInTheDocument();
    expect(api.calls.filter((call) => call.method !== 'GET')).toHaveLength(0);
  });
});
