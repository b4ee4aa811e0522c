/**
 * A DBA browses the application tables: filter, sort, open a row, export CSV; an operator retries a failed
 * scheduled item; a viewer has no write controls and a forged write is refused.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { forgeActionCall } from './support/forge';
import { listServerActions } from './support/routes';
import { E2E } from './support/settings';

test('browse, filter, sort, open a row and export the view as CSV', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.getByRole('link', { name: 'content_metrics', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'content_metrics' })).toBeVisible();

  // Filter: channel equals email.
  const filters = page.getByRole('form', { name: 'Add a filter' });
  await filters.getByLabel('Column').selectOption('channel');
  await filters.getByLabel('Condition').selectOption('eq');
  await filters.getByLabel('Value').fill('email');
  await filters.getByRole('button', { name: 'Add filter' }).click();
  await expect(page).toHaveURL(/f=channel%3Aeq%3Aemail/);
  const emailCount = await withDb(async (c) =>
    Number((await c.query(`SELECT count(*) AS n FROM content_metrics WHERE channel = 'email'`)).rows[0].n),
  );
  await expect(page.getByTestId('row-count')).toHaveText(`${emailCount.toLocaleString('en')} rows`);

  // Sort by ai_tokens_used ascending (no index: the page says so).
  await page.getByRole('link', { name: 'ai_tokens_used' }).click();
  await expect(page.getByTestId('sort-hint')).toContainText('no index on this column');
  const expectedFirst = await withDb(
    async (c) =>
      (
        await c.query(
          `SELECT id FROM content_metrics WHERE channel = 'email' ORDER BY ai_tokens_used ASC NULLS LAST, id ASC LIMIT 1`,
        )
      ).rows[0].id,
  );
  const firstRow = page.getByTestId('browser-rows').locator('tbody tr').first();
  await expect(firstRow).toHaveAttribute('data-key', String(expectedFirst));

  // Next page and back again land on the same first row.
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/after=/);
  await page.getByRole('link', { name: 'Previous' }).click();
  await expect(page.getByTestId('browser-rows').locator('tbody tr').first()).toHaveAttribute(
    'data-key',
    String(expectedFirst),
  );

  // The row drawer shows every column, JSON pretty-printed.
  await page.getByRole('button', { name: `Open row ${expectedFirst}`, exact: true }).click();
  const drawer = page.getByTestId('row-drawer');
  await expect(drawer).toContainText('generation_time_ms');
  await expect(drawer).toContainText('email');
  await page.getByRole('button', { name: 'Close' }).click();

  // CSV export of the filtered, sorted view.
  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Export CSV' }).click();
  const download = await downloadPromise;
  const csv = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\r\n');
  expect(csv[0]).toBe('id,content_id,channel,generation_time_ms,ai_tokens_used,quality_score,created_at,metadata');
  expect(csv).toHaveLength(emailCount + 1);
  expect(csv[1].split(',')[0]).toBe(String(expectedFirst));
  expect(csv.slice(1).every((line) => line.split(',')[2] === 'email')).toBe(true);
});

test('a malformed view gets a message that says what is wrong, never an error page', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/tables/content_audit?f=id:eq:1%27%3B%20DROP%20TABLE%20x&size=7');
  await expect(page.getByTestId('view-error')).toContainText('The page size must be 50, 100, 500');
  await page.goto('/tables/content_audit?sort=password');
  await expect(page.getByTestId('view-error')).toContainText('content_audit has no column "password" to sort by.');
  const response = await page.request.get('/api/tables/content_audit/export?f=timestamp:gte:yesterday');
  expect(response.status()).toBe(400);
  expect((await response.json()).error).toMatchObject({
    code: 'invalid_input',
    message: expect.stringContaining('must be a date and time'),
  });
  expect((await page.goto('/tables/no_such_table'))?.status()).toBe(404);
});

/**
 * Insights are cached for a few seconds (LIVE_REPORT_CACHE_SECONDS): reload until the row inserted by the test shows.
 * Its item fell due a second ago, so it is the newest of the due items the failed list searches.
 */
async function showsFreshRow(page: Page, row: Locator) {
  await expect(async () => {
    await page.goto('/tables/scheduled_content/insights');
    await expect(row).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
}

test('an operator retries a failed scheduled item; it is pending again and audited', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  const id = await withDb(
    async (c) =>
      (
        await c.query(
          `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, retry_count, error_message) VALUES ('e2e-retry-' || gen_random_uuid(), 'email', localtimestamp - interval '1 second', 'failed', 1, 'SMTP 421 e2e') RETURNING id`,
        )
      ).rows[0].id as number,
  );
  await signIn(page, E2E.operator);
  const row = page.getByTestId('failed-items').locator(`tr[data-id="${id}"]`);
  await showsFreshRow(page, row);
  await expect(row).toContainText('SMTP 421 e2e');
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Retry' }).click();
  await expect(row).toHaveCount(0);
  expect(
    await withDb(
      async (c) => (await c.query('SELECT status, retry_count FROM scheduled_content WHERE id = $1', [id])).rows[0],
    ),
  ).toEqual({ status: 'pending', retry_count: 2 });
  const audit = await withDb(
    async (c) =>
      (
        await c.query(`SELECT actor_email, before, after FROM console.audit_event WHERE target = $1`, [
          `scheduled_content:${id}`,
        ])
      ).rows,
  );
  expect(audit).toEqual([
    {
      actor_email: E2E.operator.email,
      before: { status: 'failed', retry_count: 1 },
      after: { status: 'pending', retry_count: 2 },
    },
  ]);
});

test('a viewer sees no write controls, and a forged retry is refused', async ({ page }) => {
  await ensureUser(E2E.viewer, 'viewer');
  const id = await withDb(
    async (c) =>
      (
        await c.query(
          `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, error_message) VALUES ('e2e-viewer-' || gen_random_uuid(), 'web', localtimestamp - interval '1 second', 'failed', 'viewer probe') RETURNING id`,
        )
      ).rows[0].id as number,
  );
  await signIn(page, E2E.viewer);
  await showsFreshRow(page, page.getByTestId('failed-items').locator(`tr[data-id="${id}"]`));
  await expect(page.getByRole('button', { name: /Retry|Cancel/ })).toHaveCount(0);
  await page.goto('/tables/user_segments/insights');
  await expect(page.getByRole('button', { name: /Activate|Deactivate/ })).toHaveCount(0);

  const action = listServerActions().find((a) => a.name === 'changeScheduledItem')!;
  expect(await forgeActionCall(page.request, action.id, action.pagePath, [{ id, change: 'retry' }])).toContain(
    '"code":"forbidden"',
  );
  expect(
    await withDb(
      async (c) => (await c.query('SELECT status FROM scheduled_content WHERE id = $1', [id])).rows[0].status,
    ),
  ).toBe('failed');
});
