// Security and cache headers of the real built SPA as the backend serves it (docs/security.md §6): the Vite output
// has no inline script or style the Content-Security-Policy would block, index.html and deep links are revalidated
// on every load, hashed assets are immutable, and health and metrics are not on the public port.
// Reads only: no account is created, so it can run before the specs that need an empty database.
import { expect, test } from './support';

test('index.html and a deep link: CSP without inline code, no-cache', async ({ request }) => {
  const index = await request.get('/');
  expect(index.status()).toBe(200);
  const csp = index.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self';");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('unsafe');
  expect(index.headers()['cache-control']).toBe('no-cache');
  expect(index.headers()['x-content-type-options']).toBe('nosniff');
  expect(index.headers()['x-frame-options']).toBe('DENY');

  const html = await index.text();
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  expect(scripts.length).toBeGreaterThan(0);
  for (const [, attributes, body] of scripts) {
    expect(attributes, 'every script is a file of PMOS').toMatch(/\bsrc="\/assets\/[^"]+\.js"/);
    expect(body.trim(), 'no inline script').toBe('');
  }
  expect(html).not.toMatch(/<style\b/i);
  expect(html).not.toMatch(/\sstyle="/i);
  expect(html).not.toMatch(/\son[a-z]+="/i);

  const deepLink = await request.get('/flows/some-flow');
  expect(deepLink.status()).toBe(200);
  expect(deepLink.headers()['cache-control']).toBe('no-cache');
  expect(await deepLink.text()).toBe(html);

  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  expect(assets.length).toBeGreaterThan(1);
  for (const asset of assets) {
    const answer = await request.get(asset);
    expect(answer.status(), asset).toBe(200);
    expect(answer.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
    expect(answer.headers()['content-security-policy'], asset).toBeTruthy();
  }
});

test('health and metrics answer on the management port only', async ({ request }) => {
  expect((await request.get('/q/health/ready')).status()).toBe(404);
  expect((await request.get('/q/metrics')).status()).toBe(404);
  expect((await request.get('/api/health')).status()).toBe(200);
});

test('the sign-in page renders under the policy', async ({ page }) => {
  await page.goto('/signin');
  await expect(page.locator('#root')).not.toBeEmpty();
});
