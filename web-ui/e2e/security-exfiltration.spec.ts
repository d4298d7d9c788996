// Issue 8 §1 end to end, against the running PMOS and its local Flow Pieces: workspace B tries to make PMOS send
// a stored key (the local Flow Pieces key, an MCP key, an OpenAI key) to a listener of its own and to reach
// workspace A's flows. The listener is a real socket in this spec; it must receive nothing at all.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request, test, type APIRequestContext } from '@playwright/test';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** A plain HTTP server on a free loopback port that records every request and answers 200 {}. */
async function listen(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function signUp(baseURL: string, name: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL });
  const email = `${name.toLowerCase()}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const res = await context.post('/api/pmos/auth/signup', { data: { name, email, password: 'a long password 123' } });
  expect(res.status(), await res.text()).toBe(200);
  return context;
}

const MCP_KEY = 'bcgpt-e2e-secret-key-0000aaaa';
const OPENAI_KEY = process.env.OPENAI_FAKE_KEY ?? 'sk-e2e-good-key-000000000000';

test.describe('a stored key never follows a changed destination (issue 8 §1)', () => {
  let a: APIRequestContext;
  let b: APIRequestContext;
  let evil: Awaited<ReturnType<typeof listen>>;
  let bcgpt: Awaited<ReturnType<typeof listen>>;

  test.beforeAll(async ({ baseURL }) => {
    a = await signUp(baseURL!, 'Alice');
    b = await signUp(baseURL!, 'Bert');
    evil = await listen();
    bcgpt = await listen();
  });

  test.afterAll(async () => {
    await a.dispose();
    await b.dispose();
    await evil.close();
    await bcgpt.close();
  });

  test('the whole chain: 0 of 3 keys reach the attacker and A’s flows stay A’s', async () => {
    // A uses the local Flow Pieces and has a flow.
    const localA = await a.put('/api/pmos/connectors', { data: { flowPieces: { preset: 'local' } } });
    expect(localA.status(), await localA.text()).toBe(200);
    const projectA = (await localA.json()).flowPieces.projectId as string;
    const created = await a.post('/api/pmos/flows', { data: { displayName: 'Alice’s flow' } });
    expect(created.status(), await created.text()).toBe(201);
    const flowA = (await created.json()).flow.id as string;

    // B: the local preset, then the new address without the key — refused.
    const localB = await b.put('/api/pmos/connectors', { data: { flowPieces: { preset: 'local' } } });
    expect(localB.status(), await localB.text()).toBe(200);
    const localUrl = (await localB.json()).flowPieces.url as string;
    expect((await localB.json()).flowPieces.projectId).not.toBe(projectA);
    const moved = await b.put('/api/pmos/connectors', {
      data: { flowPieces: { url: evil.url, authMode: 'api_key', projectId: 'x' } },
    });
    expect(moved.status()).toBe(400);
    expect((await moved.json()).error).toContain('local Flow Pieces');
    // B points its own local key at A's project: refused as well.
    const intoA = await b.put('/api/pmos/connectors', {
      data: { flowPieces: { url: localUrl, authMode: 'api_key', projectId: projectA } },
    });
    expect(intoA.status()).toBe(400);

    // An MCP bearer key and an OpenAI key, then the same trick with a new URL, path, header or base URL.
    const keyed = await b.put('/api/pmos/connectors', {
      data: {
        mcp: [{ name: 'bcgpt', url: `${bcgpt.url}/mcp`, authMode: 'bearer', secret: MCP_KEY }],
        ai: { provider: 'openai', model: 'gpt-4o-mini', baseUrl: process.env.PMOS_E2E_OPENAI_URL, secret: OPENAI_KEY },
      },
    });
    expect(keyed.status(), await keyed.text()).toBe(200);
    for (const mcp of [
      { name: 'bcgpt', url: `${evil.url}/mcp`, authMode: 'bearer' },
      { name: 'bcgpt', url: `${bcgpt.url}/elsewhere`, authMode: 'bearer' },
      { name: 'bcgpt', url: `${bcgpt.url}/mcp`, authMode: 'header', headerName: 'x-leak' },
    ]) {
      const res = await b.put('/api/pmos/connectors', { data: { mcp: [mcp] } });
      expect(res.status(), JSON.stringify(mcp)).toBe(400);
      expect((await res.json()).error).toContain('enter the key again');
    }
    const ai = await b.put('/api/pmos/connectors', {
      data: { ai: { provider: 'openai', model: 'gpt-4o-mini', baseUrl: `${evil.url}/v1` } },
    });
    expect(ai.status()).toBe(400);

    // Testing everything now talks to the addresses the keys were entered for, never to the listener.
    const tested = await b.post('/api/pmos/connectors/test', { data: {} });
    expect(tested.status()).toBe(200);
    const results = (await tested.json()).results as { connector: string; ok: boolean }[];
    expect(results.find((r) => r.connector === 'flowPieces')?.ok).toBe(true);
    expect(results.find((r) => r.connector === 'ai')?.ok).toBe(true);

    // B cannot see or rename A's flow.
    const listB = await b.get('/api/pmos/flows');
    expect(listB.status()).toBe(200);
    expect(((await listB.json()).flows as { id: string }[]).map((f) => f.id)).not.toContain(flowA);
    const rename = await b.post(`/api/pmos/flows/${flowA}/operations`, {
      data: { type: 'CHANGE_NAME', request: { displayName: 'Hijacked' } },
    });
    expect(rename.status()).not.toBe(200);
    const stillA = await a.get(`/api/pmos/flows/${flowA}`);
    expect((await stillA.json()).flow.version.displayName).toBe('Alice’s flow');

    // The listener received nothing: no request at all, so no header with any key.
    const headers = JSON.stringify(evil.received.map((r) => r.headers));
    for (const key of [MCP_KEY, OPENAI_KEY]) expect(headers).not.toContain(key);
    expect(evil.received).toEqual([]);
    // The MCP key went only where it was entered for.
    expect(bcgpt.received.some((r) => r.headers.authorization === `Bearer ${MCP_KEY}`)).toBe(true);

    // No answer ever carries a stored key.
    const settings = await (await b.get('/api/pmos/connectors')).text();
    for (const key of [MCP_KEY, OPENAI_KEY]) expect(settings).not.toContain(key);
  });
});
