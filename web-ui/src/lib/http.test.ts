import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  NETWORK_ERROR_MESSAGE,
  READ_RETRY,
  STORE_UNAVAILABLE,
  http,
  isRetrying,
  onRetrying,
  onUnauthorized,
} from './http';

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(body, { status, headers }));
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail.');
}

describe('http client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends JSON with the same-origin cookie and returns the parsed answer', async () => {
    const fetchMock = answer(200, JSON.stringify({ ok: true, user: { id: 'u1' } }));
    vi.stubGlobal('fetch', fetchMock);

    const result = await http.post<{ ok: true; user: { id: string } }>('/api/pmos/auth/login', {
      email: 'a@b.co',
      password: 'secret123',
    });

    expect(result.user.id).toBe('u1');
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/pmos/auth/login');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body as string)).toEqual({ email: 'a@b.co', password: 'secret123' });
  });

  it('sends no body and no content type on GET', async () => {
    const fetchMock = answer(200, JSON.stringify({ ok: true }));
    vi.stubGlobal('fetch', fetchMock);

    await http.get('/api/health');

    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(init.body).toBeUndefined();
    expect((init.headers as Record<string, string>)['Content-Type']).toBeUndefined();
  });

  it('throws an ApiError with the status and the server error sentence', async () => {
    vi.stubGlobal(
      'fetch',
      answer(409, JSON.stringify({ ok: false, error: 'An account with this email already exists.' })),
    );

    const error = await caught(http.post('/api/pmos/auth/signup', {}));

    expect(error.status).toBe(409);
    expect(error.message).toBe('An account with this email already exists.');
  });

  it('reads Retry-After on 429', async () => {
    vi.stubGlobal(
      'fetch',
      answer(429, JSON.stringify({ ok: false, error: 'Too many attempts.' }), { 'Retry-After': '30' }),
    );

    const error = await caught(http.post('/api/pmos/auth/login', {}));

    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('falls back to a readable sentence when the error body is not JSON', async () => {
    vi.stubGlobal('fetch', answer(502, '<html>Bad gateway</html>'));

    const error = await caught(http.get('/api/pmos/auth/me'));

    expect(error.status).toBe(502);
    expect(error.message).toMatch(/server had a problem \(status 502\)/);
  });

  it('treats a 200 answer with ok:false as a failure', async () => {
    vi.stubGlobal('fetch', answer(200, JSON.stringify({ ok: false, error: 'Not done.' })));

    const error = await caught(http.get('/api/anything'));

    expect(error.message).toBe('Not done.');
  });

  it('reports an unreachable server as status 0', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );

    const error = await caught(http.get('/api/health'));

    expect(error.status).toBe(0);
    expect(error.message).toBe(NETWORK_ERROR_MESSAGE);
  });

  it('tells unauthorized listeners about a 401 and stops after unsubscribing', async () => {
    vi.stubGlobal('fetch', answer(401, JSON.stringify({ ok: false, error: 'Sign in.' })));
    const listener = vi.fn();
    const unsubscribe = onUnauthorized(listener);

    await caught(http.get('/api/pmos/workspace/members'));
    unsubscribe();
    await caught(http.get('/api/pmos/workspace/members'));

    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('does not tell unauthorized listeners about other failures', async () => {
    vi.stubGlobal('fetch', answer(403, JSON.stringify({ ok: false, error: 'Not for you.' })));
    const listener = vi.fn();
    const unsubscribe = onUnauthorized(listener);

    const error = await caught(http.get('/api/pmos/admin/users'));
    unsubscribe();

    expect(error.status).toBe(403);
    expect(listener).not.toHaveBeenCalled();
  });

  describe('while PMOS is briefly unavailable (503)', () => {
    const unavailable = () =>
      new Response(
        JSON.stringify({ ok: false, error: 'PMOS is briefly unavailable.', code: STORE_UNAVAILABLE }),
        { status: 503, headers: { 'Retry-After': '5' } },
      );

    beforeEach(() => {
      vi.useFakeTimers();
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('asks a read again after Retry-After, says it is retrying meanwhile, and does not sign out', async () => {
      const fetchMock = vi
        .fn()
        .mockResolvedValueOnce(unavailable())
        .mockResolvedValueOnce(new Response(JSON.stringify({ ok: true, members: [] }), { status: 200 }));
      vi.stubGlobal('fetch', fetchMock);
      const unauthorized = vi.fn();
      const stopUnauthorized = onUnauthorized(unauthorized);
      const notices: boolean[] = [];
      const stopNotices = onRetrying((retrying) => notices.push(retrying));

      const answer = http.get<{ members: unknown[] }>('/api/pmos/workspace/members');
      await vi.advanceTimersByTimeAsync(4_999);
      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(isRetrying()).toBe(true);
      await vi.advanceTimersByTimeAsync(1);

      await expect(answer).resolves.toEqual({ ok: true, members: [] });
      expect(fetchMock).toHaveBeenCalledTimes(2);
      expect(isRetrying()).toBe(false);
      expect(notices).toEqual([true, false]);
      expect(unauthorized).not.toHaveBeenCalled();
      stopUnauthorized();
      stopNotices();
    });

    it('backs off further on each answer and gives up with the server sentence after its budget', async () => {
      const fetchMock = vi.fn(async () => unavailable());
      vi.stubGlobal('fetch', fetchMock);

      const failure = caught(http.get('/api/pmos/auth/me'));
      await vi.advanceTimersByTimeAsync(READ_RETRY.budgetMs);
      const error = await failure;

      expect(error.status).toBe(503);
      expect(error.code).toBe(STORE_UNAVAILABLE);
      expect(error.message).toBe('PMOS is briefly unavailable.');
      // Asked at 0, 5, 10, 15 s (Retry-After), 23, 38 and 53 s (the doubling back-off, at most 15 s, passes it);
      // the next try, at 68 s, would be past the 60 s budget.
      expect(fetchMock).toHaveBeenCalledTimes(7);
      expect(isRetrying()).toBe(false);
    });

    it('never sends a write again by itself: the error reaches the person at once', async () => {
      const fetchMock = vi.fn(async () => unavailable());
      vi.stubGlobal('fetch', fetchMock);
      const unauthorized = vi.fn();
      const stop = onUnauthorized(unauthorized);

      const error = await caught(http.post('/api/pmos/flows', { displayName: 'Daily digest' }));
      await vi.advanceTimersByTimeAsync(READ_RETRY.budgetMs);
      stop();

      expect(fetchMock).toHaveBeenCalledTimes(1);
      expect(error.status).toBe(503);
      expect(error.retryAfterSeconds).toBe(5);
      expect(error.message).toBe('PMOS is briefly unavailable.');
      expect(unauthorized).not.toHaveBeenCalled();
      expect(isRetrying()).toBe(false);
    });
  });
});
