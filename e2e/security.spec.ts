/**
 * The browser side of the console's security: protective headers on pages, routes and static files; a sign-in
 * that never leaves for another site whatever the callbackUrl says; the login page under its CSP.
 */
import { expect, test } from '@playwright/test';
import { collectPolicyViolations, policyViolations } from './support/csp';
import { E2E } from './support/settings';

test('pages, route handlers and static files carry the protective headers; pages a nonce-based CSP', async ({ page, request }) => {
  const response = (await page.goto('/login'))!;
  const headers = response.headers();
  expect(headers['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers).toMatchObject({ 'x-frame-options': 'DENY', 'x-content-type-options': 'nosniff', 'referrer-policy': 'same-origin' });
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
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('#login-error')).toHaveText('Wrong e-mail or password.');
  expect(await policyViolations(page)).toEqual([]);
});

for (const callbackUrl of ['/\\evil.example/', '//evil.example/', '/%5Cevil.example/', 'https://evil.example/']) {
  test(`signing in with callbackUrl=${callbackUrl} stays on the console`, async ({ page }) => {
    await page.goto(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    await page.getByLabel('E-mail').fill(E2E.admin.email);
    await page.getByLabel('Password').fill(E2E.admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(E2E.baseUrl);
  });
}
