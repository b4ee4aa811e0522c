/** The test OpenID provider (e2e/support/oidc-issuer.mjs) as the specs drive it: who is in which groups, and its forms. */
import { expect, type Page } from '@playwright/test';
import { E2E } from './settings';

/** The issuer playwright.config.ts started: its URL, copied from the issuer's first line of output. */
export function issuerUrl(): string {
  const url = process.env.E2E_OIDC_ISSUER;
  if (!url) throw new Error('E2E_OIDC_ISSUER is not set: the issuer web server of playwright.config.ts did not start.');
  return url;
}

async function control(path: string, body: unknown): Promise<void> {
  const response = await fetch(`${issuerUrl()}/__test/${path}`, { method: 'PUT', body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`The test issuer answered ${response.status} to ${path}.`);
}

/** What the issuer's next token says about `login` (its subject): groups, e-mail, name. */
export function setPerson(login: string, person: { groups: string[]; email?: string; name?: string }): Promise<void> {
  return control(`people/${encodeURIComponent(login)}`, person);
}

/** `impostor`: the issuer's discovery document names another (genuine) issuer, the mix-up case. */
export function setIssuerMode(mode: 'normal' | 'impostor'): Promise<void> {
  return control('mode', { mode });
}

/**
 * From the console's login page through the issuer: its login form (any password) and consent when `forms` (a new
 * browser context); without, the issuer's session and grant from an earlier sign-in answer at once. Ends wherever
 * the console sends the browser back to (the overview, or the login page with a refusal).
 */
export async function signInWithIdp(page: Page, login: string, { forms = true } = {}): Promise<void> {
  // The issuer's pages import a web font; nothing here reaches the internet.
  await page.route('https://fonts.googleapis.com/**', (route) => route.abort());
  await page.goto('/login');
  // The next page of the console's own that the browser shows (not /login, which is shown now).
  const back = page.waitForEvent('framenavigated', {
    predicate: (frame) => {
      const url = new URL(frame.url());
      return frame === page.mainFrame() && url.origin === E2E.baseUrl && !url.pathname.startsWith('/api/auth/');
    },
  });
  await page.getByRole('button', { name: `Sign in with ${E2E.oidc.name}` }).click();
  if (forms) {
    await expect(page.getByRole('heading', { name: 'Sign-in' })).toBeVisible();
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await expect(page.getByRole('heading', { name: 'Authorize' })).toBeVisible();
    await page.getByRole('button', { name: 'Continue' }).click();
  }
  await back;
  await page.waitForLoadState();
}
