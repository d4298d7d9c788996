import { describe, expect, it } from 'vitest';
import {
  aiDraft,
  aiInput,
  connectorLabel,
  draftsFrom,
  flowPiecesInput,
  identityCandidates,
  keepsStoredKey,
  mcpInputs,
  resultState,
  resultsByStep,
  testTarget,
  withProvider,
  type FlowPiecesDraft,
  type McpDraft,
} from './forms';
import { LOCAL_FLOW_PIECES_URL, LOCAL_MCP_URL, failed, passed, settings, withLocal } from './testData';

const FP: FlowPiecesDraft = {
  source: 'custom',
  url: ' https://flow.example.com ',
  authMode: 'password',
  email: 'ops@example.com',
  projectId: '',
  secret: '',
};

const MCP: McpDraft = {
  source: 'custom',
  url: 'https://b.example.com/mcp',
  authMode: 'header',
  headerName: 'x-bcgpt-api-key',
  identityTool: '',
  secret: 's3cret',
};

describe('drafts from stored settings', () => {
  it('defaults to the local services when offered and nothing is stored, and never copies a secret', () => {
    const drafts = draftsFrom(withLocal());
    expect(drafts.flowPieces.source).toBe('local');
    expect(drafts.mcp.source).toBe('local');
    expect(drafts.mcp.headerName).toBe('x-bcgpt-api-key');
    expect(drafts.ai).toEqual({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: '', secret: '' });
  });

  it('recognises the local service by its address and the admin’s own by any other', () => {
    const drafts = draftsFrom(
      withLocal({
        flowPieces: { url: LOCAL_FLOW_PIECES_URL, authMode: 'api_key', projectId: 'p', secret: { set: true, mask: '••••1234' } },
        mcp: [{ name: 'bcgpt', url: 'https://mine.example.com/mcp', authMode: 'bearer', secret: { set: true, mask: '••••9999' } }],
      }),
    );
    expect(drafts.flowPieces).toMatchObject({ source: 'local', secret: '' });
    expect(drafts.mcp).toMatchObject({ source: 'custom', url: 'https://mine.example.com/mcp', secret: '' });
  });

  it('uses the admin’s own services when no local one is offered', () => {
    const drafts = draftsFrom(settings());
    expect(drafts.flowPieces.source).toBe('custom');
    expect(drafts.mcp.source).toBe('custom');
  });

  it('does not invent a model for a stored built-in provider', () => {
    expect(aiDraft({ provider: 'builtin', secret: { set: false } }).model).toBe('');
  });
});

describe('PUT bodies', () => {
  it('sends the preset only for the local Flow Pieces', () => {
    expect(flowPiecesInput({ ...FP, source: 'local', secret: 'ignored' })).toEqual({ preset: 'local' });
  });

  it('trims, sends the email in password mode and leaves out an empty project and secret', () => {
    expect(flowPiecesInput(FP)).toEqual({ url: 'https://flow.example.com', authMode: 'password', email: 'ops@example.com' });
    expect(flowPiecesInput({ ...FP, authMode: 'api_key', projectId: ' p1 ', secret: '  ' })).toEqual({
      url: 'https://flow.example.com',
      authMode: 'api_key',
      projectId: 'p1',
    });
  });

  it('puts bcgpt first and sends back other MCP connections without secrets', () => {
    const other = { name: 'docs', url: 'https://d.example.com/mcp', authMode: 'bearer' as const, secret: { set: true, mask: '••••d0c5' } };
    expect(mcpInputs(MCP, [other])).toEqual([
      { name: 'bcgpt', url: 'https://b.example.com/mcp', authMode: 'header', headerName: 'x-bcgpt-api-key', secret: 's3cret' },
      { name: 'docs', url: 'https://d.example.com/mcp', authMode: 'bearer' },
    ]);
    expect(mcpInputs({ ...MCP, source: 'local' }, [])).toEqual([{ name: 'bcgpt', preset: 'local' }]);
  });

  it('sends no key and no header name when the MCP server takes no key', () => {
    expect(mcpInputs({ ...MCP, authMode: 'none', identityTool: 'whoami' }, [])).toEqual([
      { name: 'bcgpt', url: 'https://b.example.com/mcp', authMode: 'none', identityTool: 'whoami' },
    ]);
  });

  it('sends only the provider for built-in commands and no key for Ollama', () => {
    expect(aiInput({ provider: 'builtin', model: 'x', baseUrl: 'http://x', secret: 'k' })).toEqual({ provider: 'builtin' });
    expect(aiInput({ provider: 'ollama', model: 'llama3.2', baseUrl: '', secret: 'k' })).toEqual({
      provider: 'ollama',
      model: 'llama3.2',
    });
    expect(aiInput({ provider: 'openai', model: 'gpt-4o-mini', baseUrl: 'http://127.0.0.1:9/v1', secret: 'sk-1' })).toEqual({
      provider: 'openai',
      model: 'gpt-4o-mini',
      baseUrl: 'http://127.0.0.1:9/v1',
      secret: 'sk-1',
    });
  });

  it('swaps a suggested model for the new provider’s, but keeps a model typed by hand', () => {
    const draft = { provider: 'openai' as const, model: 'gpt-4o-mini', baseUrl: '', secret: '' };
    expect(withProvider(draft, 'anthropic').model).toBe('claude-sonnet-4-5');
    expect(withProvider({ ...draft, model: 'my-finetune' }, 'openai_compatible').model).toBe('my-finetune');
  });
});

describe('tests and steps', () => {
  it('tests bcgpt by name once it exists, and all MCP connections before', () => {
    expect(testTarget('mcp', settings())).toBe('mcp');
    expect(
      testTarget('mcp', withLocal({ mcp: [{ name: 'bcgpt', url: LOCAL_MCP_URL, authMode: 'none', secret: { set: false } }] })),
    ).toBe('mcp:bcgpt');
    expect(testTarget('flowPieces', settings())).toBe('flowPieces');
  });

  it('sorts results by step, preferring bcgpt for the MCP step', () => {
    const byStep = resultsByStep([
      passed('mcp:docs'),
      failed('mcp:bcgpt', 'MCP_AUTH_FAILED', 'Refused.', 'Check the key.'),
      passed('flowPieces'),
      passed('ai'),
    ]);
    expect(byStep.mcp?.connector).toBe('mcp:bcgpt');
    expect(byStep.flowPieces?.ok).toBe(true);
    expect(byStep.ai?.ok).toBe(true);
  });

  it('names connectors in plain words', () => {
    expect(['flowPieces', 'ai', 'mcp:bcgpt', 'mcp:docs'].map(connectorLabel)).toEqual([
      'Flow Pieces',
      'AI provider',
      'BCGPT (MCP)',
      'MCP: docs',
    ]);
  });
});

describe('issue 8: a stored key only goes where it was entered for, and BCGPT proves its key', () => {
  const storedMcp = {
    name: 'bcgpt',
    url: 'https://b.example.com/mcp',
    authMode: 'header' as const,
    headerName: 'x-bcgpt-api-key',
    secret: { set: true, mask: '••••abcd' },
  };

  it('keeps the stored MCP key only for the same address, path, mode and header', () => {
    const same = { ...MCP, secret: '', url: 'https://B.example.com:443/mcp/' };
    expect(keepsStoredKey('mcp', same, storedMcp)).toBe(true);
    expect(keepsStoredKey('mcp', { ...same, url: 'https://evil.example.com/mcp' }, storedMcp)).toBe(false);
    expect(keepsStoredKey('mcp', { ...same, url: 'https://b.example.com/other' }, storedMcp)).toBe(false);
    expect(keepsStoredKey('mcp', { ...same, headerName: 'x-other' }, storedMcp)).toBe(false);
    expect(keepsStoredKey('mcp', { ...same, authMode: 'bearer' }, storedMcp)).toBe(false);
  });

  it('never keeps the local Flow Pieces key for another address, and keeps an AI key only for the same base URL', () => {
    const local = { label: 'local', url: LOCAL_FLOW_PIECES_URL };
    const view = { url: LOCAL_FLOW_PIECES_URL, authMode: 'api_key' as const, projectId: 'p', secret: { set: true } };
    const draft = { ...FP, source: 'custom' as const, authMode: 'api_key' as const, url: LOCAL_FLOW_PIECES_URL };
    expect(keepsStoredKey('flowPieces', draft, view, local)).toBe(false);
    const ai = { provider: 'openai' as const, model: 'gpt-4o-mini', secret: { set: true } };
    expect(keepsStoredKey('ai', { provider: 'openai', model: 'gpt-4o', baseUrl: '', secret: '' }, ai)).toBe(true);
    expect(keepsStoredKey('ai', { provider: 'openai', model: 'gpt-4o', baseUrl: 'http://evil:9/v1', secret: '' }, ai)).toBe(false);
  });

  it('pre-fills BCGPT’s identity tool and reads the offered identity tools and the amber state', () => {
    expect(draftsFrom(settings()).mcp.identityTool).toBe('whoami');
    const result = {
      ...passed('mcp:bcgpt'),
      ok: true,
      status: 'unverified' as const,
      details: { identityCandidates: ['whoami', 'get_me', 3] },
    };
    expect(identityCandidates(result)).toEqual(['whoami', 'get_me']);
    expect(resultState(result)).toBe('unverified');
    expect(resultState({ ok: true })).toBe('passed');
    expect(resultState({ ok: false })).toBe('failed');
  });
});
