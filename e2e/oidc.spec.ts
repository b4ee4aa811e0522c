/**
 * Sign-in through an OpenID Connect provider, end to end: a real one (oidc-provider, e2e/support/oidc-issuer.mjs),
 * its login form and consent page, next-auth's state and PKCE checks, and the console's role mapping
 * (OIDC_OPERATOR_VALUES=e2e-operators … in playwright.config.ts). People land with the role their groups give, are
 * refused without a mapped group, lose a role at the next sign-in after the group is removed; a tampered state, a
 * tampered issuer and an impostor issuer are refused.
 */
import { expect, test, type Page } from '@playwright/test';
import { withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { issuerUrl, setIssuerMode, setPerson, signInWithIdp } from './support/oidc';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

const unique = (name: string) => `${name}-${Date.now()}`;

async function consoleUser(login: string) {
  return withDb(
    async (client) =>
      (
        await client.query<{ id: number; email: string; role: string; password_hash: string | null }>(
          `SELECT id, email, role, password_hash FROM console.users
           WHERE identity_provider = 'oidc' AND identity_subject = $1`,
          [login],
        )
      ).rows[0],
  );
}

async function auditOf(target: string) {
  return withDb(
    async (client) =>
      (
        await client.query<{ action: string; before: unknown; after: Record<string, unknown> }>(
          `SELECT action, before, after FROM console.audit_event WHERE target = $1 ORDER BY id`,
          [target],
        )
      ).rows,
  );
}

/** A forged call of an operator action that changes nothing: cancelling a backup that is not running. */
async function forgeCancelBackup(page: Page): Promise<string> {
  const cancel = listServerActions().find((action) => action.name === 'cancelBackup')!;
  return forgeActionCall(page.request, cancel.id, cancel.pagePath, [{ runId: '987654321' }]);
}

test('an operator by the provider’s groups signs in through its forms, and is a viewer once the group is removed', async ({
  page,
}) => {
  const login = unique('e2e-idp-operator');
  const email = `${login}@idp.example.com`;
  await setPerson(login, { groups: ['e2e-operators', 'staff'], email, name: 'Olga Operator' });
  await signInWithIdp(page, login);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();

  const created = await consoleUser(login);
  expect(created).toMatchObject({ email, role: 'operator', password_hash: null });
  await page.goto('/backups');
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeVisible();
  const allowed = await forgeCancelBackup(page);
  expect(allowed).toContain('"code":"conflict"');
  expect(allowed).not.toContain('"code":"forbidden"');

  // The group is removed at the provider; the next sign-in (the issuer's session answers at once) re-derives the role.
  await setPerson(login, { groups: ['e2e-viewers', 'staff'], email, name: 'Olga Operator' });
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInWithIdp(page, login, { forms: false });
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  expect(await consoleUser(login)).toMatchObject({ id: created.id, role: 'viewer' });
  expect(await forgeCancelBackup(page)).toContain('"code":"forbidden"');
  await page.goto('/backups');
  await expect(page.getByRole('heading', { name: 'Schedule and retention' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back up now' })).toHaveCount(0);

  const audit = await auditOf(`user:${email}`);
  expect(audit.map((event) => event.action)).toEqual([
    'user.create',
    'auth.sign-in',
    'auth.sign-out',
    'user.role.from-claims',
    'auth.sign-in',
  ]);
  expect(audit[1].after).toMatchObject({ provider: 'oidc' });
  expect(audit[3]).toMatchObject({ before: { role: 'operator' }, after: { role: 'viewer', provider: 'oidc' } });
});

test('an admin by the provider’s groups manages users, but cannot raise a role the provider gives', async ({
  page,
}) => {
  const login = unique('e2e-idp-admin');
  const email = `${login}@idp.example.com`;
  const viewerLogin = unique('e2e-idp-viewer');
  await setPerson(login, { groups: ['e2e-admins', 'e2e-primary-viewers'], email });
  await setPerson(viewerLogin, { groups: ['e2e-viewers'] });
  await signInWithIdp(page, login);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  // OIDC_TARGET_ROLES=e2e-primary-viewers=viewer@primary: the claims' narrowing, written at sign-in.
  const admin = await consoleUser(login);
  expect(
    await withDb(
      async (client) =>
        (
          await client.query(
            `SELECT target_name, source::text, role::text FROM console.user_target_role WHERE user_id = $1`,
            [admin.id],
          )
        ).rows,
    ),
  ).toEqual([{ target_name: 'primary', source: 'claims', role: 'viewer' }]);
  // …and it holds: an operator action on primary, forged past the hidden button, is refused for this admin.
  const narrowed = await forgeCancelBackup(page);
  expect(narrowed).toContain('"code":"forbidden"');
  expect(narrowed).toContain('primary');

  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expect(page.getByLabel(`Role of ${email}`)).toHaveValue('admin');

  // A person of the provider, made a viewer by their groups: an admin's forged call to make them admin is refused.
  const context = await page.context().browser()!.newContext({ baseURL: E2E.baseUrl });
  try {
    await signInWithIdp(await context.newPage(), viewerLogin);
  } finally {
    await context.close();
  }
  const viewer = await consoleUser(viewerLogin);
  const update = listServerActions().find((action) => action.name === 'updateUserRole')!;
  const refused = await forgeActionCall(page.request, update.id, update.pagePath, [
    { userId: viewer.id, role: 'admin' },
  ]);
  expect(refused).toContain('"code":"conflict"');
  expect(refused).toContain('comes from the identity provider');
  expect((await consoleUser(viewerLogin)).role).toBe('viewer');
});

test('a person in none of the mapped groups is refused with a page that says so, and the refusal is audited', async ({
  page,
}) => {
  const login = unique('e2e-idp-outsider');
  await setPerson(login, { groups: ['marketing'] });
  await signInWithIdp(page, login);
  await expect(page).toHaveURL(/\/login\?error=NoRole$/);
  await expect(page.locator('#login-error')).toContainText('in none of the groups that give access to this console');
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  expect(await consoleUser(login)).toBeUndefined();
  const [refusal] = await auditOf(`identity:oidc:${login}`);
  expect(refusal).toMatchObject({
    action: 'auth.sign-in.refused',
    after: { reason: 'no mapped group', provider: 'oidc', subject: login, values: ['marketing'] },
  });
});

/**
 * The provider's answer held back on its way to the console: with the issuer's session from an earlier sign-in, its
 * authorization endpoint redirects straight to the console's callback. That one request is made by the test instead
 * of the browser (Playwright does not intercept the steps of a redirect, only where one starts), and its redirect —
 * the callback URL with code, state and iss — returned for the test to alter. The state and PKCE cookies next-auth
 * set for this sign-in stay in the browser.
 */
async function heldCallback(page: Page): Promise<URL> {
  let held: (url: URL) => void;
  const callback = new Promise<URL>((resolve) => (held = resolve));
  await page.route(
    (url) => url.href.startsWith(`${issuerUrl()}/auth?`),
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      await route.fulfill({ contentType: 'text/plain', body: 'The test holds the provider’s answer back.' });
      held(new URL(response.headers()['location'], issuerUrl()));
    },
    { times: 1 },
  );
  await page.goto('/login');
  await page.getByRole('button', { name: `Sign in with ${E2E.oidc.name}` }).click();
  const answer = await callback;
  // The held page is shown before the test navigates on, so no navigation of the sign-in is still under way.
  await page.waitForURL((url) => url.href.startsWith(`${issuerUrl()}/auth?`));
  return answer;
}

test('a tampered state or issuer in the provider’s answer is refused', async ({ page }) => {
  const login = unique('e2e-idp-tamper');
  const email = `${login}@example.test`;
  await setPerson(login, { groups: ['e2e-operators'] });
  // A sign-in through the forms leaves the issuer's session, so the next ones go straight back to the console.
  await signInWithIdp(page, login);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);

  const answer = await heldCallback(page);
  expect(answer.pathname).toBe('/api/auth/callback/oidc');
  expect(answer.searchParams.get('iss')).toBe(issuerUrl());
  answer.searchParams.set('state', 'tampered');
  await page.goto(answer.href);
  await expect(page).toHaveURL(/\/login\?.*error=OAuthCallback/);
  await expect(page.locator('#login-error')).toContainText('could not be verified');

  const second = await heldCallback(page);
  second.searchParams.set('iss', 'http://127.0.0.1:9');
  await page.goto(second.href);
  await expect(page).toHaveURL(/\/login\?.*error=OAuthCallback/);
  await expect(page.locator('#login-error')).toContainText('could not be verified');

  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  const signIns = (await auditOf(`user:${email}`)).filter((event) => event.action === 'auth.sign-in');
  expect(signIns).toHaveLength(1);
});

test('an issuer other than OIDC_ISSUER is refused, even when its discovery document and tokens are consistent', async ({
  page,
}) => {
  const login = unique('e2e-idp-mixup');
  await setPerson(login, { groups: ['e2e-admins'] });
  await setIssuerMode('impostor');
  try {
    await signInWithIdp(page, login);
  } finally {
    await setIssuerMode('normal');
  }
  await expect(page).toHaveURL(/\/login\?error=WrongIssuer$/);
  await expect(page.locator('#login-error')).toContainText('other than the one this console is set up for');
  expect(await consoleUser(login)).toBeUndefined();
  const [refusal] = await auditOf(`identity:oidc:${login}`);
  expect(refusal).toMatchObject({
    action: 'auth.sign-in.refused',
    after: { reason: 'wrong issuer', expected: issuerUrl() },
  });
  expect(refusal.after.issuer).not.toBe(issuerUrl());
});
