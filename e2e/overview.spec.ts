import { expect, test } from '@playwright/test';
import { formatBytes, formatCount } from '../lib/format';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

test('an admin signs in, sees figures that match SQL, and signs out', async ({ page }) => {
  await signIn(page, E2E.admin);

  // Database size: the figure on screen equals pg_database_size (the sampler runs every 2 s here).
  await expect
    .poll(
      async () => {
        const size = await withDb(async (c) =>
          Number((await c.query('SELECT pg_database_size(current_database()) AS s')).rows[0].s),
        );
        return (await page.getByTestId('stat-database-size').textContent()) === formatBytes(size);
      },
      { timeout: 20_000 },
    )
    .toBe(true);

  // Connections to the database: equal to the guide's count, minus this check's own connection, which the
  // console could not see when it counted.
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh now' }).click();
        await expect(page.getByRole('button', { name: 'Refresh now' })).toBeEnabled();
        const shown = await page.getByTestId('stat-connections-total').textContent();
        const counted = await withDb(async (c) =>
          Number(
            (
              await c.query(
                `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name <> 'e2e-check'`,
              )
            ).rows[0].n,
          ),
        );
        return shown === formatCount(counted);
      },
      { timeout: 30_000 },
    )
    .toBe(true);

  await expect(page.getByTestId('stat-cache-hit-ratio')).toHaveText(/%$/);
  await expect(page.getByTestId('stat-server-version')).toContainText('PostgreSQL 15.');

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});

test('a wrong password is refused with a clear message', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(E2E.admin.email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.locator('#login-error')).toHaveText('Wrong e-mail or password.');
});

test('the newest content_audit rows are listed', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.getByRole('link', { name: 'content_audit' }).click();
  const newestId = await withDb(
    async (c) =>
      (await c.query('SELECT id FROM content_audit ORDER BY "timestamp" DESC, id DESC LIMIT 1')).rows[0].id as number,
  );
  await expect(page.getByTestId('browser-rows').locator('tbody tr')).toHaveCount(50);
  await expect(page.getByTestId('browser-rows').locator('tbody tr').first()).toHaveAttribute(
    'data-key',
    String(newestId),
  );
});

test('a signed-in viewer reads the glance as JSON from /api/overview', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  await signIn(page, E2E.viewer);
  const response = await page.request.get('/api/overview');
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toMatchObject({ reachable: true, sample: { database: { name: 'halcytone_prod' } } });
  expect(body.tiles.map((tile: { id: string }) => tile.id)).toEqual(
    expect.arrayContaining([
      'database',
      'connections',
      'slow-queries',
      'long-running',
      'cache-hit',
      'blocked',
      'last-sample',
    ]),
  );
});
