/**
 * Sessions, with a browser each: an admin sees who is signed in — how, from where, since when, last seen — and ends
 * another person's session, whose very next page then goes to the sign-in; a person ends their other sessions from
 * one browser and keeps that one. Each ending is in the audit log with who did it.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

/** People of their own, so the sessions other specs open never mix with these. */
const ENDED_BY_ADMIN = { email: 'e2e-sessions-ended@example.com', password: 'e2e-sessions-ended-password' };
const MANY_PLACES = { email: 'e2e-sessions-many@example.com', password: 'e2e-sessions-many-password' };

/** A browser of its own (its own cookies), signed in as `user`. */
async function signedInBrowser(browser: Browser, user: { email: string; password: string }): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, user);
  return page;
}

/** The page's next navigation, as a person would make it: signed in still, or sent to sign in. */
async function expectSignedIn(page: Page) {
  await page.goto('/sessions');
  await expect(page.getByRole('heading', { name: 'Sessions', level: 1 })).toBeVisible();
}
async function expectSentToSignIn(page: Page) {
  await page.goto('/sessions');
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

const auditOf = (email: string) =>
  withDb(
    async (client) =>
      (
        await client.query<{ actor_email: string; after: { sessionId: string; endedBy: string } }>(
          `SELECT actor_email, after FROM console.audit_event WHERE action = 'auth.session.end' AND target = $1 ORDER BY id`,
          [`user:${email}`],
        )
      ).rows,
  );

test.beforeAll(async () => {
  for (const user of [ENDED_BY_ADMIN, MANY_PLACES]) {
    await ensureUser(user, 'viewer');
    // A run before this one on the same data leaves sessions of these people: ended, so each test starts clean.
    await withDb((client) =>
      client.query(
        `UPDATE console.user_session SET revoked_at = now()
         WHERE revoked_at IS NULL AND user_id = (SELECT id FROM console.users WHERE email = $1)`,
        [user.email],
      ),
    );
  }
});

test('an admin sees who is signed in and ends another person’s session; their next page is the sign-in', async ({
  browser,
}) => {
  const person = await signedInBrowser(browser, ENDED_BY_ADMIN);
  const admin = await signedInBrowser(browser, E2E.admin);
  try {
    await admin.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sessions' }).click();
    await expect(admin.getByRole('heading', { name: 'Signed in now' })).toBeVisible();
    const row = admin.getByTestId('sessions').getByRole('row').filter({ hasText: ENDED_BY_ADMIN.email });
    await expect(row).toHaveCount(1);
    // Who, how, from where (the browser's loopback address), started and last seen.
    await expect(row.getByRole('cell')).toContainText([
      ENDED_BY_ADMIN.email,
      'password',
      /^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/,
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
      /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    ]);
    // The admin's own session is marked, with no End (signing out ends it).
    const own = admin.getByTestId('sessions').locator('tr[data-session="current"]');
    await expect(own).toContainText(E2E.admin.email);
    await expect(own).toContainText('this session');
    await expect(own.getByRole('button', { name: /^End/ })).toHaveCount(0);

    await expectSignedIn(person);
    admin.once('dialog', (dialog) => dialog.accept());
    await row.getByRole('button', { name: `End the session of ${ENDED_BY_ADMIN.email} from` }).click();
    await expect(row).toHaveCount(0);

    await expectSentToSignIn(person);
    const [entry] = await auditOf(ENDED_BY_ADMIN.email);
    expect(entry).toMatchObject({ actor_email: E2E.admin.email, after: { endedBy: E2E.admin.email } });
  } finally {
    await person.context().close();
    await admin.context().close();
  }
});

test('“End my other sessions” ends the person’s other browser only and keeps this one', async ({ browser }) => {
  const elsewhere = await signedInBrowser(browser, MANY_PLACES);
  const here = await signedInBrowser(browser, MANY_PLACES);
  const bystander = await signedInBrowser(browser, ENDED_BY_ADMIN);
  try {
    await here.goto('/sessions');
    await expect(here.getByRole('heading', { name: 'Your sessions' })).toBeVisible();
    // A viewer sees their own sessions only: this one marked, the other browser's beside it, nobody else's.
    const rows = here.getByTestId('sessions').locator('tbody tr');
    await expect(rows).toHaveCount(2);
    await expect(here.getByTestId('sessions').locator('tr[data-session="current"]')).toContainText('this session');
    await expect(here.getByTestId('sessions')).not.toContainText(ENDED_BY_ADMIN.email);
    await expect(here.getByRole('button', { name: /^End the session/ })).toHaveCount(0);

    here.once('dialog', (dialog) => dialog.accept());
    await here.getByRole('button', { name: 'End my other sessions' }).click();
    await expect(here.getByText('Ended 1 session.')).toBeVisible();
    await expect(rows).toHaveCount(1);
    await expect(rows).toHaveAttribute('data-session', 'current');

    await expectSentToSignIn(elsewhere);
    await expectSignedIn(here);
    await expectSignedIn(bystander);
    const entries = await auditOf(MANY_PLACES.email);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor_email: MANY_PLACES.email, after: { endedBy: MANY_PLACES.email } });
  } finally {
    for (const page of [elsewhere, here, bystander]) await page.context().close();
  }
});
