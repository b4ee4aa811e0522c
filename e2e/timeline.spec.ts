/**
 * What changed around it, as an on-call engineer reads it: a DBA changes work_mem on the console's database
 * (ALTER SYSTEM and a reload); within a few checks the History page's Timeline for the last 15 minutes lists it
 * old → new with a link to the Settings pages, and the History charts mark it with a vertical line labelled
 * "setting". The change task compares settings every 3 × STATEMENT_SAMPLE_SECONDS (9 s in this run).
 */
import { expect, test, type Page } from '@playwright/test';
import { signIn } from './support/auth';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

/** The page is rendered on the server from what the collector stored: reload until `check` passes. */
async function reloadUntil(page: Page, check: () => Promise<void>, timeout: number): Promise<void> {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [1_000, 2_000] });
}

const reload = (c: { query: (text: string) => Promise<unknown> }) => c.query('SELECT pg_reload_conf()');

test.afterAll(() =>
  withDb(async (c) => {
    await c.query('ALTER SYSTEM RESET work_mem');
    await reload(c);
  }),
);

test('a setting changed on the server is listed on the Timeline and marked on the charts', async ({ page }) => {
  test.setTimeout(120_000);
  await ensureUser(E2E.viewer, 'viewer');
  // The task's first visit only records what it sees: wait for it, so the change comes after the baseline.
  await expect(async () => {
    const { rows } = await withDb((c) => c.query(`SELECT 1 FROM console.change_baseline WHERE target = 'primary'`));
    expect(rows.length).toBe(1);
  }).toPass({ timeout: 60_000 });
  const before: string = await withDb(
    async (c) => (await c.query(`SELECT setting FROM pg_settings WHERE name = 'work_mem'`)).rows[0].setting,
  );
  // A value that differs from whatever the database has now: 12MB, or 13MB if it already is 12MB.
  const megabytes = Number(before) === 12 * 1024 ? 13 : 12;
  await withDb(async (c) => {
    await c.query(`ALTER SYSTEM SET work_mem = '${megabytes}MB'`);
    await reload(c);
  });

  await signIn(page, E2E.viewer);
  await page.goto('/history?range=15m');
  const timeline = page.getByTestId('timeline');
  const entry = timeline.locator('li[data-kind="setting"]').filter({ hasText: `→ ${megabytes}MB` });
  await reloadUntil(page, () => expect(entry).toBeVisible({ timeout: 1_000 }), 60_000);
  await expect(entry).toContainText(/work_mem: \S+ → \d+MB/);
  await expect(entry.getByRole('link', { name: 'Settings' })).toHaveAttribute('href', '/settings/tuning');
  await expect(page.getByRole('heading', { name: 'Timeline' })).toBeVisible();

  // The charts mark it: a vertical line per entry, labelled with its kind; the summary is the label's title.
  const chart = page.getByTestId('chart-connections');
  await expect(chart.locator('.change-marker').first()).toBeAttached();
  const label = chart.locator('text[data-kind="setting"]').first();
  await expect(label).toHaveText(/setting/);
  await expect(chart.locator('text[data-kind="setting"] title', { hasText: `→ ${megabytes}MB` })).toHaveCount(1);
});
