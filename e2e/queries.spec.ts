/**
 * The workload history on Queries: a statement run against the demo database appears in the window's ranking with
 * the calls it made, its own page shows its text and charts, the window picker and a range dragged on the chart
 * change the window in the URL, a window with a collection gap and evictions says so, and a malformed range is
 * explained.
 */
import { expect, test, type Page } from '@playwright/test';
import { createPartitionStatement } from '../lib/workload/partition-names';
import { signIn } from './support/auth';
import { dragAcrossChart } from './support/drag';
import { withDb } from './support/db';
import { E2E } from './support/settings';

const MARKER = 'e2e_history_probe';

/** Runs the marked statement `times` times; returns its queryid as pg_stat_statements has it. */
async function runMarked(times: number): Promise<string> {
  return withDb(async (client) => {
    await client.query(`CREATE TABLE IF NOT EXISTS ${MARKER} (id int PRIMARY KEY)`);
    // Slow enough (20 ms a call) to rank among the window's first statements by mean time, whatever else ran.
    for (let i = 0; i < times; i++)
      await client.query(`SELECT pg_sleep(0.02), count(*) FROM ${MARKER} WHERE id = $1`, [i]);
    const { rows } = await client.query<{ queryid: string }>(
      `SELECT queryid::text FROM pg_stat_statements WHERE query LIKE $1 LIMIT 1`,
      [`%pg_sleep%FROM ${MARKER} WHERE id = $1%`],
    );
    return rows[0].queryid;
  });
}

/**
 * The window ranking's row of the statement once the collector has stored the intervals holding all `calls` (a read
 * may land while the calls are being made, so they can arrive in two intervals).
 */
async function windowRow(page: Page, queryId: string, calls: number, since: Date) {
  const row = page.locator(`tr[data-queryid="${queryId}"]`);
  // A window from just before the calls: the statements of the rest of a long run cannot crowd the probe off the
  // first page.
  const window = `from=${since.toISOString()}&to=${new Date(since.getTime() + 10 * 60_000).toISOString()}`;
  await expect(async () => {
    await page.goto(`/queries?${window}&order=mean`);
    await expect(row.getByRole('cell').nth(2)).toHaveText(String(calls), { timeout: 1_000 });
  }).toPass({ timeout: 45_000 });
  return row;
}

test('a statement run now is ranked in the window with its calls, and its page shows its text and charts', async ({
  page,
}) => {
  const since = new Date(Date.now() - 60_000);
  const queryId = await runMarked(25);
  await signIn(page, E2E.admin);
  // All 25 calls, and no more, in the window's count.
  const row = await windowRow(page, queryId, 25, since);
  await expect(row.getByRole('img', { name: /Execution time of/ })).toBeVisible();
  await expect(page.getByTestId('time-share-chart').locator('svg').first()).toBeVisible();

  await row.getByRole('link', { name: `History of statement ${queryId}` }).click();
  await expect(page).toHaveURL(new RegExp(`/queries/${queryId}\\?from=`));
  await expect(page.getByRole('heading', { name: `Statement ${queryId}` })).toBeVisible();
  await expect(page.getByTestId('section-statement-detail')).toContainText(`count(*) FROM ${MARKER} WHERE id = $1`);
  await expect(page.getByTestId('section-statement-detail')).toContainText('First seen');
  await expect(page.getByTestId('statement-chart-calls').locator('svg').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Mean execution time (ms)' })).toBeVisible();
});

test('the window picker and a range dragged on the chart change the window in the URL', async ({ page }) => {
  await runMarked(3);
  await signIn(page, E2E.admin);
  await page.goto('/queries?range=15m');
  const picker = page.getByRole('navigation', { name: 'Time window' });
  await picker.getByRole('link', { name: '6 h' }).click();
  await expect(page).toHaveURL(/range=6h/);
  await expect(picker.getByRole('link', { name: '6 h' })).toHaveAttribute('aria-current', 'page');

  await page.goto('/queries?range=15m');
  const chart = page.getByTestId('time-share-chart');
  await expect(async () => {
    await page.goto('/queries?range=15m');
    await expect(chart.locator('svg').first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await dragAcrossChart(page, chart, 0.3, 0.9);
  await expect(page).toHaveURL(/from=.*&to=/);
  await expect(page.getByTestId('dragged-window')).toBeVisible();
});

/**
 * Stores an hour of the primary's statement history ten days back (before the demo's three days, inside the 14 kept):
 * one interval a minute with a statement in each, except 03:20–03:39 (the collector stopped; its first interval back
 * ends at 03:40), and 37 entries evicted in the interval ending at 03:50. Returns the hour and the statement.
 */
async function seedGapAndEvictions(): Promise<{ from: Date; to: Date; queryId: string }> {
  const day = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 - 10 * 86_400_000);
  const from = new Date(day.getTime() + 3 * 3_600_000);
  const queryId = '-7700000000000000016';
  await withDb(async (client) => {
    await client.query(createPartitionStatement('statement_minute', from));
    const minutes = `FROM generate_series(1, 60) AS m WHERE m <= 20 OR m >= 40`;
    await client.query(
      `INSERT INTO console.statement_interval (target, sampled_at, seconds, entries, evicted, restarted)
       SELECT 'primary', $1::timestamptz + m * interval '1 minute', 60, 5000, CASE WHEN m = 50 THEN 37 ELSE 0 END, 0
       ${minutes}
       ON CONFLICT DO NOTHING`,
      [from],
    );
    await client.query(`DELETE FROM console.statement_minute WHERE target = 'primary' AND queryid = $1::bigint`, [
      queryId,
    ]);
    await client.query(
      `INSERT INTO console.statement_minute (target, sampled_at, queryid, userid, dbid, toplevel, calls, total_ms, rows,
         shared_blks_hit, shared_blks_read, shared_blks_dirtied, shared_blks_written, temp_blks_read, temp_blks_written,
         blk_io_ms, wal_bytes)
       SELECT 'primary', $1::timestamptz + m * interval '1 minute', $2::bigint, 10, 1, true, 5, 12.5, 5, 5, 0, 0, 0, 0, 0, 0, 0
       ${minutes}`,
      [from, queryId],
    );
    await client.query(
      `INSERT INTO console.statement_text (target, queryid, query, first_seen)
       VALUES ('primary', $1::bigint, 'SELECT * FROM e2e_coverage_probe WHERE id = $1', $2)
       ON CONFLICT DO NOTHING`,
      [queryId, from],
    );
  });
  return { from, to: new Date(from.getTime() + 3_600_000), queryId };
}

test('a window with a collection gap and evictions says so above its charts, and the charts mark them', async ({
  page,
}) => {
  const { from, to, queryId } = await seedGapAndEvictions();
  const day = from.toISOString().slice(0, 10);
  const window = `from=${from.toISOString()}&to=${to.toISOString()}`;
  await signIn(page, E2E.admin);

  await page.goto(`/queries/${queryId}?${window}`);
  const notice = page.getByRole('note', { name: 'Gaps and evictions in this window' });
  await expect(notice).toContainText('Not collected for 19 min 0 s of this window');
  await expect(notice).toContainText(`${day} 03:20:00 – 03:39:00 UTC`);
  await expect(notice).toContainText('pg_stat_statements evicted 37 entries');
  await expect(notice).toContainText(`${day} 03:49:00 – 03:50:00 UTC: 37 entries evicted`);
  await expect(notice).toContainText('raise pg_stat_statements.max');
  // Each of the five charts shades the gap and outlines the eviction, labelled in words.
  await expect(page.locator('[data-testid^="statement-chart-"] text[data-kind="gap"]')).toHaveCount(5);
  await expect(page.locator('[data-testid^="statement-chart-"] text[data-kind="partial"]')).toHaveCount(5);

  await page.goto(`/queries?${window}`);
  const section = page.getByTestId('section-time-share');
  await expect(section.getByRole('note', { name: 'Gaps and evictions in this window' })).toContainText(
    `${day} 03:20:00 – 03:39:00 UTC`,
  );
  await expect(section.getByTestId('time-share-chart').locator('text[data-kind="gap"]')).toHaveCount(1);
  await expect(
    page.locator(`tr[data-queryid="${queryId}"]`).getByRole('img', { name: /not collected in part of it/ }),
  ).toBeVisible();
});

test('a malformed range says what is wrong and shows the preset', async ({ page }) => {
  await signIn(page, E2E.admin);
  await page.goto('/queries?from=yesterday&to=now');
  // (Next.js's route announcer is an alert too.)
  await expect(page.getByRole('alert').filter({ hasText: 'ISO 8601' })).toBeVisible();
  await page.goto('/queries/not-a-number');
  await expect(page.getByRole('alert').filter({ hasText: 'is not a queryid' })).toBeVisible();
});
