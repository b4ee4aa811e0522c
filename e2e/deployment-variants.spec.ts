/**
 * Settings a deployment makes that the shared end-to-end console does not: a second console process with
 * ALLOW_BACKEND_SIGNALS=false (no cancel or terminate anywhere, and a forged call refused), one with
 * PASSWORD_SIGNIN=false (a password refused but the break-glass admin's, whose sign-in everyone sees on the overview),
 * and the database run with WAL archiving on (restarted for real, as archive_mode requires) so the WAL archiving card
 * shows the archiver's counts as pg_stat_archiver has them.
 */
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import pg from 'pg';
import { readEmbeddedUrl } from '../lib/embedded/embedded-server';
import { formatCount } from '../lib/format';
import { startConsole, type ConsoleProcess } from '../tests/support/console-process';
import { signIn } from './support/auth';
import { expectNoSeriousViolations } from './support/axe';
import { startConsoleDatabase, stopConsoleDatabase, waitUntilConsoleRecovers } from './support/console-database';
import { ensureUser, withDb } from './support/db';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

test.describe('a console with ALLOW_BACKEND_SIGNALS=false', () => {
  let second: ConsoleProcess;
  let sleeper: pg.Client;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const databaseUrl = (await readEmbeddedUrl(path.resolve(E2E.dataDir)))!;
    // The shared console's sign-in secret, so both processes could read each other's sessions; this test signs in anew.
    const { readOrCreateSecret } = await import('../lib/startup/secrets');
    second = await startConsole(databaseUrl, {
      ALLOW_BACKEND_SIGNALS: 'false',
      NEXTAUTH_SECRET: readOrCreateSecret(path.resolve(E2E.dataDir), 'nextauth-secret'),
      LONG_RUNNING_SECONDS: '3',
      SAMPLE_INTERVAL_SECONDS: '2',
    });
    await ensureUser(E2E.operator, 'operator');
    sleeper = new pg.Client({ connectionString: databaseUrl, application_name: 'e2e-sleeper-signals' });
    sleeper.on('error', () => {});
    await sleeper.connect();
    void sleeper.query('SELECT pg_sleep(60) /* e2e signals off */').catch(() => undefined);
  });

  test.afterAll(async () => {
    await withDb((client) =>
      client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'e2e-sleeper-signals'`,
      ),
    );
    await sleeper?.end().catch(() => undefined);
    second?.stop();
  });

  test('an operator sees the long-running query but no cancel or terminate, and a forged call is refused', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.goto(`${second.base}/login`);
    await page.getByLabel('E-mail').fill(E2E.operator.email);
    await page.getByLabel('Password').fill(E2E.operator.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await page.goto(`${second.base}/activity`);
    await expect(page.getByText('Cancel and terminate are turned off for this deployment.')).toBeVisible();
    await expect(page.getByTestId('long-running-table')).toContainText('e2e-sleeper-signals', { timeout: 30_000 });
    await expect(page.getByRole('button', { name: /^(Cancel|Terminate) backend/ })).toHaveCount(0);

    const action = listServerActions().find((candidate) => candidate.name === 'signalBackend')!;
    const pid = await withDb(
      async (client) =>
        (await client.query(`SELECT pid FROM pg_stat_activity WHERE application_name = 'e2e-sleeper-signals'`)).rows[0]
          .pid,
    );
    const response = await page.request.post(`${second.base}${action.pagePath}`, {
      headers: {
        'Next-Action': action.id,
        'Content-Type': 'text/plain;charset=UTF-8',
        Origin: second.base,
        Accept: 'text/x-component',
      },
      data: JSON.stringify([{ target: 'primary', pid, signal: 'terminate' }]),
    });
    expect(await response.text()).toContain('"code":"disabled"');
    expect(
      await withDb(
        async (client) =>
          (await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1`, [pid])).rows[0].n,
      ),
    ).toBe(1);
  });
});

test.describe('a console with PASSWORD_SIGNIN=false', () => {
  let second: ConsoleProcess;
  const BREAK_GLASS = { email: 'e2e-break-glass@example.com', password: 'e2e-break-glass-password' };

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const databaseUrl = (await readEmbeddedUrl(path.resolve(E2E.dataDir)))!;
    second = await startConsole(databaseUrl, {
      PASSWORD_SIGNIN: 'false',
      ADMIN_EMAIL: BREAK_GLASS.email,
      // Only the configuration's validation reads these: nobody signs in through this issuer here.
      OIDC_ISSUER: 'http://127.0.0.1:9/realms/e2e',
      OIDC_CLIENT_ID: 'e2e-break-glass-client',
      OIDC_CLIENT_SECRET: 'e2e-break-glass-secret',
      OIDC_NAME: 'Staff SSO',
    });
    await ensureUser(E2E.operator, 'operator');
    await ensureUser(BREAK_GLASS, 'admin');
  });

  test.afterAll(() => second?.stop());

  const signInThere = async (page: Page, user: { email: string; password: string }) => {
    await page.goto(`${second.base}/login`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  };

  test('a password is refused but the break-glass admin’s, whose sign-in the overview and the audit log show', async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await signInThere(page, E2E.operator);
    await expect(page.locator('#login-error')).toHaveText(
      'Password sign-in is turned off here; sign in with Staff SSO.',
    );
    await expect(page).toHaveURL(/\/login/);

    await signInThere(page, BREAK_GLASS);
    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    const notice = page.getByTestId('break-glass-notice');
    await expect(notice.getByRole('heading', { name: 'Break-glass sign-ins in the last 24 hours' })).toBeVisible();
    await expect(notice.getByRole('listitem')).toHaveText(
      /^e2e-break-glass@example\.com from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1) at \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/,
    );
    await expectNoSeriousViolations(page, 'overview with a break-glass sign-in');

    const audit = await withDb(
      async (client) =>
        (
          await client.query<{ action: string; target: string; reason: string | null }>(
            `SELECT action, target, after->>'reason' AS reason FROM console.audit_event
             WHERE target IN ($1, $2) AND action LIKE 'auth.sign-in%' ORDER BY id DESC LIMIT 2`,
            [`user:${E2E.operator.email}`, `user:${BREAK_GLASS.email}`],
          )
        ).rows,
    );
    expect(audit).toEqual([
      { action: 'auth.sign-in.break-glass', target: `user:${BREAK_GLASS.email}`, reason: null },
      {
        action: 'auth.sign-in.refused',
        target: `user:${E2E.operator.email}`,
        reason: 'password sign-in is turned off',
      },
    ]);
    // Everyone signed in sees it, on the shared console too (the same audit log), the viewer included.
    const viewer = await (await page.context().browser()!.newContext()).newPage();
    try {
      await ensureUser(E2E.viewer, 'viewer');
      await signIn(viewer, E2E.viewer);
      await expect(viewer.getByTestId('break-glass-notice')).toContainText(BREAK_GLASS.email, { timeout: 20_000 });
    } finally {
      await viewer.context().close();
    }
  });
});

test.describe('the database with WAL archiving on', () => {
  test.describe.configure({ mode: 'serial' });

  async function setArchiving(on: boolean): Promise<void> {
    await withDb(async (client) => {
      if (on) {
        await client.query(`ALTER SYSTEM SET archive_mode = 'on'`);
        // A command that keeps nothing but succeeds: enough for the archiver to count archived segments.
        await client.query(`ALTER SYSTEM SET archive_command = 'true'`);
      } else {
        await client.query('ALTER SYSTEM RESET archive_mode');
        await client.query('ALTER SYSTEM RESET archive_command');
      }
    });
    stopConsoleDatabase();
    startConsoleDatabase();
    await waitUntilConsoleRecovers();
  }

  test.afterAll(async () => setArchiving(false));

  test('the WAL archiving card shows archive_mode on, the command set, and the counts pg_stat_archiver has', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await setArchiving(true);
    await withDb(async (client) => {
      await client.query(`CREATE TABLE IF NOT EXISTS e2e_wal (n int)`);
      await client.query(`INSERT INTO e2e_wal SELECT generate_series(1, 1000)`);
      await client.query('SELECT pg_switch_wal()');
      await client.query('DROP TABLE e2e_wal');
    });
    const archived = async () =>
      withDb(async (client) =>
        Number((await client.query('SELECT archived_count FROM pg_stat_archiver')).rows[0].archived_count),
      );
    await expect.poll(archived, { timeout: 30_000 }).toBeGreaterThan(0);

    await signIn(page, E2E.admin);
    await page.goto('/backups');
    const card = page.getByTestId('wal-archiving');
    await expect(card).toContainText('archive_mode');
    await expect(card.locator('dd').first()).toHaveText('on');
    await expect(card).toContainText(`${formatCount(await archived())} WAL files`);
    await expect(card).not.toContainText('WAL is not archived');
  });
});
