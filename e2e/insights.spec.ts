/**
 * Issue 15, insights at production scale: every table's insights page, with a million more rows in each of the six
 * tables (seeded once, removed afterwards), waits for its rollups to be current, then shows no failed or timed-out
 * section, and its range total equals what SQL counts, for the default range, a preset, a from–to range and a
 * malformed range (shown as an error, the page answering on the default range). The server's answer time is printed,
 * not asserted: on a busy two-core machine a timed assertion measures the machine.
 * One test per page, from the table registry, so a slow page never starves the others of time.
 */
import { expect, test, type Page, type Response } from '@playwright/test';
import { TABLE_NAMES, type TableName } from '../lib/tables/registry';
import { signIn } from './support/auth';
import { deleteBulkRows, insertBulkRows } from './support/bulk-rows';
import { ensureUser, withDb } from './support/db';
import { E2E } from './support/settings';

const BULK_ROWS = 1_000_000;
/** Every state the page names (waiting: before the rollups' first cycle, components/insights/rollup-status.tsx). */
const STATES = ['waiting', 'building', 'current', 'stopped', 'failing', 'stale', 'live'];
/** Rollups up to date, or a page that reads its table directly (it has none). */
const READY = /^(current|live)$/;

/** The tables whose insights show a range total, and the column whose day places a row in the range. */
const RANGE_TOTAL_COLUMNS: Partial<Record<TableName, string>> = {
  content_audit: '"timestamp"',
  content_metrics: 'created_at',
  ab_test_results: '"timestamp"',
};

/** The days SQL counts over: the last N days (today included), or from–to as given. */
type Days = { last: number } | { from: string; to: string };

test.beforeAll(async () => {
  // Six million rows on a busy machine, while the console's rollups read them.
  test.setTimeout(600_000);
  await ensureUser(E2E.viewer, 'viewer');
  await withDb(async (client) => {
    // A failed test restarts the worker, which seeds again: first remove what the last one left.
    await deleteBulkRows(client);
    const startedAt = performance.now();
    const seconds = await insertBulkRows(client, BULK_ROWS);
    const perTable = Object.entries(seconds).map(([table, s]) => `${table} ${s.toFixed(1)} s`);
    console.log(
      `Seeded ${BULK_ROWS.toLocaleString('en')} rows into each of the six tables in ` +
        `${((performance.now() - startedAt) / 1000).toFixed(1)} s (${perTable.join(', ')}).`,
    );
  });
});

test.afterAll(async () => {
  test.setTimeout(300_000);
  await withDb(deleteBulkRows);
});

/** Opens a page; it must answer 200. */
async function open(page: Page, url: string): Promise<Response> {
  const response = await page.goto(url);
  expect(response, url).not.toBeNull();
  expect(response!.status(), url).toBe(200);
  return response!;
}

/** Prints how long the server took to answer a page: its first byte, and the whole (streamed) document. */
async function printServerTime(url: string, response: Response): Promise<void> {
  await response.finished();
  const timing = response.request().timing();
  console.log(
    `${url}: first byte ${(timing.responseStart - timing.requestStart).toFixed(0)} ms, ` +
      `whole page ${(timing.responseEnd - timing.requestStart).toFixed(0)} ms`,
  );
}

/** No section failed or timed out (case matters: scheduled items' own errors may start with "Timed out"). */
async function expectNoFailedSection(page: Page, url: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await expect(page.locator('[data-testid^="section-"] [role="alert"]'), url).toHaveCount(0);
  await expect(page.getByRole('main'), url).not.toContainText('timed out');
}

/**
 * The days as the database's calendar names them (its current_date is the watched server's local date) and, where
 * the page shows a range total, how many of the table's rows fall on them — at one moment, in one statement.
 */
async function countInRange(table: TableName, days: Days): Promise<{ from: string; to: string; count: number | null }> {
  const column = RANGE_TOTAL_COLUMNS[table];
  const [first, last] = 'last' in days ? [`current_date - ${days.last - 1}`, 'current_date'] : ['$1::date', '$2::date'];
  const count = column
    ? `(SELECT count(*) FROM ${table} WHERE ${column} >= ${first} AND ${column} < ${last} + 1)`
    : 'NULL';
  const { rows } = await withDb((client) =>
    client.query<{ n: string | null; from: string; to: string }>(
      `SELECT ${count} AS n, to_char(${first}, 'YYYY-MM-DD') AS from, to_char(${last}, 'YYYY-MM-DD') AS to`,
      'last' in days ? [] : [days.from, days.to],
    ),
  );
  return { from: rows[0].from, to: rows[0].to, count: rows[0].n === null ? null : Number(rows[0].n) };
}

/** The picker shows the days SQL counted over, and the range total (where the page has one) equals SQL's count. */
async function expectRange(page: Page, table: TableName, url: string, days: Days, current: string | null) {
  const picker = page.getByTestId('insights-range');
  const expected = await countInRange(table, days);
  await expect(picker.getByLabel('From'), url).toHaveValue(expected.from);
  await expect(picker.getByLabel('To'), url).toHaveValue(expected.to);
  if (current) {
    await expect(picker.getByRole('link', { name: current, exact: true }), url).toHaveAttribute('aria-current', 'page');
  } else {
    await expect(picker.locator('a[aria-current]'), url).toHaveCount(0);
    await expect(picker, url).toContainText(`${expected.from} to ${expected.to}`);
  }
  if (expected.count !== null)
    await expect(page.getByTestId('range-total'), url).toHaveAttribute('data-value', String(expected.count));
}

for (const table of TABLE_NAMES) {
  test(`${table} insights on a million more rows: rollups current, nothing timed out, totals equal SQL`, async ({
    page,
  }) => {
    // Up to 200 s for the rollups to catch up, then four page loads and their counts over a million rows.
    test.setTimeout(300_000);
    await signIn(page, E2E.viewer);
    const path = `/tables/${table}/insights`;

    // 1. The rollups have caught up with the seeded rows: every row was written in the past, so they are found by the
    // rotation that re-counts closed days (lib/tables/insights/rollups/run-insights-cycle.ts), not by the watermark. Reload
    // until the state is ready and the range total equals SQL's count of the moment.
    const status = page.getByTestId('insights-status');
    let response: Response | undefined;
    await expect(async () => {
      response = await open(page, path);
      const state = await status.getAttribute('data-state', { timeout: 5_000 });
      expect(STATES, `${path}: data-state`).toContain(state);
      expect(state, `${path}: the rollups are ${state}`).toMatch(READY);
      const { count } = await countInRange(table, { last: 30 });
      if (count !== null)
        expect(await page.getByTestId('range-total').getAttribute('data-value', { timeout: 5_000 })).toBe(
          String(count),
        );
    }).toPass({ timeout: 200_000, intervals: [3_000] });
    await expect(status).toHaveAttribute('data-state', READY);
    // 5 (for each page load below too). The load that found the rollups current.
    await printServerTime(path, response!);

    // 2 and 3. Nothing failed; the default range is the last 30 days.
    await expectNoFailedSection(page, path);
    if ((await status.getAttribute('data-state')) === 'live') {
      // user_segments has no time column to roll up: its page is a bounded live read, without a range.
      await expect(page.getByTestId('insights-range')).toHaveCount(0);
      return;
    }
    await expectRange(page, table, path, { last: 30 }, '30 days');

    // 4. A preset, and a from–to range from 30 days ago to today, as the database's calendar has them.
    const week = `${path}?range=7d`;
    await printServerTime(week, await open(page, week));
    await expectNoFailedSection(page, week);
    await expectRange(page, table, week, { last: 7 }, '7 days');

    const { from, to } = await countInRange(table, { last: 31 });
    const custom = `${path}?from=${from}&to=${to}`;
    await printServerTime(custom, await open(page, custom));
    await expectNoFailedSection(page, custom);
    await expectRange(page, table, custom, { from, to }, null);

    // A malformed range is named in the picker's alert; the page still answers, on the default range.
    const malformed = `${path}?range=5d`;
    await printServerTime(malformed, await open(page, malformed));
    await expectNoFailedSection(page, malformed);
    await expect(page.getByTestId('insights-range').getByRole('alert')).toContainText('5d');
    await expectRange(page, table, malformed, { last: 30 }, '30 days');
  });
}

test('an operator stops a table’s insights and resumes them; a viewer has no such control', async ({ page }) => {
  await ensureUser(E2E.operator, 'operator');
  await signIn(page, E2E.operator);
  const path = '/tables/content_audit/insights';
  const status = page.getByTestId('insights-status');
  await open(page, path);
  page.once('dialog', (dialog) => dialog.accept());
  await status.getByRole('button', { name: 'Stop insights' }).click();
  await expect(status).toHaveAttribute('data-state', 'stopped');
  await expect(status).toContainText(`Insights stopped by ${E2E.operator.email}`);
  page.once('dialog', (dialog) => dialog.accept());
  await status.getByRole('button', { name: 'Resume insights' }).click();
  await expect(status).not.toHaveAttribute('data-state', 'stopped');
  const audit = await withDb((client) =>
    client.query<{ action: string }>(
      `SELECT action FROM console.audit_event WHERE target = 'insights:content_audit' AND actor_email = $1 ORDER BY id`,
      [E2E.operator.email],
    ),
  );
  expect(audit.rows.map((row) => row.action)).toEqual(['insights.stop', 'insights.resume']);

  await page.context().clearCookies();
  await signIn(page, E2E.viewer);
  await open(page, path);
  await expect(status).toBeVisible();
  await expect(status.getByRole('button')).toHaveCount(0);
});
