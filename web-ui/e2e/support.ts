// Shared by the end-to-end specs: `test` and `expect` come from here, so every spec fails on a CSP violation.
import { test as base, expect, request, type Browser, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** Piece logos point at a public CDN: the tests never reach the internet, so anything off the backend is refused. */
export async function keepLocal(browserContext: BrowserContext, baseURL: string) {
  const origin = new URL(baseURL).origin;
  await browserContext.route((url) => url.origin !== origin, (route) => route.abort());
}

/**
 * The admin on `adminPage` invites a viewer, who accepts through the API and gets a browser context of their own
 * (kept local). Returns the viewer's page and a function that closes what was opened.
 */
export async function signInInvitedViewer(
  adminPage: Page,
  browser: Browser,
  baseURL: string,
  viewer: { name: string; email: string; password: string },
  viewport: { width: number; height: number },
): Promise<{ viewerPage: Page; close: () => Promise<void> }> {
  const invite = await adminPage.request.post('/api/pmos/workspace/invitations', {
    data: { email: viewer.email, role: 'viewer' },
  });
  expect(invite.ok(), await invite.text()).toBe(true);
  const { invitation } = (await invite.json()) as { invitation: { url: string } };
  const token = invitation.url.split('/').pop() ?? '';
  const viewerApi = await request.newContext({ baseURL });
  const viewerContext = await browser.newContext({ baseURL, viewport });
  const close = async () => {
    await viewerContext.close();
    await viewerApi.dispose();
  };
  try {
    await keepLocal(viewerContext, baseURL);
    const accepted = await viewerApi.post(`/api/pmos/auth/invitations/${encodeURIComponent(token)}/accept`, {
      data: { name: viewer.name, password: viewer.password },
    });
    expect(accepted.ok(), await accepted.text()).toBe(true);
    await viewerContext.addCookies((await viewerApi.storageState()).cookies);
    return { viewerPage: await viewerContext.newPage(), close };
  } catch (error) {
    await close();
    throw error;
  }
}

const watched = new WeakSet<BrowserContext>();

/** Chromium reports every Content-Security-Policy refusal (script, style, connect, image...) on the console. */
function watch(context: BrowserContext, violations: string[]) {
  if (watched.has(context)) return;
  watched.add(context);
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(`${message.location().url}: ${message.text()}`);
  });
}

/**
 * Watches every browser context a spec opens (the `page` fixture's, and those made with browser.newContext or
 * browser.newPage in a beforeAll) and fails the test during which the page refused something under the CSP.
 */
export const test = base.extend<{ cspGuard: void }, { cspViolations: string[] }>({
  cspViolations: [async ({}, use) => use([]), { scope: 'worker' }],
  browser: [
    async ({ browser, cspViolations }, use) => {
      const newContext = browser.newContext.bind(browser);
      const newPage = browser.newPage.bind(browser);
      const watchedBrowser: Browser = Object.assign(browser, {
        newContext: async (...args: Parameters<Browser['newContext']>) => {
          const context = await newContext(...args);
          watch(context, cspViolations);
          return context;
        },
        newPage: async (...args: Parameters<Browser['newPage']>) => {
          const page = await newPage(...args);
          watch(page.context(), cspViolations);
          return page;
        },
      });
      await use(watchedBrowser);
    },
    { scope: 'worker' },
  ],
  context: async ({ context, cspViolations }, use) => {
    watch(context, cspViolations);
    await use(context);
  },
  cspGuard: [
    async ({ cspViolations }, use) => {
      await use();
      const seen = cspViolations.splice(0);
      expect(seen, 'the page refused something under its Content-Security-Policy').toEqual([]);
    },
    { auto: true },
  ],
});
