// A stand-in for the backend in unit tests: answers fetch calls from a table keyed by "METHOD /path".
import { vi } from 'vitest';
import type { User } from '../features/auth/types';

export interface RecordedCall {
  method: string;
  path: string;
  body: unknown;
  init: RequestInit | undefined;
}

export interface FakeAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type FakeRoute = FakeAnswer | ((call: RecordedCall) => FakeAnswer | Promise<FakeAnswer>);

/**
 * Replaces global fetch. A route key is "METHOD /path" with or without the query string; the exact
 * key wins. Calls to paths without a route fail the test with a 599 answer naming the call.
 */
export function stubApi(routes: Record<string, FakeRoute>) {
  const calls: RecordedCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? 'GET').toUpperCase();
    const rawBody = init?.body;
    const body = typeof rawBody === 'string' ? (JSON.parse(rawBody) as unknown) : undefined;
    const call: RecordedCall = { method, path: url, body, init };
    calls.push(call);
    const route = routes[`${method} ${url}`] ?? routes[`${method} ${url.split('?')[0]}`];
    if (route === undefined) {
      return jsonResponse({ status: 599, body: { ok: false, error: `No fake route for ${method} ${url}` } });
    }
    const answer = typeof route === 'function' ? await route(call) : route;
    return jsonResponse(answer);
  });
  vi.stubGlobal('fetch', fetchMock);
  return {
    calls,
    callsTo: (method: string, path: string) =>
      calls.filter((c) => c.method === method && c.path.split('?')[0] === path),
  };
}

function jsonResponse({ status = 200, body, headers = {} }: FakeAnswer): Response {
  return new Response(body === undefined ? '' : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

export const ok = (body: Record<string, unknown> = {}): FakeAnswer => ({ body: { ok: true, ...body } });
export const fail = (status: number, error: string): FakeAnswer => ({
  status,
  body: { ok: false, error },
});

/** A promise the test resolves by hand, to observe a component while a request is in flight. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export function makeUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u-1',
    name: 'Ada Admin',
    email: 'ada@example.com',
    role: 'workspace_admin',
    workspaceId: 'w-1',
    workspaceName: 'Ada’s workspace',
    createdAtMs: Date.UTC(2025, 0, 1),
    updatedAtMs: Date.UTC(2025, 0, 1),
    ...overrides,
  };
}

export const signedInAs = (user: User): FakeAnswer => ({
  body: { ok: true, authenticated: true, user },
});
export const signedOut: FakeAnswer = {
  status: 401,
  body: { ok: false, authenticated: false, error: 'Sign in to continue.' },
};
