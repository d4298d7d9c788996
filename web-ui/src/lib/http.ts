// The one HTTP client of the UI: JSON in and out, same-origin cookie auth, failures as ApiError.

/** A failed call: the HTTP status (0 when the server could not be reached) and the server's own sentence. */
export class ApiError extends Error {
  readonly status: number;
  /** Seconds to wait before trying again, from the Retry-After header of a 429 or 503. */
  readonly retryAfterSeconds?: number;
  /** The server's name for the failure (e.g. CONNECTION_REQUIRED), when it gave one. */
  readonly code?: string;

  constructor(status: number, message: string, retryAfterSeconds?: number, code?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
    if (code !== undefined) this.code = code;
  }
}

export const NETWORK_ERROR_MESSAGE = 'Cannot reach the server. Check your connection and try again.';

/** The server's code for "PMOS cannot reach its database right now" (503 with Retry-After). */
export const STORE_UNAVAILABLE = 'STORE_UNAVAILABLE';

/**
 * How reads answered "briefly unavailable" are asked again: never sooner than the server's Retry-After, otherwise
 * after a delay that doubles from the first to the longest, for at most the budget in total (then the error shows).
 */
export const READ_RETRY = { firstDelayMs: 1_000, maxDelayMs: 15_000, budgetMs: 60_000 };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type UnauthorizedListener = () => void;

const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called on every 401 answer, so the session can end when the server says it is over. */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => {
    unauthorizedListeners.delete(listener);
  };
}

/** Tells the listeners that the server no longer honours the session (a 401, or the live socket closed for it). */
export function notifyUnauthorized(): void {
  unauthorizedListeners.forEach((listener) => listener());
}

type RetryingListener = (retrying: boolean) => void;

const retryingListeners = new Set<RetryingListener>();
let retryingReads = 0;

/** Told when reads start waiting for the server to be available again, and when none waits any more. */
export function onRetrying(listener: RetryingListener): () => void {
  retryingListeners.add(listener);
  return () => {
    retryingListeners.delete(listener);
  };
}

/** Whether some read is waiting to be asked again because the server is briefly unavailable. */
export function isRetrying(): boolean {
  return retryingReads > 0;
}

function countRetrying(delta: 1 | -1) {
  const before = retryingReads > 0;
  retryingReads += delta;
  const now = retryingReads > 0;
  if (before !== now) retryingListeners.forEach((listener) => listener(now));
}

/** A 503 that says when to come back, or names the database outage: worth asking again. */
function brieflyUnavailable(error: unknown): error is ApiError {
  return (
    error instanceof ApiError &&
    error.status === 503 &&
    (error.retryAfterSeconds !== undefined || error.code === STORE_UNAVAILABLE)
  );
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function fallbackMessage(status: number): string {
  if (status >= 500) return `The server had a problem (status ${status}). Try again in a moment.`;
  return `The request failed (status ${status}).`;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number.parseInt(value, 10);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorCode(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'code' in body) {
    const code = (body as { code: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

function errorText(body: unknown): string | undefined {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === 'string' && error.trim() !== '') return error;
  }
  return undefined;
}

/**
 * One call. A read (GET) that the server answers "briefly unavailable" is asked again with back-off; a write is never
 * sent again by itself (it may not be safe to repeat): its error reaches the person, who decides to try again.
 */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  if (method !== 'GET') return send<T>(method, path, body, extraHeaders);
  const started = Date.now();
  let attempt = 0;
  let retrying = false;
  try {
    for (;;) {
      try {
        return await send<T>(method, path, body, extraHeaders);
      } catch (failure) {
        if (!brieflyUnavailable(failure)) throw failure;
        const backoff = Math.min(READ_RETRY.maxDelayMs, READ_RETRY.firstDelayMs * 2 ** attempt);
        const delay = Math.max((failure.retryAfterSeconds ?? 0) * 1000, backoff);
        if (Date.now() - started + delay > READ_RETRY.budgetMs) throw failure;
        attempt += 1;
        if (!retrying) {
          retrying = true;
          countRetrying(1);
        }
        await wait(delay);
      }
    }
  } finally {
    if (retrying) countRetrying(-1);
  }
}

async function send<T>(
  method: Method,
  path: string,
  body: unknown,
  extraHeaders: Record<string, string>,
): Promise<T> {
  const headers: Record<string, string> = { ...extraHeaders, Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(0, NETWORK_ERROR_MESSAGE);
  }

  const payload = await readJson(response);
  const refused =
    typeof payload === 'object' && payload !== null && (payload as { ok?: unknown }).ok === false;

  if (!response.ok || refused) {
    if (response.status === 401) {
      notifyUnauthorized();
    }
    const status = response.status;
    throw new ApiError(
      status,
      errorText(payload) ?? fallbackMessage(status),
      parseRetryAfter(response.headers.get('Retry-After')),
      errorCode(payload),
    );
  }
  if (typeof payload !== 'object' || payload === null) {
    throw new ApiError(response.status, 'The server sent an answer the app cannot read.');
  }
  return payload as T;
}

export const http = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}, headers?: Record<string, string>) =>
    request<T>('POST', path, body, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** The message to show a person for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Something went wrong. Try again.';
}
