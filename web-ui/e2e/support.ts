// Shared by the end-to-end specs.
import type { BrowserContext } from '@playwright/test';

/** Piece logos point at a public CDN: the tests never reach the internet, so anything off the backend is refused. */
export async function keepLocal(browserContext: BrowserContext, baseURL: string) {
  const origin = new URL(baseURL).origin;
  await browserContext.route((url) => url.origin !== origin, (route) => route.abort());
}
