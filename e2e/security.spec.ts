/**
 * The browser side of the console's security: protective headers on pages, routes and static files; a sign-in
 * that never leaves for another site whatever the callbackUrl says; the login page under its CSP.
 */
import { expect, test } from '@playwright/test';
import { signIn } from './support/auth';
import { collectPolicyViolations, policyViolations } from './support/csp';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

test('pages, route handlers and static files carry the protective headers; pages a nonce-based CSP', async ({
  page,
  request,
}) => {
  const response = (await page.goto('/login'))!;
  const headers = response.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  });
  // Served over http here: no HSTS.
  expect(headers['strict-transport-security']).toBeUndefined();
  const second = (await request.get('/login')).headers()['content-security-policy'];
  expect(second).not.toBe(headers['content-security-policy']);

  const api = (await request.get('/api/health')).headers();
  expect(api).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff' });
  const script = await page.locator('script[src^="/_next/static/"]').first().getAttribute('src');
  expect((await request.get(script!)).headers()['x-content-type-options']).toBe('nosniff');
});

test('the login page works under its Content-Security-Policy', async ({ page }) => {
  await page.addInitScript(collectPolicyViolations);
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(E2E.admin.email);
  await page.getByLabel('Password').fill('wrong password here');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('#login-error')).toHaveText('Wrong e-mail or password.');
  expect(await policyViolations(page)).toEqual([]);
});

for (const callbackUrl of ['/\\evil.example/', '//evil.example/', '/%5Cevil.example/', 'https://evil.example/']) {
  test(`signing in with callbackUrl=${callbackUrl} stays on the console`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel('E-mail').fill(E2E.admin.email);
    await page.getByLabel('Password').fill(E2E.admin.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(E2E.baseUrl);
  });
}

test('signing out ends the session on the server: a copy of its cookie is refused at its next request', async ({
  browser,
}) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await signIn(page, E2E.admin);
  const copy = await browser.newContext({ storageState: await first.storageState() });
  const elsewhere = await copy.newPage();
  await elsewhere.goto('/activity');
  await expect(elsewhere.getByRole('heading', { name: 'Activity' })).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await elsewhere.goto('/activity');
  await expect(elsewhere).toHaveURL(/\/login$/);
  expect((await elsewhere.request.get('/api/overview')).status()).toBe(401);
  const audited = await withDb(async (client) =>
    Number(
      (
        await client.query(
          `SELECT count(*) AS n FROM console.audit_event WHERE action = 'auth.sign-out' AND target = $1`,
          [`user:${E2E.admin.email}`],
        )
      ).rows[0].n,
    ),
  );
  expect(audited).toBeGreaterThan(0);
  await first.close();
  await copy.close();
});

// next-auth reads its action and provider from the route's decoded segments and ignores any beyond the second:
// each of these spellings reaches the password check, so each must take a slot.
for (const path of [
  '/api/auth/callback/credentials',
  '/api/auth/callback/credentials/extra',
  '/api/auth/callback/credential%73',
]) {
  test(`sign-ins beyond the few checked at once are answered 429 with Retry-After, not queued (${path})`, async ({
    playwright,
  }) => {
    await ensureUser(E2E.viewer, 'viewer');
    // Right passwords (a flood of wrong ones would throttle this address for the rest of the run).
    const attempts = await Promise.all(
      Array.from({ length: 24 }, async () => {
        const context = await playwright.request.newContext({ baseURL: E2E.baseUrl });
        try {
          const { csrfToken } = await (await context.get('/api/auth/csrf')).json();
          const response = await context.post(path, {
            form: { csrfToken, email: E2E.viewer.email, password: E2E.viewer.password, json: 'true' },
            maxRedirects: 0,
          });
          return {
            status: response.status(),
            retryAfter: response.headers()['retry-after'],
            body: await response.text(),
          };
        } finally {
          await context.dispose();
        }
      }),
    );
    const busy = attempts.filter((attempt) => attempt.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const attempt of busy) {
      expect(attempt.retryAfter).toBe('1');
      // The one error shape, plus the URL next-auth's signIn() reads the message from (docs/http-api.md).
      const body = JSON.parse(attempt.body);
      expect(body.error).toEqual({ code: 'throttled', message: expect.stringContaining('Too many sign-ins') });
      expect(new URL(body.url).searchParams.get('error')).toBe(body.error.message);
    }
    expect(attempts.filter((attempt) => attempt.status === 200).length).toBeGreaterThan(0);
  });
}
